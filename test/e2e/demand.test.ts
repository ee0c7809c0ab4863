import { newUscc, TestCity } from '../support/city';
import { codes, startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;
const thousandCodes = Array.from({ length: 1000 }, () => newUscc());

beforeAll(async () => {
  hub = await startTestHub({ CHANGE_FEED: 'off' });
  city = new TestCity(hub);
  await city.shop();
}, 120_000);
afterAll(() => hub?.stop());

const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');
/** fragments each spreading the next ten times: F E D C B, 10,000 B's from a few dozen tokens */
const spreads = (names: string) => [...names.slice(0, -1)].map((n, i) => `fragment ${n} on Merchant { ${` ...${names[i + 1]}`.repeat(10)} }`).join(' ');

describe('demand control: what a request would produce is counted before it runs, variables and aliases included', () => {
  it.each([
    [
      "a bank's batch of 1,000 with a credit summary",
      'query($u: [CreditCode!]!) { merchants(usccs: $u) { uscc credit { grade score loan { eligible priority tier } } } }',
      { u: thousandCodes },
      'bank',
    ],
    [
      'a page of 1,000 merchants with a credit summary',
      'query($n: Int) { merchantsPage(first: $n) { nodes { uscc name credit { grade score } } pageInfo { endCursor hasNextPage } } }',
      { n: 1000 },
      'admin',
    ],
    [
      'the change feed, 1,000 at a time',
      'query($n: Int) { creditChanges(first: $n) { nodes { uscc gradeBefore gradeAfter measuresAdded measuresRemoved cause occurredAt } } }',
      { n: 1000 },
      'admin',
    ],
    [
      'a page of 150 with the full judgment, written literally',
      '{ merchantsPage(first: 150) { nodes { uscc name credit { grade score breakdown { code points reason } measures { id title } approval { mode reasons } loan { eligible tier } } } } }',
      {},
      'admin',
    ],
  ])("lets through the API's own largest pages: %s", async (_, query, variables, who) => {
    const token = who === 'bank' ? await hub.token({ roles: ['bank_officer'], org: 'demo-bank', sub: 'loan-officer-1' }) : await city.admin();
    const r = await hub.query(query, variables, token);
    expect(codes(r).filter((c) => c !== 'FORBIDDEN')).toEqual([]);
    expect(r.data).toBeTruthy();
  });

  it.each([
    ['15 aliased pages of 1,000 asked for in a variable', `query($n: Int) { ${aliases(15, 'merchantsPage(first: $n) { nodes { uscc name } }')} }`, { n: 1000 }],
    [
      '3 aliased batches of 1,000 codes with credit',
      `query($u: [CreditCode!]!) { ${aliases(3, 'merchants(usccs: $u) { uscc credit { grade } }')} }`,
      { u: thousandCodes },
    ],
    ['pages of 1,000 written literally', `{ ${aliases(4, 'merchantsPage(first: 1000) { nodes { uscc credit { grade } } }')} }`, {}],
    [
      'pages hidden beside fragments spread into each other, more fields than can be counted',
      `query { ${aliases(10, 'merchantsPage(first: 1000) { nodes { uscc credit { grade } } }')} m: merchant(uscc: "92371102MA3C4DEF50") { ...F } } ${spreads('FEDCB')} fragment B on Merchant { uscc name }`,
      {},
    ],
  ])('refuses %s before anything runs: 400, coded, with the estimate and the budget', async (_, query, variables) => {
    const r = await hub.query(query, variables);
    expect(r.status).toBe(400);
    expect(r.data ?? null).toBeNull();
    expect(r.errors).toEqual([
      {
        message: expect.stringMatching(/^this request would cost (about \d+|more than can be counted), over the budget of 30000 per request/),
        extensions: { code: 'COST_LIMIT_EXCEEDED', cost: r.errors![0]!.extensions!.cost, budget: 30_000 },
      },
    ]);
    expect(r.errors![0]!.extensions!.cost ?? Infinity).toBeGreaterThan(30_000);
  });

  it('counts a document it let through again when its variables ask for more, or switch more on', async () => {
    const admin = await city.admin();
    const pages = `query($n: Int, $all: Boolean!) { ${aliases(14, 'merchantsPage(first: $n) { nodes { uscc name } }')} more: merchantsPage(first: 1000) @include(if: $all) { nodes { uscc credit { grade breakdown { code points } } } } }`;
    expect(codes(await hub.query(pages, { n: 2, all: false }, admin))).toEqual([]);
    expect(codes(await hub.query(pages, { n: 1000, all: false }, admin))).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(codes(await hub.query(pages, { n: 2, all: false, unasked: 'x'.repeat(1000) }, admin))).toEqual([]);
    expect(codes(await hub.query(pages, { n: 2, all: true }, admin))).toEqual(['COST_LIMIT_EXCEEDED']);
  });
});
