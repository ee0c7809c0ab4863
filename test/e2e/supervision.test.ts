import { createHmac } from 'node:crypto';
import { queryOnce } from '../../src/db/database';
import { daysAgo, TestCity } from '../support/city';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;
let market: string;
let admin: string;
let black: string[];
/** an A-class taxpayer with eight general violations: grade C, on the red list, which C does not honour */
let honourless: string;
/** each merchant's risk class, grade and lists as the credit office judged them on the date the cycle was judged */
let judged: Map<string, { riskClass: string; grade: string; lists: string[]; district: string; trade: string }>;
let beforeEvaluation: GraphQLResult;

const DRAW = /* GraphQL */ `
  mutation Draw($i: InspectionDrawInput!) {
    drawInspections(input: $i) {
      id
      task
      seed
      cycle
      populationAsOf
      populationDigest
      drawnBy
      classes {
        riskClass
        share
        population
        drawn
      }
      merchants(first: 200) {
        totalCount
        nodes {
          riskClass
          merchant {
            uscc
            name
          }
        }
      }
    }
  }
`;

const CHECK = /* GraphQL */ `
  query Check($id: ID!, $seed: String) {
    checkInspectionDraw(id: $id, seed: $seed) {
      seed
      matches
      populationAsKept
      keptOnly
      redrawnOnly
    }
  }
`;

type Drawn = { riskClass: string; merchant: { uscc: string } };
const usccsOf = (r: GraphQLResult) => r.data!.drawInspections.merchants.nodes.map((n: Drawn) => n.merchant.uscc);
const ofClass = (riskClass: string) =>
  [...judged]
    .filter(([, j]) => j.riskClass === riskClass)
    .map(([u]) => u)
    .sort();

/** The documented draw, done by hand: a class's merchants with the lowest HMAC-SHA-256(seed, class + "\n" + code), rounded up. */
function drawnByHand(seed: string, riskClass: string, share: number): string[] {
  const keyed = ofClass(riskClass).map((u) => [createHmac('sha256', seed).update(`${riskClass}\n${u}`).digest('hex'), u] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : 1));
  return keyed
    .slice(0, Math.ceil(share * keyed.length - 1e-9))
    .map(([, u]) => u)
    .sort();
}

beforeAll(async () => {
  hub = await startTestHub({ DEMO_MERCHANTS: '60' });
  city = new TestCity(hub);
  market = await city.officer('market');
  admin = await city.admin();
  beforeEvaluation = await hub.query(DRAW, { i: { task: 'before any evaluation', shares: [{ riskClass: 'A', share: 0.05 }] } }, market);
  black = [await city.shop('东港失信甲'), await city.shop('东港失信乙')];
  for (const u of black) await city.record(u, 'FIN-JUD-DEBTOR', daysAgo(20));
  honourless = await city.shop('东港王记烧烤');
  for (const code of ['FIN-TAX-A', ...Array(8).fill('URB-SAN-02')]) await city.record(honourless, code, daysAgo(20));
  const run = await hub.query('mutation { runEvaluation(cycle: "2026") { evaluatedAt finishedAt } }', {}, admin);
  if (run.errors) throw new Error(JSON.stringify(run.errors));
  const all = await hub.query(
    'query($at: DateTime!) { merchantsPage(first: 100) { nodes { uscc district trade credit(at: $at) { grade lists { kind } inspection { riskClass } } } } }',
    { at: run.data!.runEvaluation.evaluatedAt },
    admin,
  );
  if (all.errors) throw new Error(JSON.stringify(all.errors));
  type Node = { uscc: string; district: string; trade: string; credit: { grade: string; lists: { kind: string }[]; inspection: { riskClass: string } } };
  judged = new Map(
    all.data!.merchantsPage.nodes.map((n: Node) => [
      n.uscc,
      { riskClass: n.credit.inspection.riskClass, grade: n.credit.grade, lists: n.credit.lists.map((l) => l.kind), district: n.district, trade: n.trade },
    ]),
  );
});
afterAll(() => hub?.stop());

