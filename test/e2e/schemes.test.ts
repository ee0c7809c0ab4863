import { queryOnce } from '../../src/db/database';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { daysAgo, TestCity } from '../support/city';

let hub: TestHub;
let city: TestCity;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub({ DEMO_MERCHANTS: '120' });
  city = new TestCity(hub);
  admin = await city.admin();
});
afterAll(() => hub?.stop());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryOnce<T>(hub.databaseUrl, text, params);

const HARSHER = {
  id: 'rizhao-street-shop',
  name: 'Rizhao street-shop credit points, 2027 revision',
  cycle: 'YEARLY',
  base: 1000,
  bands: [
    { grade: 'A', min: 1000, level: 'A' },
    { grade: 'B', min: 900, level: 'B' },
    { grade: 'C', min: 700, level: 'C' },
    { grade: 'D', min: null, level: 'D' },
  ],
  pointsBySeverity: { minor: -20, general: -60, serious: -200, positive: 10 },
  pointsByCode: [{ code: 'FIN-TAX-A', points: 50 }],
};
const SIMULATE =
  'query($d: SchemeInput!, $n: Int) { simulateScheme(draft: $d, sample: $n) { current { id version } merchants before { grade count } after { grade count } changes { uscc gradeBefore gradeAfter scoreBefore scoreAfter } } }';
const PUBLISH = 'mutation($d: SchemeInput!) { publishScheme(input: $d) { id version name bands { grade min level } pointsBySeverity { general } createdBy } }';
const EVALUATE = 'mutation($c: String!) { runEvaluation(cycle: $c) { cycle merchants startedAt finishedAt evaluatedAt } }';

describe('schemes as versioned data', () => {
  it('ships the three schemes: Rizhao (the default), Ankang monthly, and the internal market risk classes', async () => {
    const r = await hub.query('{ schemes { id version purpose cycle base bands { grade min level } } }');
    expect(r.data!.schemes.map((s: { id: string; purpose: string; cycle: string }) => [s.id, s.purpose, s.cycle])).toEqual([
      ['ankang-five-level', 'CREDIT_GRADE', 'MONTHLY'],
      ['market-risk-class', 'RISK_CLASS', 'YEARLY'],
      ['rizhao-street-shop', 'CREDIT_GRADE', 'YEARLY'],
    ]);
    const rizhao = r.data!.schemes.find((s: { id: string }) => s.id === 'rizhao-street-shop');
    expect(rizhao.bands.map((b: { grade: string; min: number | null }) => [b.grade, b.min])).toEqual([
      ['A', 1000],
      ['B', 870],
      ['C', 650],
      ['D', null],
    ]);
  });

  it('simulates a draft on a sample of merchants without storing anything', async () => {
    const before = await sql('select id, version from credit.scheme');
    const r = await hub.query(SIMULATE, { d: HARSHER, n: 100 }, admin);
    expect(r.errors).toBeUndefined();
    const s = r.data!.simulateScheme;
    expect(s.current).toEqual({ id: 'rizhao-street-shop', version: 1 });
    expect(s.merchants).toBe(100);
    const count = (shares: { count: number }[]) => shares.reduce((n, x) => n + x.count, 0);
    expect(count(s.before)).toBe(100);
    expect(count(s.after)).toBe(100);
    expect(s.changes.length).toBeGreaterThan(0);
    for (const c of s.changes) expect(c.gradeAfter).not.toBe(c.gradeBefore);
    expect(await sql('select id, version from credit.scheme')).toEqual(before);
  });

  it('refuses a draft that cannot be used, naming every problem', async () => {
    const bad = {
      ...HARSHER,
      bands: [
        { grade: 'A', min: 800, level: 'A' },
        { grade: 'B', min: 900, level: 'B' },
        { grade: 'C', min: 10, level: 'C' },
      ],
      pointsByCode: [{ code: 'NOPE-1', points: 5 }],
    };
    const r = await hub.query(PUBLISH, { d: bad }, admin);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(/minimums must fall/);
    expect(r.errors![0]!.message).toMatch(/no minimum/);
    expect(r.errors![0]!.message).toMatch(/NOPE-1: not a catalogue code/);
    expect(codes(await hub.query(PUBLISH, { d: { ...HARSHER, name: 'n'.repeat(201) } }, admin))).toEqual(['BAD_USER_INPUT']);
    // risk classes set inspection sampling: there are no grades to compare them with
    const risk = await hub.query(SIMULATE, { d: { ...HARSHER, purpose: 'RISK_CLASS' }, n: 10 }, admin);
    expect(codes(risk)).toEqual(['BAD_USER_INPUT']);
    expect(risk.errors![0]!.message).toMatch(/only a CREDIT_GRADE scheme/);
  });

  it('is edited by administrators only', async () => {
    const clerk = await hub.token({ roles: ['approval_clerk'] });
    expect(codes(await hub.query(PUBLISH, { d: HARSHER }, clerk))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query(SIMULATE, { d: HARSHER }, clerk))).toEqual(['FORBIDDEN']);
  });
});

