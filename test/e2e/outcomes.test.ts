import { daysAgo, TestCity } from '../support/city';
import { codes, postGraphQL, startTestHub, type TestHub } from '../support/hub';

const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();
let hub: TestHub;
let city: TestCity;

beforeAll(async () => {
  hub = await startTestHub({ CHANGE_FEED: 'off' });
  city = new TestCity(hub);
}, 120_000);
afterAll(() => hub?.stop());

/** A shop with these records, each on a day of its own within the last weeks. */
async function shopWith(name: string, recordCodes: string[]): Promise<string> {
  const uscc = await city.shop(name);
  for (const [i, code] of recordCodes.entries()) await city.record(uscc, code, daysAgo(10 + i));
  return uscc;
}

const grant = async (uscc: string, org: string, purposes?: string[]) => {
  const r = await hub.query(
    'mutation($org: String!, $until: DateTime!, $p: [ConsentPurpose!]) { grantConsent(org: $org, until: $until, purposes: $p) { purposes valid } }',
    { org, until: NEXT_YEAR, p: purposes },
    await city.merchant(uscc),
  );
  expect(r.errors).toBeUndefined();
  return r.data!.grantConsent;
};

interface Entry {
  subject: string;
  purpose: string | null;
  fields: string[];
  outcome: string;
}

/** The merchant's access log as the merchant reads it, merged from every subgraph that served the reads. */
async function accessLog(uscc: string): Promise<Entry[]> {
  const r = await hub.query(
    'query($u: CreditCode!) { merchant(uscc: $u) { accessLog(first: 100) { nodes { subject purpose fields outcome } } } }',
    { u: uscc },
    await city.merchant(uscc),
  );
  expect(r.errors).toBeUndefined();
  return r.data!.merchant.accessLog.nodes;
}

const CREDIT = 'query($u: CreditCode!) { merchant(uscc: $u) { credit { grade score } } }';

describe(`outcomes consistent with the grade (${process.env.TEST_HUB_MODE ?? 'all-in-one'})`, () => {
  it("gives a C merchant on the red list (an A-class taxpayer with eight general violations) the grade's punishments and none of the red list's incentives", async () => {
    const shop = await shopWith('东港王记烧烤', ['FIN-TAX-A', ...Array(8).fill('URB-SAN-02')]);
    const r = await hub.query(
      `query($u: CreditCode!) { merchant(uscc: $u) { credit {
        grade score lists { kind } measures { id kind } approval { mode } loan { eligible priority tier amountFactor speed reasons }
      } } }`,
      { u: shop },
      await city.admin(),
    );
    expect(r.errors).toBeUndefined();
    const c = r.data!.merchant.credit;
    expect([c.grade, c.score, c.lists]).toEqual(['C', 810, [{ kind: 'RED' }]]);
    expect(c.measures).toEqual([
      { id: 'C-FOCUS-SUPERVISION', kind: 'PUNISHMENT' },
      { id: 'C-INTEGRITY-INTERVIEW', kind: 'PUNISHMENT' },
    ]);
    expect(c.approval.mode).toBe('STANDARD');
    expect(c.loan).toMatchObject({ eligible: true, priority: false, tier: 'RESTRICTED', amountFactor: 0.5, speed: 'CAUTIOUS' });
    expect(c.loan.reasons).toContainEqual(
      expect.stringMatching(/^red list FIN-TAX-A \(event .+\) brings no incentives at level C \(only at A, B under rizhao-street-shop v1\)$/),
    );
  });

  it('still gives a B merchant on the red list the honour board, loan priority and the fast track', async () => {
    const shop = await shopWith('东港赵记茶铺', ['FIN-TAX-A', 'URB-SAN-02', 'URB-SAN-02', 'URB-SAN-02']);
    const r = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { credit { grade measures { id } loan { priority amountFactor speed } } } }',
      { u: shop },
      await city.admin(),
    );
    const c = r.data!.merchant.credit;
    expect(c.grade).toBe('B');
    expect(c.measures.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['A-HONOUR-BOARD', 'A-COMMENDATION', 'A-SUBSIDY', 'A-LOAN-PRIORITY']));
    expect(c.loan).toEqual({ priority: true, amountFactor: 1, speed: 'FAST_TRACK' });
  });

  it("answers a bank with the loan amount factor and the speed of lending of each merchant's grade, as the scheme sets them", async () => {
    const shops = {
      A: await shopWith('东港一号店', []),
      B: await shopWith('东港二号店', ['URB-SAN-02']),
      C: await shopWith('东港三号店', Array(6).fill('URB-SAN-02')),
      D: await shopWith('东港四号店', ['FIN-TAX-D']),
    };
    for (const uscc of Object.values(shops)) await grant(uscc, 'outcome-bank');
    const bank = await hub.token({ roles: ['bank_officer'], org: 'outcome-bank', sub: 'loan-officer-31', purpose: 'LOAN_REVIEW' });
    const r = await hub.query(
      'query($u: [CreditCode!]!) { merchants(usccs: $u) { credit { grade loan { eligible priority tier amountFactor speed } } } }',
      { u: Object.values(shops) },
      bank,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.merchants.map((m: { credit: unknown }) => m.credit)).toEqual([
      { grade: 'A', loan: { eligible: true, priority: true, tier: 'PREFERENTIAL', amountFactor: 1.5, speed: 'FAST_TRACK' } },
      { grade: 'B', loan: { eligible: true, priority: false, tier: 'STANDARD', amountFactor: 1, speed: 'STANDARD' } },
      { grade: 'C', loan: { eligible: true, priority: false, tier: 'RESTRICTED', amountFactor: 0.5, speed: 'CAUTIOUS' } },
      { grade: 'D', loan: { eligible: false, priority: false, tier: 'NONE', amountFactor: 0, speed: 'NONE' } },
    ]);
  });

  it('shows the red-list levels and the loan treatment by grade in the scheme, and refuses a draft that gets them wrong', async () => {
    const admin = await city.admin();
    const r = await hub.query('{ scheme(id: "rizhao-street-shop") { redListLevels outcomes } }', {}, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.scheme.redListLevels).toEqual(['A', 'B']);
    expect(r.data!.scheme.outcomes.loan.C).toEqual({ eligible: true, priority: false, tier: 'RESTRICTED', amountFactor: 0.5, speed: 'CAUTIOUS' });

    const draft = (over: Record<string, unknown>) => ({
      id: 'rizhao-street-shop',
      name: 'Rizhao street-shop credit points',
      cycle: 'YEARLY',
      base: 1000,
      bands: [
        { grade: 'A', min: 1000, level: 'A' },
        { grade: 'B', min: 870, level: 'B' },
        { grade: 'C', min: 650, level: 'C' },
        { grade: 'D', min: null, level: 'D' },
      ],
      pointsBySeverity: { minor: -10, general: -30, serious: -100, positive: 10 },
      ...over,
    });
    const publish = (over: Record<string, unknown>) =>
      hub.query('mutation($s: SchemeInput!) { publishScheme(input: $s) { version } }', { s: draft(over) }, admin);
    const onlyC = await publish({ redListLevels: ['C'] });
    expect(codes(onlyC)).toEqual(['BAD_USER_INPUT']);
    expect(onlyC.errors![0]!.message).toMatch('redListLevels must be the best levels');
    const lendingD = await publish({ outcomes: { loan: { D: { eligible: false, priority: false, tier: 'NONE', amountFactor: 0.3, speed: 'NONE' } } } });
    expect(codes(lendingD)).toEqual(['BAD_USER_INPUT']);
    expect(lendingD.errors![0]!.message).toMatch('level D is not eligible for loans: its amount factor must be 0 and its speed NONE');
  });
});