describe('merchantsPage filtered by the internal risk class of the latest evaluation', () => {
  const PAGE = /* GraphQL */ `
    query ByRisk($f: MerchantFilter, $after: String) {
      merchantsPage(first: 7, after: $after, filter: $f) {
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

  async function pages(f: Record<string, unknown>, token: string): Promise<{ usccs: string[]; totals: number[] }> {
    const usccs: string[] = [];
    const totals: number[] = [];
    for (let after: string | null = null; ;) {
      const r: GraphQLResult = await hub.query(PAGE, { f, after }, token);
      expect(r.errors).toBeUndefined();
      usccs.push(...r.data!.merchantsPage.nodes.map((n: { uscc: string }) => n.uscc));
      totals.push(r.data!.merchantsPage.totalCount);
      if (!r.data!.merchantsPage.pageInfo.hasNextPage) return { usccs, totals };
      after = r.data!.merchantsPage.pageInfo.endCursor;
    }
  }

  it('pages the merchants of each risk class for market supervision, in credit-code order, counted alike on every page', async () => {
    const classes = [...new Set([...judged.values()].map((j) => j.riskClass))];
    expect(classes.length).toBeGreaterThan(1);
    for (const riskClass of classes) {
      const { usccs, totals } = await pages({ riskClass }, market);
      expect([riskClass, usccs]).toEqual([riskClass, ofClass(riskClass)]);
      expect(new Set(totals)).toEqual(new Set([usccs.length]));
    }
    // beside the grade and the directory's own filters, all hold
    const [u] = black;
    const { riskClass, grade } = judged.get(u!)!;
    expect((await pages({ riskClass, grade, list: 'BLACK', nameContains: '失信' }, market)).usccs).toEqual([...black].sort());
    expect(await pages({ riskClass: 'Z' }, market)).toEqual({ usccs: [], totals: [0] });
  });

  it('lets urban management filter by it too, and keeps it in each snapshot for them', async () => {
    const urban = await hub.token({ roles: ['department_analyst'], department: 'urban', sub: 'urban-analyst' });
    const riskClass = judged.get(black[0]!)!.riskClass;
    expect((await pages({ riskClass }, urban)).usccs).toEqual(ofClass(riskClass));
    const s = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { snapshot(cycle: "2026") { riskClass } } }', { u: black[0] }, urban);
    expect(s.data!.merchant.snapshot.riskClass).toBe(riskClass);
  });

  it('refuses it to everyone else, the merchant itself too: a risk class is never a public grade', async () => {
    const readers = [
      undefined,
      await city.merchant(black[0]!),
      await hub.token({ roles: ['bank_officer'], org: 'RZ-BANK', sub: 'bank-1' }),
      await hub.token({ roles: ['approval_clerk'], sub: 'clerk-1' }),
      await city.officer('finance'),
    ];
    for (const token of readers) {
      const r = await hub.query(PAGE, { f: { riskClass: 'A' } }, token);
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0]!.message).toMatch(/may not filter merchants by riskClass: it reveals CreditSnapshot\.riskClass/);
      const s = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { snapshot(cycle: "2026") { grade riskClass } } }', { u: black[0] }, token);
      expect(codes(s)).toEqual(['FORBIDDEN']);
      expect(s.data!.merchant.snapshot).toEqual({ grade: judged.get(black[0]!)!.grade, riskClass: null });
    }
  });

  it('traces each merchant the filter finds as a read of its risk class', async () => {
    const reader = await hub.token({ roles: ['department_officer'], department: 'market', sub: 'risk-reader-1' });
    const { riskClass } = judged.get(black[0]!)!;
    await hub.query(PAGE, { f: { riskClass, nameContains: '失信甲' } }, reader);
    const log = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { accessLog(first: 100) { nodes { subject fields outcome } } } }',
      { u: black[0] },
      await city.merchant(black[0]!),
    );
    expect(log.data!.merchant.accessLog.nodes.filter((e: { subject: string }) => e.subject === 'risk-reader-1')).toEqual([
      { subject: 'risk-reader-1', fields: ['CreditSnapshot.riskClass'], outcome: 'ALLOWED' },
    ]);
  });

  it('refuses a risk class longer than any, and the risk class in the statistics', async () => {
    const long = await hub.query(PAGE, { f: { riskClass: 'A'.repeat(11) } }, market);
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
    expect(long.errors![0]!.message).toBe('filter.riskClass must be at most 10 characters');
    const stats = await hub.query('query { creditStatistics(groupBy: [DISTRICT], filter: { riskClass: "A" }) { count } }', {}, market);
    expect(codes(stats)).toEqual(['BAD_USER_INPUT']);
  });

  it('fills in the risk class of snapshots kept before risk classes were recorded when their cycle is evaluated again', async () => {
    await queryOnce(hub.databaseUrl, `update credit.snapshot set risk_class = null where cycle = '2026'`);
    expect((await pages({ riskClass: 'A' }, market)).usccs).toEqual([]);
    const refused = await hub.query(DRAW, { i: { task: 'while risk classes are missing' } }, market);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.message).toMatch(/kept no risk class for \d+ merchants: evaluate that cycle again first/);
    const r = await hub.query('mutation { runEvaluation(cycle: "2026") { finishedAt } }', {}, admin);
    expect(r.errors).toBeUndefined();
    expect((await pages({ riskClass: 'A' }, market)).usccs).toEqual(ofClass('A'));
  });
});

describe('a "double random" draw of merchants for inspection by risk class', () => {
  it('cannot draw before an evaluation has given the merchants their risk classes', () => {
    expect(codes(beforeEvaluation)).toEqual(['BAD_USER_INPUT']);
    expect(beforeEvaluation.errors![0]!.message).toMatch(/no evaluation has finished/);
  });

  it('draws 5 % of risk class A, reproducibly from its seed, and keeps the draw with its population as of the evaluation', async () => {
    const shares = [{ riskClass: 'A', share: 0.05 }];
    const population = ofClass('A');
    expect(population.length).toBeGreaterThan(20);
    const first = await hub.query(DRAW, { i: { task: '德市监抽〔2026〕1号', seed: 'dezhou-2026-food-safety', shares } }, market);
    expect(first.errors).toBeUndefined();
    const draw = first.data!.drawInspections;
    const want = drawnByHand('dezhou-2026-food-safety', 'A', 0.05);
    expect(want.length).toBe(Math.ceil(population.length * 0.05));
    expect(usccsOf(first)).toEqual(want);
    expect(draw).toMatchObject({
      task: '德市监抽〔2026〕1号',
      seed: 'dezhou-2026-food-safety',
      cycle: '2026',
      drawnBy: 'officer-market',
      classes: [{ riskClass: 'A', share: 0.05, population: population.length, drawn: want.length }],
      merchants: { totalCount: want.length },
    });
    expect(draw.merchants.nodes.every((n: Drawn) => n.riskClass === 'A')).toBe(true);
    // another task drawn with the same seed and shares from the same evaluation draws the same merchants; another seed, others
    const again = await hub.query(DRAW, { i: { task: '德市监抽〔2026〕2号', seed: 'dezhou-2026-food-safety', shares } }, market);
    expect(again.data!.drawInspections.id).not.toBe(draw.id);
    expect(usccsOf(again)).toEqual(want);
    const other = await hub.query(DRAW, { i: { task: '德市监抽〔2026〕3号', seed: 'another seed', shares } }, market);
    expect(usccsOf(other)).toEqual(drawnByHand('another seed', 'A', 0.05));
    expect(usccsOf(other)).not.toEqual(want);
    // the kept draw reads as it was drawn, page by page
    const kept = await hub.query(
      'query($id: ID!) { inspectionDraw(id: $id) { seed merchants(first: 1) { totalCount nodes { merchant { uscc } } pageInfo { endCursor hasNextPage } } } }',
      { id: draw.id },
      admin,
    );
    expect(kept.data!.inspectionDraw.merchants).toMatchObject({ totalCount: want.length, nodes: [{ merchant: { uscc: want[0] } }] });
    const next = await hub.query(
      'query($id: ID!, $a: String) { inspectionDraw(id: $id) { merchants(first: 1000, after: $a) { nodes { merchant { uscc } } } } }',
      {
        id: draw.id,
        a: kept.data!.inspectionDraw.merchants.pageInfo.endCursor,
      },
      admin,
    );
    expect(next.data!.inspectionDraw.merchants.nodes.map((n: Drawn) => n.merchant.uscc)).toEqual(want.slice(1));
  });

  it('draws every class at the shares of the risk-class scheme when none are given, with a generated seed', async () => {
    const r = await hub.query(DRAW, { i: { task: 'routine 2026' } }, market);
    expect(r.errors).toBeUndefined();
    const { seed, classes } = r.data!.drawInspections;
    expect(seed).toMatch(/^[0-9a-f]{32}$/);
    expect(classes.map((c: { riskClass: string; share: number }) => [c.riskClass, c.share])).toEqual([
      ['A', 0.04],
      ['B', 0.12],
      ['C', 0.4],
      ['D', 0.7],
    ]);
    const want = ['A', 'B', 'C', 'D'].flatMap((c, i) => drawnByHand(seed, c, [0.04, 0.12, 0.4, 0.7][i]!)).sort();
    expect(usccsOf(r)).toEqual(want);
    for (const c of classes) expect(c.population).toBe(ofClass(c.riskClass).length);
  });

  it('draws a task once: the same task again returns its draw, and another seed or shares for it is a conflict', async () => {
    const i = { task: '德市监抽〔2026〕9号', shares: [{ riskClass: 'B', share: 0.5 }] };
    const first = await hub.query(DRAW, { i }, market);
    const again = await hub.query(DRAW, { i }, market);
    expect(again.data!.drawInspections).toEqual(first.data!.drawInspections);
    const sameSeed = await hub.query(DRAW, { i: { ...i, seed: first.data!.drawInspections.seed } }, market);
    expect(sameSeed.data!.drawInspections.id).toBe(first.data!.drawInspections.id);
    // drawn twice at once, it is drawn once
    const both = await Promise.all([1, 2, 3].map(() => hub.query(DRAW, { i: { task: 'drawn at once' } }, market)));
    expect(both.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(both.map((r) => r.data!.drawInspections.seed)).size).toBe(1);
    const [{ count }] = await queryOnce<{ count: string }>(hub.databaseUrl, `select count(*) from credit.inspection_draw where task = 'drawn at once'`);
    expect(count).toBe('1');
    for (const changed of [
      { ...i, seed: 'a seed that suits better' },
      { ...i, shares: [{ riskClass: 'B', share: 0.2 }] },
    ]) {
      const r = await hub.query(DRAW, { i: changed }, market);
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(r.errors![0]!.message).toMatch(/was drawn already .* a task is drawn once/);
    }
  });

  it('lets an auditor re-check a draw: it matches from its kept seed and population; a different seed, a tampered seed, draw or population does not', async () => {
    const made = await hub.query(
      DRAW,
      {
        i: {
          task: 'audit 2026',
          seed: 'audit-seed',
          shares: [
            { riskClass: 'A', share: 0.05 },
            { riskClass: 'B', share: 0.3 },
          ],
        },
      },
      market,
    );
    const { id } = made.data!.drawInspections;
    const check = async (seed?: string) => {
      const r = await hub.query(CHECK, { id, seed }, admin);
      expect(r.errors).toBeUndefined();
      return r.data!.checkInspectionDraw;
    };
    expect(await check()).toEqual({ seed: 'audit-seed', matches: true, populationAsKept: true, keptOnly: [], redrawnOnly: [] });
    // the market officer who drew it can re-check it too
    expect((await hub.query(CHECK, { id }, market)).data!.checkInspectionDraw.matches).toBe(true);

    const different = await check('not the seed');
    expect(different.matches).toBe(false);
    expect(different.keptOnly.length).toBeGreaterThan(0);
    expect(different.redrawnOnly.length).toBe(different.keptOnly.length);

    await queryOnce(hub.databaseUrl, `update credit.inspection_draw set seed = 'audit-seed-2' where id = $1`, [id]);
    const tamperedSeed = await check();
    expect([tamperedSeed.seed, tamperedSeed.matches]).toEqual(['audit-seed-2', false]);
    await queryOnce(hub.databaseUrl, `update credit.inspection_draw set seed = 'audit-seed' where id = $1`, [id]);

    const [swap] = await queryOnce<{ uscc: string }>(
      hub.databaseUrl,
      `update credit.inspection_draw_member set drawn = true where (draw_id, uscc) = (select draw_id, uscc from credit.inspection_draw_member where draw_id = $1 and not drawn order by uscc limit 1) returning uscc`,
      [id],
    );
    expect(await check()).toMatchObject({ matches: false, populationAsKept: true, keptOnly: [swap!.uscc], redrawnOnly: [] });
    await queryOnce(hub.databaseUrl, `update credit.inspection_draw_member set drawn = false where draw_id = $1 and uscc = $2`, [id, swap!.uscc]);
    expect((await check()).matches).toBe(true);

    await queryOnce(hub.databaseUrl, `delete from credit.inspection_draw_member where draw_id = $1 and uscc = $2`, [id, swap!.uscc]);
    expect(await check()).toMatchObject({ matches: false, populationAsKept: false });
  });

  it('refuses bad shares, coded: above 1, below 0, an unknown class, a class twice, none', async () => {
    const cases: [unknown, RegExp][] = [
      [[{ riskClass: 'A', share: 1.5 }], /the share of class A must be between 0 and 1/],
      [[{ riskClass: 'C', share: -0.1 }], /the share of class C must be between 0 and 1/],
      [[{ riskClass: 'E', share: 0.1 }], /E is not a risk class of market-risk-class v1: one of A, B, C, D/],
      [
        [
          { riskClass: 'A', share: 0.1 },
          { riskClass: 'A', share: 0.2 },
        ],
        /risk class A is named twice/,
      ],
      [[], /shares must name at least one risk class/],
    ];
    for (const [shares, message] of cases) {
      const r = await hub.query(DRAW, { i: { task: `bad shares ${JSON.stringify(shares)}`, shares } }, market);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0]!.message).toMatch(message);
    }
    for (const i of [{ task: '  ' }, { task: 'x'.repeat(101) }, { task: 'empty seed', seed: '' }]) {
      expect(codes(await hub.query(DRAW, { i }, market))).toEqual(['BAD_USER_INPUT']);
    }
    // none of them kept a draw
    const [{ count }] = await queryOnce<{ count: string }>(
      hub.databaseUrl,
      `select count(*) from credit.inspection_draw where task like 'bad shares%' or task = 'empty seed'`,
    );
    expect(count).toBe('0');
  });

  it('is drawn only by market supervision (or an administrator), and read only by them', async () => {
    const refused = [
      undefined,
      await city.officer('urban'),
      await hub.token({ roles: ['department_analyst'], department: 'market', sub: 'market-analyst' }),
      await city.merchant(black[0]!),
    ];
    // the public is asked to sign in to write; the others are refused
    for (const token of refused) expect(codes(await hub.query(DRAW, { i: { task: 'not theirs' } }, token))).toEqual([token ? 'FORBIDDEN' : 'UNAUTHENTICATED']);
    const { id } = (await hub.query(DRAW, { i: { task: 'read by whom' } }, market)).data!.drawInspections;
    for (const token of [undefined, await city.officer('urban')]) {
      const r = await hub.query('query($id: ID!) { inspectionDraw(id: $id) { seed } }', { id }, token);
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }
    const unknown = await hub.query(
      'query { inspectionDraw(id: "00000000-0000-4000-8000-000000000000") { seed } a: inspectionDraw(id: "nope") { seed } }',
      {},
      admin,
    );
    expect([unknown.errors, unknown.data]).toEqual([undefined, { inspectionDraw: null, a: null }]);
  });
});

describe('what the public sees: the published red and black lists, and the honest-shop listing', () => {
  const LIST = /* GraphQL */ `
    query Lists($district: String, $trade: String) {
      black: publishedList(list: BLACK, district: $district, first: 200) {
        totalCount
        nodes {
          uscc
          name
        }
      }
      red: publishedList(list: RED, first: 200) {
        totalCount
        nodes {
          uscc
        }
      }
      honest: honestShops(district: $district, trade: $trade, first: 200) {
        totalCount
        nodes {
          uscc
          district
          trade
        }
      }
    }
  `;

  it('publishes who is on each list and which shops have the best grade, by district and trade, to anyone', async () => {
    const r = await hub.query(LIST, { district: '东港区', trade: '餐饮' });
    expect(r.errors).toBeUndefined();
    const where = (f: (j: { grade: string; lists: string[]; district: string; trade: string }) => boolean) =>
      [...judged]
        .filter(([, j]) => f(j))
        .map(([u]) => u)
        .sort();
    const onBlack = where((j) => j.lists.includes('BLACK') && j.district === '东港区');
    expect(onBlack).toEqual(expect.arrayContaining(black));
    expect(r.data!.black.nodes.map((n: { uscc: string }) => n.uscc)).toEqual(onBlack);
    expect(r.data!.black.totalCount).toBe(onBlack.length);
    // the red list is published at the levels that earn its honours (A and B): a C merchant on it is not named
    expect(judged.get(honourless)).toEqual(expect.objectContaining({ grade: 'C', lists: ['RED'] }));
    const honoured = where((j) => j.lists.includes('RED') && ['A', 'B'].includes(j.grade));
    expect(honoured.length).toBeGreaterThan(0);
    expect(r.data!.red.nodes.map((n: { uscc: string }) => n.uscc)).toEqual(honoured);
    expect(r.data!.red.totalCount).toBe(honoured.length);
    const honest = where((j) => j.grade === 'A' && j.district === '东港区' && j.trade === '餐饮');
    expect(honest.length).toBeGreaterThan(0);
    expect(r.data!.honest).toEqual({
      totalCount: honest.length,
      nodes: honest.map((u) => ({ uscc: u, district: '东港区', trade: '餐饮' })),
    });
  });

  it('pages a published list', async () => {
    const all = where((j) => j.grade === 'A');
    const first = await hub.query('{ honestShops(first: 2) { totalCount nodes { uscc } pageInfo { endCursor hasNextPage } } }');
    expect(first.data!.honestShops.totalCount).toBe(all.length);
    expect(first.data!.honestShops.nodes.map((n: { uscc: string }) => n.uscc)).toEqual(all.slice(0, 2));
    const rest = await hub.query('query($a: String) { honestShops(first: 1000, after: $a) { nodes { uscc } pageInfo { hasNextPage } } }', {
      a: first.data!.honestShops.pageInfo.endCursor,
    });
    expect(rest.data!.honestShops.nodes.map((n: { uscc: string }) => n.uscc)).toEqual(all.slice(2));
    expect(codes(await hub.query('{ publishedList(list: RED, first: 0) { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
  });

  const where = (f: (j: { grade: string }) => boolean) =>
    [...judged]
      .filter(([, j]) => f(j))
      .map(([u]) => u)
      .sort();
});