describe('the measures catalogue as data', () => {
  it('applies a measure an administrator adds at once, and stops applying it once retired', async () => {
    const uscc = await city.shop();
    await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(10));
    const measures = async () =>
      (await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { credit { grade measures(context: SUBSIDY) { id reasons } } } }', { u: uscc }, admin))
        .data!.merchant.credit;
    expect((await measures()).grade).toBe('B');
    const added = await hub.query(
      'mutation($m: MeasureInput!) { addMeasure(input: $m) { id trigger { levels } } }',
      {
        m: {
          id: 'B-TRADE-IN-SUBSIDY',
          title: 'Eligible for the trade-in subsidy',
          kind: 'INCENTIVE',
          department: 'finance (subsidies)',
          legalBasis: '以旧换新补贴实施细则',
          context: 'SUBSIDY',
          trigger: { levels: ['A', 'B'] },
        },
      },
      admin,
    );
    expect(added.errors).toBeUndefined();
    expect((await measures()).measures.map((m: { id: string }) => m.id)).toContain('B-TRADE-IN-SUBSIDY');
    await hub.query('mutation { retireMeasure(id: "B-TRADE-IN-SUBSIDY") { id } }', {}, admin);
    expect((await measures()).measures.map((m: { id: string }) => m.id)).not.toContain('B-TRADE-IN-SUBSIDY');
  });

  it('refuses a measure without a trigger, with an unknown code, or under an id that exists', async () => {
    const base = { title: 'x', kind: 'PUNISHMENT', department: 'x', legalBasis: 'x', context: 'LOAN' };
    const add = (m: Record<string, unknown>) => hub.query('mutation($m: MeasureInput!) { addMeasure(input: $m) { id } }', { m: { ...base, ...m } }, admin);
    expect(codes(await add({ id: 'NO-TRIGGER', trigger: {} }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await add({ id: 'BAD-CODE', trigger: { codes: ['NOPE'] } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await add({ id: 'D-NO-PROCUREMENT', trigger: { levels: ['D'] } }))).toEqual(['CONFLICT']);
  });
});

describe('evaluations', () => {
  it('keeps one snapshot per merchant for the cycle, and a re-run changes nothing', async () => {
    const first = await hub.query(EVALUATE, { c: '2026' }, admin);
    expect(first.errors).toBeUndefined();
    const [{ merchants }] = await sql<{ merchants: string }>('select count(*) as merchants from credit.merchant');
    expect(first.data!.runEvaluation).toEqual(expect.objectContaining({ cycle: '2026', merchants: Number(merchants), finishedAt: expect.any(String) }));
    const stored = await sql('select uscc, score, grade, scheme_id, scheme_version, digest from credit.snapshot where cycle = $1 order by uscc', ['2026']);
    expect(stored).toHaveLength(Number(merchants));

    const again = await hub.query(EVALUATE, { c: '2026' }, admin);
    expect(again.data!.runEvaluation.evaluatedAt).toBe(first.data!.runEvaluation.evaluatedAt);
    expect(await sql('select uscc, score, grade, scheme_id, scheme_version, digest from credit.snapshot where cycle = $1 order by uscc', ['2026'])).toEqual(
      stored,
    );
  });

  it('shows a merchant its snapshot, citing the scheme version', async () => {
    const [row] = await sql<{ uscc: string; grade: string }>("select uscc, grade from credit.snapshot where cycle = '2026' limit 1");
    const r = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { snapshot(cycle: "2026") { cycle grade score scheme { id version } digest } none: snapshot(cycle: "1999") { grade } } }',
      { u: row!.uscc },
      admin,
    );
    expect(r.data!.merchant.snapshot).toEqual(expect.objectContaining({ cycle: '2026', grade: row!.grade, scheme: { id: 'rizhao-street-shop', version: 1 } }));
    expect(r.data!.merchant.none).toBeNull();
  });

  it('judges most demo merchants A or B, with a tail of C and D', async () => {
    const rows = await sql<{ grade: string; n: string }>("select grade, count(*) as n from credit.snapshot where cycle = '2026' group by grade");
    const share = (g: string) => Number(rows.find((r) => r.grade === g)?.n ?? 0) / rows.reduce((s, r) => s + Number(r.n), 0);
    expect(share('A') + share('B')).toBeGreaterThan(0.8);
  });

  it('refuses a cycle that is not of the scheme, one that has not begun, and anyone but an administrator', async () => {
    expect(codes(await hub.query(EVALUATE, { c: '2026-03' }, admin))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query(EVALUATE, { c: '2999' }, admin))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query(EVALUATE, { c: '2026' }, await city.officer('market')))).toEqual(['FORBIDDEN']);
  });
});

describe('publishing a new version', () => {
  it('grades with the new version at once while old snapshots keep citing theirs', async () => {
    const published = await hub.query(PUBLISH, { d: HARSHER }, admin);
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishScheme).toEqual(expect.objectContaining({ id: 'rizhao-street-shop', version: 2, createdBy: 'admin-1' }));
    const v1 = await hub.query('{ scheme(id: "rizhao-street-shop", version: 1) { version pointsBySeverity { general } } }');
    expect(v1.data!.scheme).toEqual({ version: 1, pointsBySeverity: { general: -30 } });

    const uscc = await city.shop();
    await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(10));
    const live = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { credit { score scheme { version } } } }', { u: uscc }, admin);
    expect(live.data!.merchant.credit).toEqual({ score: 940, scheme: { version: 2 } });
    const old = await sql<{ v: number }>("select distinct scheme_version as v from credit.snapshot where cycle = '2026'");
    expect(old).toEqual([{ v: 1 }]);
  });
});