describe(`the purpose of a read (${process.env.TEST_HUB_MODE ?? 'all-in-one'})`, () => {
  let shop: string;
  beforeAll(async () => {
    shop = await shopWith('东港钱记超市', ['URB-SAN-02']);
    expect(await grant(shop, 'purpose-bank')).toEqual({ purposes: ['LOAN_REVIEW'], valid: true });
  });

  it('refuses a bank reading for marketing under a consent given for a loan review, and the refusal is in the access log', async () => {
    const marketing = await hub.token({ roles: ['bank_officer'], org: 'purpose-bank', sub: 'marketing-officer-1', purpose: 'marketing' });
    const r = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { taxpayerRatings { rating } credit { grade score loan { eligible } } } }',
      { u: shop },
      marketing,
    );
    expect(r.data!.merchant).toEqual({ taxpayerRatings: null, credit: { grade: 'B', score: null, loan: null } });
    expect(codes(r)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    // the finance department learns of the consent's purposes through the graph, as the credit office does
    expect(r.errors!.map((e) => e.message).sort()).toEqual(
      ['CreditAssessment.loan', 'CreditAssessment.score', 'Merchant.taxpayerRatings'].map(
        (field) => `consent missing: merchant ${shop} has not granted purpose-bank a valid consent for the purpose "marketing" to read ${field}`,
      ),
    );
    expect((await accessLog(shop)).filter((e) => e.subject === 'marketing-officer-1')).toEqual([
      {
        subject: 'marketing-officer-1',
        purpose: 'marketing',
        fields: ['CreditAssessment.loan', 'CreditAssessment.score', 'Merchant.taxpayerRatings'],
        outcome: 'REFUSED',
      },
    ]);
  });

  it('lets the same bank read for the loan review the consent names', async () => {
    const review = await hub.token({ roles: ['bank_officer'], org: 'purpose-bank', sub: 'loan-officer-32', purpose: 'LOAN_REVIEW' });
    const r = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { taxpayerRatings { rating } credit { grade score } } }', { u: shop }, review);
    expect(r.errors).toBeUndefined();
    expect(r.data!.merchant).toEqual({ taxpayerRatings: [], credit: { grade: 'B', score: 970 } });
    expect((await accessLog(shop)).filter((e) => e.subject === 'loan-officer-32')).toEqual([
      { subject: 'loan-officer-32', purpose: 'LOAN_REVIEW', fields: ['CreditAssessment.score', 'Merchant.taxpayerRatings'], outcome: 'ALLOWED' },
    ]);
  });

  it('takes the purpose from the x-purpose header of a token that names none, and asks a bank that names none to name one', async () => {
    const shop2 = await shopWith('东港孙记五金', []);
    expect(await grant(shop2, 'header-bank', ['LOAN_REVIEW', 'CONTRACT_CHECK'])).toEqual({ purposes: ['LOAN_REVIEW', 'CONTRACT_CHECK'], valid: true });
    const bank = await hub.token({ roles: ['bank_officer'], org: 'header-bank', sub: 'contract-officer-1' });
    const asked = await postGraphQL(hub.service.url, CREDIT, { u: shop2 }, bank, { 'x-purpose': 'CONTRACT_CHECK' });
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.merchant.credit.score).toBe(1000);

    const unnamed = await hub.query(CREDIT, { u: shop2 }, bank);
    expect(unnamed.data!.merchant.credit.score).toBeNull();
    expect(unnamed.errors![0]!.message).toBe(
      `consent missing: merchant ${shop2} has not granted header-bank a valid consent for an unnamed purpose (name it in the token's purpose claim or the x-purpose header) to read CreditAssessment.score`,
    );
  });

  it("refuses a request whose x-purpose header contradicts the token's purpose, is not percent-encoded or is too long", async () => {
    const review = await hub.token({ roles: ['bank_officer'], org: 'purpose-bank', sub: 'loan-officer-33', purpose: 'LOAN_REVIEW' });
    const contradicting = await postGraphQL(hub.service.url, CREDIT, { u: shop }, review, { 'x-purpose': 'marketing' });
    expect(codes(contradicting)).toEqual(['BAD_USER_INPUT']);
    expect(contradicting.errors![0]!.message).toBe(
      'the x-purpose header "marketing" contradicts the token\'s purpose "LOAN_REVIEW": a token bound to a purpose reads only for it',
    );
    const officer = await city.officer('market');
    const malformed = await postGraphQL(hub.service.url, CREDIT, { u: shop }, officer, { 'x-purpose': 'case %E4%B8' });
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(malformed.errors![0]!.message).toBe('the x-purpose header must be percent-encoded UTF-8 (as encodeURIComponent writes it)');
    const long = await postGraphQL(hub.service.url, CREDIT, { u: shop }, officer, { 'x-purpose': 'x'.repeat(501) });
    expect([codes(long), long.errors![0]!.message]).toEqual([['BAD_USER_INPUT'], 'the x-purpose header names a purpose of at most 500 characters']);
    // a NUL would make the access log's row unwritable and withhold the answer: it is refused at the door
    const nul = await postGraphQL(hub.service.url, CREDIT, { u: shop }, officer, { 'x-purpose': 'case%0012' });
    expect([codes(nul), nul.errors![0]!.message]).toEqual([['BAD_USER_INPUT'], 'the x-purpose header names a purpose with a NUL or a broken character']);
  });

  it("records a clerk's approval matter as the purpose of the approval check's reads", async () => {
    const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'window-clerk-31' });
    const matter = '食品经营许可 日审〔2026〕118号';
    const r = await hub.query('query($u: CreditCode!, $m: String) { approvalCheck(uscc: $u, matter: $m) { mode matter } }', { u: shop, m: matter }, clerk);
    expect(r.errors).toBeUndefined();
    expect(r.data!.approvalCheck).toEqual({ mode: 'COMMITMENT', matter });
    const entries = (await accessLog(shop)).filter((e) => e.subject === 'window-clerk-31');
    expect(entries).toEqual([expect.objectContaining({ purpose: matter, outcome: 'ALLOWED' })]);
    expect(entries[0]!.fields).toEqual(expect.arrayContaining(['CreditAssessment.approval', 'Merchant.commitments']));
    const long = await hub.query('query($u: CreditCode!, $m: String) { approvalCheck(uscc: $u, matter: $m) { mode } }', { u: shop, m: 'x'.repeat(501) }, clerk);
    expect([codes(long), long.errors![0]!.message]).toEqual([['BAD_USER_INPUT'], 'matter must be at most 500 characters']);
  });

  it("records a department's case number, given in the x-purpose header, in every subgraph that served the read", async () => {
    const officer = await hub.token({ roles: ['department_officer'], department: 'market', sub: 'market-officer-31' });
    const caseNumber = '日东市监案〔2026〕31号';
    const r = await postGraphQL(
      hub.service.url,
      'query($u: CreditCode!) { merchant(uscc: $u) { credit { score } urbanEvents { code } } }',
      { u: shop },
      officer,
      { 'x-purpose': encodeURIComponent(caseNumber) },
    );
    expect(r.errors).toBeUndefined();
    const [entry] = (await accessLog(shop)).filter((e) => e.subject === 'market-officer-31');
    expect(entry).toEqual({
      subject: 'market-officer-31',
      purpose: caseNumber,
      fields: ['CreditAssessment.score', 'Merchant.urbanEvents'],
      outcome: 'ALLOWED',
    });
  });
});
