import pg from 'pg';
import { daysAgo, newUscc, TestCity } from '../support/city';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

// N callers at once through the real gateway; the database, read directly, says what was written
const N = 100;
const EVALUATIONS = 8;
const MERCHANTS = 30;

let hub: TestHub;
let city: TestCity;
let db: pg.Client;

beforeAll(async () => {
  hub = await startTestHub();
  city = new TestCity(hub);
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(`select count(*) as n from (${sql}) t`, params)).rows[0]!.n);
const at = (n: number) => Array.from({ length: n }, (_, i) => i);
/** the messages of every error that is not the expected conflict, so a failure says what went wrong */
const otherThanConflicts = (answers: GraphQLResult[]) =>
  answers
    .flatMap((a) => a.errors ?? [])
    .filter((e) => e.extensions?.code !== 'CONFLICT')
    .map((e) => `${e.extensions?.code}: ${e.message}`);

describe(`${N} concurrent callers`, () => {
  it('record one event once: one row, one line in the fact-change log, and every answer carries its id', async () => {
    const input = { uscc: newUscc(), code: 'MKT-PEN-GENERAL', occurredAt: daysAgo(3), sourceRecordId: `CONC-${Date.now()}`, summary: 'Sold expired food' };
    const officer = await city.officer('market');
    const answers = await Promise.all(
      at(N).map(() => hub.query('mutation($i: RecordEventInput!) { recordMarketEvent(input: $i) { id } }', { i: input }, officer)),
    );

    expect(answers.flatMap(codes)).toEqual([]);
    const rows = (await db.query<{ id: string }>('select id from market.credit_event where source_record_id = $1', [input.sourceRecordId])).rows;
    expect(rows).toHaveLength(1);
    expect(answers.map((a) => a.data!.recordMarketEvent.id)).toEqual(Array(N).fill(rows[0]!.id));
    expect(await count('select 1 from market.fact_change where event_id = $1', [rows[0]!.id])).toBe(1);
  });

  it('object to one record: one objection is filed, the rest are conflicts', async () => {
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const owner = await city.merchant(uscc);
    const answers = await Promise.all(
      at(N).map((i) => hub.query('mutation($e: ID!, $r: String!) { fileObjection(eventId: $e, reason: $r) { id } }', { e: penalty, r: `unfair ${i}` }, owner)),
    );

    expect(otherThanConflicts(answers)).toEqual([]);
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.flatMap(codes)).toEqual(Array(N - 1).fill('CONFLICT'));
    expect(await count('select 1 from credit.objection where event_id = $1', [penalty])).toBe(1);
  });

  it('decide one objection: exactly one decision wins, the rest are conflicts, the change feed hears of it once', async () => {
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const filed = await hub.query('mutation($e: ID!) { fileObjection(eventId: $e, reason: "not ours") { id } }', { e: penalty }, await city.merchant(uscc));
    const objection = filed.data!.fileObjection.id;
    const officer = await city.officer('market');
    const answers = await Promise.all(
      at(N).map((i) =>
        hub.query(
          'mutation($o: ID!, $d: ObjectionDecision!) { decideObjection(objectionId: $o, decision: $d) { state } }',
          { o: objection, d: i % 2 ? 'REVOKE' : 'UPHOLD' },
          officer,
        ),
      ),
    );

    expect(otherThanConflicts(answers)).toEqual([]);
    const won = answers.filter((a) => !a.errors);
    expect(won).toHaveLength(1);
    expect(answers.flatMap(codes)).toEqual(Array(N - 1).fill('CONFLICT'));
    const [row] = (await db.query<{ state: string }>('select state from credit.objection where id = $1', [objection])).rows;
    expect(row!.state).toBe(won[0]!.data!.decideObjection.state);
    expect(await count("select 1 from credit.fact_change where event_id = $1 and code like 'OBJECTION_%'", [penalty])).toBe(1);
  });

  it('decide one repair application: exactly one decision wins, the rest are conflicts', async () => {
    const uscc = await city.shop();
    const minor = await city.record(uscc, 'MKT-PEN-MINOR', daysAgo(60));
    const applied = await hub.query(
      'mutation($e: ID!) { applyRepair(eventId: $e, statement: "Corrected; fine paid.") { id } }',
      { e: minor },
      await city.merchant(uscc),
    );
    expect(applied.errors).toBeUndefined();
    const application = applied.data!.applyRepair.id;
    const officer = await city.officer('market');
    const answers = await Promise.all(
      at(N).map((i) =>
        hub.query('mutation($a: ID!, $ok: Boolean!) { decideRepair(applicationId: $a, approve: $ok) { state } }', { a: application, ok: i % 2 === 0 }, officer),
      ),
    );

    expect(otherThanConflicts(answers)).toEqual([]);
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.flatMap(codes)).toEqual(Array(N - 1).fill('CONFLICT'));
    expect(await count("select 1 from credit.repair_application where id = $1 and state <> 'PENDING'", [application])).toBe(1);
  });
});

describe(`${EVALUATIONS} concurrent evaluation runs of one cycle`, () => {
  it('keep one snapshot per merchant, one evaluation and one set of sums', async () => {
    for (let i = 0; i < MERCHANTS - 3; i++) await city.shop(`并发店${i}`);
    const registered = await count('select 1 from credit.merchant');
    const admin = await city.admin();
    const answers = await Promise.all(at(EVALUATIONS).map(() => hub.query('mutation { runEvaluation(cycle: "2025") { merchants } }', {}, admin)));

    expect(answers.flatMap(codes)).toEqual([]);
    expect(answers.map((a) => a.data!.runEvaluation.merchants)).toEqual(Array(EVALUATIONS).fill(registered));
    expect(await count("select 1 from credit.snapshot where cycle = '2025'")).toBe(registered);
    expect(await count("select distinct uscc from credit.snapshot where cycle = '2025'")).toBe(registered);
    expect(await count("select 1 from credit.evaluation where cycle = '2025'")).toBe(1);
    const [{ summed }] = (await db.query<{ summed: string }>("select coalesce(sum(merchants), 0) as summed from credit.snapshot_summary where cycle = '2025'"))
      .rows;
    expect(Number(summed)).toBe(registered);
  });
});
