import { queryOnce } from '../../src/db/database';
import { daysAgo, TestCity } from '../support/city';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;

beforeAll(async () => {
  hub = await startTestHub({ CHANGE_FEED_INTERVAL_MS: '200' });
  city = new TestCity(hub);
}, 120_000);
afterAll(() => hub?.stop());

const RECORD = 'mutation($i: RecordEventInput!) { recordMarketEvent(input: $i) { id occurredAt } }';
const event = (uscc: string, occurredAt: string, over: Record<string, unknown> = {}) => ({
  uscc,
  code: 'MKT-PEN-GENERAL',
  occurredAt,
  sourceRecordId: `BAD-${Math.random()}`,
  summary: '过期食品',
  ...over,
});

/** Writes a market record straight into the department's table, past the API, as an old system or a careless script might. */
async function poison(uscc: string, occurredAt: string): Promise<string> {
  const [row] = await queryOnce<{ id: string }>(
    hub.databaseUrl,
    `with inserted as (
       insert into market.credit_event (uscc, code, occurred_at, status, summary, source_record_id) values ($1, 'MKT-PEN-GENERAL', $2, 'ACTIVE', 'written past the API', $3) returning id, uscc, code
     ), logged as (insert into market.fact_change (uscc, event_id, code) select uscc, id, code from inserted)
     select id from inserted`,
    [uscc, occurredAt, `POISON-${Math.random()}`],
  );
  return row!.id;
}

describe('time is checked once, at the edge', () => {
  it.each([
    ['year 0025', '0025-11-01T00:00:00Z', /0025-11-01T00:00:00.000Z lies before 1900/],
    ['before the first credit record', '1949-09-30T23:59:59Z', /occurredAt 1949-09-30T23:59:59.000Z lies before 1949-10-01/],
    ['in the future', new Date(Date.now() + 864e5).toISOString(), /is in the future/],
  ])('refuses a record dated %s, with a code and the field', async (_, occurredAt, message) => {
    const uscc = await city.shop();
    const r = await hub.query(RECORD, { i: event(uscc, occurredAt) }, await city.officer('market'));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(message);
    expect(r.errors![0]!.message + JSON.stringify(r.errors![0]!.extensions)).toMatch(/occurredAt/);
  });

  it('gives back the instant it was given, for the earliest years a record may hold', async () => {
    const uscc = await city.shop();
    for (const at of ['1949-10-01T00:00:00.000Z', '1999-12-31T23:59:59.999Z', daysAgo(1)]) {
      const r = await hub.query(RECORD, { i: event(uscc, at) }, await city.officer('market'));
      expect(r.errors).toBeUndefined();
      expect(r.data!.recordMarketEvent.occurredAt).toBe(at);
    }
  });

  it('reads a stored year-0049 record as year 49, not 2049', async () => {
    const uscc = await city.shop();
    const id = await poison(uscc, '0049-06-01T00:00:00Z');
    const r = await hub.query('query($id: ID!) { marketEvent(id: $id) { occurredAt } }', { id }, await city.officer('market'));
    expect(r.data!.marketEvent).toEqual({ occurredAt: '0049-06-01T00:00:00.000Z' });
  });
});

describe('one bad record never stops the city', () => {
  let poisoned: string;
  let healthy: string;
  let badRecord: string;

  beforeAll(async () => {
    poisoned = await city.shop('坏数据小店');
    healthy = await city.shop('邻家小店');
    badRecord = await poison(poisoned, '0025-11-01T00:00:00Z');
  });

  it("refuses that merchant's judgment alone, coded and naming the record; the rest of a batch is judged", async () => {
    const r = await hub.query(
      'query($u: [CreditCode!]!) { merchants(usccs: $u) { uscc name credit { grade } } }',
      { u: [poisoned, healthy] },
      await city.admin(),
    );
    expect(r.data!.merchants).toEqual([
      { uscc: poisoned, name: '坏数据小店', credit: null },
      { uscc: healthy, name: '邻家小店', credit: { grade: 'A' } },
    ]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        path: ['merchants', 0, 'credit'],
        extensions: expect.objectContaining({ code: 'RECORD_INVALID', department: 'market', recordId: badRecord }),
      }),
    ]);
    expect(r.errors![0]!.message).toContain(badRecord);
  });

  it("refuses alone a merchant whose record is dated 'infinity', PostgreSQL's own endless time", async () => {
    const endless = await city.shop('无尽小店');
    const record = await poison(endless, 'infinity');
    const r = await hub.query('query($u: [CreditCode!]!) { merchants(usccs: $u) { uscc credit { grade } } }', { u: [endless, healthy] }, await city.admin());
    expect(r.data!.merchants).toEqual([
      { uscc: endless, credit: null },
      { uscc: healthy, credit: { grade: 'A' } },
    ]);
    expect(r.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RECORD_INVALID', recordId: record }) })]);
  });

  it('still shows the shop its public page, without a grade', async () => {
    const shop = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken } }', { u: poisoned });
    const page = await fetch(hub.service.url.replace(/graphql$/, `m/${shop.data!.merchant.qrToken}`));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('坏数据小店');
    expect(html).toContain('暂无评级');
  });

  it('evaluates every other merchant and reports the one it could not judge', async () => {
    const r = await hub.query('mutation { runEvaluation(cycle: "2025") { merchants unjudged { uscc reason } } }', {}, await city.admin());
    expect(r.errors).toBeUndefined();
    const unjudged: { uscc: string; reason: string }[] = r.data!.runEvaluation.unjudged;
    expect(unjudged).toContainEqual({ uscc: poisoned, reason: expect.stringContaining(badRecord) });
    expect(unjudged.map((u) => u.uscc)).not.toContain(healthy);
    const snapshot = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { snapshot(cycle: "2025") { grade } } }', { u: healthy }, await city.admin());
    expect(snapshot.data!.merchant.snapshot).toEqual({ grade: 'A' });
    expect(r.data!.runEvaluation.merchants).toBeGreaterThanOrEqual(1);
  });

  it("keeps pushing everyone else's changes past it, and records why it passed it by", async () => {
    await city.record(healthy, 'MKT-PEN-SERIOUS', daysAgo(3));
    const reader = await city.officer('market');
    let changes: { uscc: string; gradeAfter: string }[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const r: GraphQLResult = await hub.query('{ creditChanges(first: 1000) { nodes { uscc gradeAfter } } }', {}, reader);
      changes = r.data!.creditChanges.nodes;
      if (changes.some((c) => c.uscc === healthy && c.gradeAfter !== 'A')) break;
    }
    expect(changes.filter((c) => c.uscc === healthy).map((c) => c.gradeAfter)).toEqual(['A', expect.not.stringMatching(/^A$/)]);
    const problems = await queryOnce<{ uscc: string; reason: string }>(hub.databaseUrl, 'select uscc, reason from credit.feed_problem');
    expect(problems).toContainEqual({ uscc: poisoned, reason: expect.stringContaining(badRecord) });
    expect(problems.map((p) => p.uscc)).not.toContain(healthy);
  });
});
