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
