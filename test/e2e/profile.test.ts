import { queryOnce } from '../../src/db/database';
import { daysAgo, TestCity } from '../support/city';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub({ DEMO_MERCHANTS: '60' });
  admin = await hub.token({ roles: ['admin'] });
});
afterAll(() => hub?.stop());

const PROFILE = /* GraphQL */ `
  query Profile($uscc: CreditCode!) {
    merchant(uscc: $uscc) {
      uscc
      name
      kind
      trade
      district
      street
      address
      qrToken
      operator {
        name
        idNumber
        phone
      }
      marketEvents {
        id
        code
        department
        occurredAt
        status
        summary
        evidenceUrl
        sourceRecordId
      }
      urbanEvents {
        id
        code
        department
        occurredAt
        status
      }
      approvalEvents {
        id
        code
        department
        occurredAt
        status
      }
      financeEvents {
        id
        code
        department
        occurredAt
        status
      }
      penalties {
        decisionNumber
        severity
      }
      inspections {
        kind
        result
      }
      conductRecords {
        behaviour
      }
      permits {
        matter
      }
      commitments {
        matter
        status
      }
      taxpayerRatings {
        year
        rating
      }
      loans {
        status
      }
    }
  }
`;

async function someMerchants(first = 60): Promise<string[]> {
  const r = await hub.query(`{ merchantsPage(first: ${first}) { nodes { uscc } } }`);
  return r.data!.merchantsPage.nodes.map((n: { uscc: string }) => n.uscc);
}

describe('the unified merchant profile through the gateway', () => {
  it('returns a demo merchant with its directory data and the events of all four departments in one query', async () => {
    const usccs = await someMerchants();
    const profiles = await Promise.all(usccs.map((uscc) => hub.query(PROFILE, { uscc }, admin)));
    for (const p of profiles) expect(p.errors).toBeUndefined();
    const merchants = profiles.map((p) => p.data!.merchant);
    expect(merchants[0].name).toBeTruthy();
    expect(merchants[0].operator.idNumber).toMatch(/^\d{17}[\dX]$/);
    // across the demo city every department has something to say
    for (const list of ['marketEvents', 'urbanEvents', 'approvalEvents', 'financeEvents']) {
      expect(merchants.some((m) => m[list].length > 0)).toBe(true);
    }
    const events = merchants.flatMap((m) => [...m.marketEvents, ...m.urbanEvents, ...m.approvalEvents, ...m.financeEvents]);
    expect(new Set(events.map((e) => e.department))).toEqual(new Set(['MARKET', 'URBAN', 'APPROVAL', 'FINANCE']));
    const withMarket = merchants.find((m) => m.marketEvents.length > 0)!;
    expect(withMarket.marketEvents[0]).toEqual(
      expect.objectContaining({ department: 'MARKET', status: expect.stringMatching(/ACTIVE|ENDED/), code: expect.stringMatching(/^MKT-/) }),
    );
  });

  it('answers null for a valid credit code nobody registered', async () => {
    const r = await hub.query(PROFILE, { uscc: '91110000600037341L' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.merchant).toBeNull();
  });

  it('refuses a credit code that fails its check character, saying so', async () => {
    const r = await hub.query(PROFILE, { uscc: '91110000600037341X' });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(/check character/);
  });

  it('refuses an invalid credit code written into the query itself', async () => {
    const r = await hub.query('{ merchant(uscc: "91110000600037341X") { name } }');
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });

  it('returns merchants(usccs:) in the order asked, null for unknown codes', async () => {
    const [a, b] = await someMerchants(2);
    const r = await hub.query('query($u: [CreditCode!]!) { merchants(usccs: $u) { uscc } }', { u: [b, '91110000600037341L', a] });
    expect(r.data!.merchants).toEqual([{ uscc: b }, null, { uscc: a }]);
  });

  it('refuses more than 1,000 codes in one batch', async () => {
    const [a] = await someMerchants(1);
    const r = await hub.query('query($u: [CreditCode!]!) { merchants(usccs: $u) { uscc } }', { u: Array(1001).fill(a) });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(/at most 1000/);
  });

  it('pages through the directory with cursors, every merchant once, and counts them', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const r: GraphQLResult = await hub.query(
        'query($after: String) { merchantsPage(first: 25, after: $after) { nodes { uscc } pageInfo { endCursor hasNextPage } totalCount } }',
        { after },
      );
      const page = r.data!.merchantsPage;
      seen.push(...page.nodes.map((n: { uscc: string }) => n.uscc));
      total = page.totalCount;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBe(60);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters the directory by district and trade', async () => {
    const first = (await hub.query('{ merchantsPage(first: 1) { nodes { district trade } } }')).data!.merchantsPage.nodes[0];
    const r = await hub.query('query($f: MerchantFilter) { merchantsPage(first: 100, filter: $f) { nodes { district trade } totalCount } }', {
      f: { district: first.district, trade: first.trade },
    });
    const page = r.data!.merchantsPage;
    expect(page.nodes).toContainEqual(first);
    expect(page.totalCount).toBe(page.nodes.length);
    for (const n of page.nodes) expect(n).toEqual(first);
  });

  it('refuses a cursor it never gave out and a page size out of range', async () => {
    expect(codes(await hub.query('{ merchantsPage(after: "not-a-cursor!") { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query('query($n: Int) { merchantsPage(first: $n) { totalCount } }', { n: 5000 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lists the catalogue, all of it or one department', async () => {
    const all = await hub.query('{ catalogue { code department kind severity listEffect legalBasis } }');
    const urban = await hub.query('{ catalogue(department: URBAN) { code department } }');
    expect(all.data!.catalogue.length).toBeGreaterThan(60);
    expect(urban.data!.catalogue.length).toBeGreaterThan(0);
    expect(urban.data!.catalogue.every((e: { department: string }) => e.department === 'URBAN')).toBe(true);
    expect(all.data!.catalogue.find((e: { code: string }) => e.code === 'FIN-JUD-DEBTOR').listEffect).toBe('BLACK');
  });
});

describe("the directory filtered by the latest evaluation's grade and lists", () => {
  const city = () => new TestCity(hub);
  const PAGE = /* GraphQL */ `
    query Filtered($f: MerchantFilter, $after: String) {
      merchantsPage(first: 4, after: $after, filter: $f) {
        totalCount
        nodes {
          uscc
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  `;
  let actors: TestCity;
  let black: string[];
  let red: string[];
  /** each merchant's grade and lists as the credit office judges them on the date the latest cycle was judged */
  let judged: Map<string, { grade: string; lists: string[] }>;
  let before: GraphQLResult[];
  let officer: string;

  /** Every page of a filtered search, four merchants a page: the codes in order, and the total each page said. */
  async function pages(f: Record<string, unknown>, token?: string): Promise<{ usccs: string[]; totals: number[] }> {
    const usccs: string[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    for (;;) {
      const r: GraphQLResult = await hub.query(PAGE, { f, after }, token);
      expect(r.errors).toBeUndefined();
      const page = r.data!.merchantsPage;
      usccs.push(...page.nodes.map((n: { uscc: string }) => n.uscc));
      totals.push(page.totalCount);
      if (!page.pageInfo.hasNextPage) return { usccs, totals };
      after = page.pageInfo.endCursor;
    }
  }

  const expected = (match: (j: { grade: string; lists: string[] }) => boolean) =>
    [...judged]
      .filter(([, j]) => match(j))
      .map(([u]) => u)
      .sort();

  beforeAll(async () => {
    actors = city();
    officer = await actors.officer('market');
    // three shops put on the black list and three on the red list this year (so not yet in the 2025 cycle)
    black = [await actors.shop('东港黑名单甲'), await actors.shop('东港黑名单乙'), await actors.shop('东港黑名单丙')];
    red = [await actors.shop('东港红名单甲'), await actors.shop('东港红名单乙'), await actors.shop('东港红名单丙')];
    for (const u of black) await actors.record(u, 'FIN-JUD-DEBTOR', daysAgo(20));
    for (const u of red) await actors.record(u, 'APR-HON-MODEL', daysAgo(20));
    // before any evaluation has finished
    before = [await hub.query(PAGE, { f: { grade: 'A' } }), await hub.query(PAGE, { f: { list: 'BLACK' } }, officer)];

    const admin = await actors.admin();
    let evaluatedAt = '';
    for (const cycle of ['2025', '2026']) {
      const r = await hub.query('mutation($c: String!) { runEvaluation(cycle: $c) { evaluatedAt finishedAt } }', { c: cycle }, admin);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      expect(r.data!.runEvaluation.finishedAt).not.toBeNull();
      evaluatedAt = r.data!.runEvaluation.evaluatedAt;
    }
    const all = await hub.query(
      'query($at: DateTime!) { merchantsPage(first: 100) { nodes { uscc credit(at: $at) { grade lists { kind } } } } }',
      { at: evaluatedAt },
      admin,
    );
    expect(all.errors).toBeUndefined();
    judged = new Map(
      all.data!.merchantsPage.nodes.map((n: { uscc: string; credit: { grade: string; lists: { kind: string }[] } }) => [
        n.uscc,
        { grade: n.credit.grade, lists: n.credit.lists.map((l) => l.kind) },
      ]),
    );
  });

  it('matches no merchant by grade or list while no evaluation has finished', () => {
    for (const r of before) {
      expect(r.errors).toBeUndefined();
      expect(r.data!.merchantsPage).toEqual({ totalCount: 0, nodes: [], pageInfo: { endCursor: null, hasNextPage: false } });
    }
  });

  it('pages the merchants of each grade of the latest finished cycle, in credit-code order, counted alike on every page, for the public too', async () => {
    const grades = [...new Set([...judged.values()].map((j) => j.grade))];
    expect(grades.length).toBeGreaterThan(1);
    for (const grade of grades) {
      const want = expected((j) => j.grade === grade);
      const { usccs, totals } = await pages({ grade });
      expect([grade, usccs]).toEqual([grade, want]);
      expect(new Set(totals)).toEqual(new Set([want.length]));
    }
    // the black list forces its grade: the black-listed shops are among the latest cycle's worst, not in 2025's
    const worst = judged.get(black[0]!)!.grade;
    expect((await pages({ grade: worst })).usccs).toEqual(expect.arrayContaining(black));
    const in2025 = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { snapshot(cycle: "2025") { grade lists } } }', { u: black[0] }, officer);
    expect(in2025.data!.merchant.snapshot).toEqual({ grade: expect.not.stringMatching(`^${worst}$`), lists: [] });
    // with a directory filter beside it: both hold
    const { usccs } = await pages({ grade: worst, district: '东港区', nameContains: '黑名单' });
    expect(usccs).toEqual([...black].sort());
    expect(await pages({ grade: 'Z' })).toEqual({ usccs: [], totals: [0] });
  });

  it("pages the merchants on each list in the latest cycle's snapshots, for a department", async () => {
    for (const [list, shops] of [
      ['BLACK', black],
      ['RED', red],
    ] as const) {
      const want = expected((j) => j.lists.includes(list));
      expect(want).toEqual(expect.arrayContaining(shops));
      const { usccs, totals } = await pages({ list }, officer);
      expect([list, usccs]).toEqual([list, want]);
      expect(new Set(totals)).toEqual(new Set([want.length]));
    }
    const both = await pages({ list: 'RED', grade: judged.get(red[0]!)!.grade, nameContains: '红名单' }, officer);
    expect(both.usccs).toEqual([...red].sort());
  });

  it('traces each merchant a list filter finds as a read of its lists', async () => {
    const reader = await hub.token({ roles: ['department_analyst'], department: 'urban', sub: 'list-reader-1' });
    await hub.query(PAGE, { f: { list: 'BLACK', nameContains: '黑名单甲' } }, reader);
    const log = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { accessLog(first: 100) { nodes { subject fields outcome } } } }',
      { u: black[0] },
      await actors.merchant(black[0]!),
    );
    expect(log.errors).toBeUndefined();
    expect(log.data!.merchant.accessLog.nodes.filter((e: { subject: string }) => e.subject === 'list-reader-1')).toEqual([
      { subject: 'list-reader-1', fields: ['CreditSnapshot.lists'], outcome: 'ALLOWED' },
    ]);
  });

  it('refuses a list filter to a reader who may not read lists of every merchant: the public, a merchant, a bank', async () => {
    const readers = [undefined, await actors.merchant(black[0]!), await hub.token({ roles: ['bank_officer'], org: 'RZ-BANK', sub: 'bank-1' })];
    for (const token of readers) {
      const r = await hub.query(PAGE, { f: { list: 'BLACK' } }, token);
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0]!.message).toMatch(/may not filter merchants by list: it reveals CreditSnapshot\.lists/);
      expect(r.data ?? null).toBeNull();
    }
    // the merchant's own lists are its to read, but not the lists of the others a filter would find
    const own = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { snapshot(cycle: "2026") { lists } } }', { u: black[0] }, readers[1]);
    expect(own.data!.merchant.snapshot.lists).toEqual(['BLACK']);
  });

  it('refuses a grade longer than any grade, and grade or list in the statistics, which group by grade', async () => {
    const long = await hub.query(PAGE, { f: { grade: 'A'.repeat(11) } });
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
    expect(long.errors![0]!.message).toBe('filter.grade must be at most 10 characters');
    for (const f of [{ grade: 'A' }, { list: 'RED' }]) {
      const r = await hub.query('query($f: MerchantFilter) { creditStatistics(groupBy: [GRADE], filter: $f) { grade count } }', { f }, officer);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('fills in the lists of snapshots kept before lists were recorded when their cycle is evaluated again', async () => {
    const want = expected((j) => j.lists.includes('BLACK'));
    await queryOnce(hub.databaseUrl, `update credit.snapshot set lists = null where cycle = '2026'`);
    expect((await pages({ list: 'BLACK' }, officer)).usccs).toEqual([]);
    const r = await hub.query('mutation { runEvaluation(cycle: "2026") { finishedAt } }', {}, await actors.admin());
    expect(r.errors).toBeUndefined();
    expect((await pages({ list: 'BLACK' }, officer)).usccs).toEqual(want);
  });
});
