import { addMonths } from '../../src/credit-engine';
import { daysAgo, TestCity } from '../support/city';
import { startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;
beforeAll(async () => {
  // more merchants than the feed re-judges in one batch
  hub = await startTestHub({ CHANGE_FEED_INTERVAL_MS: '200', DEMO_MERCHANTS: '600' });
  city = new TestCity(hub);
});
afterAll(() => hub?.stop());

type Change = { seq: string; uscc: string; gradeBefore: string | null; gradeAfter: string; measuresAdded: string[]; measuresRemoved: string[]; cause: string };

async function feed(): Promise<Change[]> {
  const all: Change[] = [];
  let since: string | null = null;
  for (;;) {
    const r: GraphQLResult = await hub.query(
      'query($s: String) { creditChanges(since: $s, first: 500) { nodes { seq uscc gradeBefore gradeAfter measuresAdded measuresRemoved cause } pageInfo { endCursor hasNextPage } } }',
      { s: since },
      await city.admin(),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    all.push(...r.data!.creditChanges.nodes);
    if (!r.data!.creditChanges.pageInfo.hasNextPage) return all;
    since = r.data!.creditChanges.pageInfo.endCursor;
  }
}

/** The merchant's changes once the feed holds as many as wanted (or what it holds after the wait). */
async function changesOf(uscc: string, wanted: number, ms = 8000): Promise<Change[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const mine = (await feed()).filter((c) => c.uscc === uscc);
    if (mine.length >= wanted || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A new shop, once the feed has entered it. */
async function shopInFeed(): Promise<string> {
  const uscc = await city.shop();
  await changesOf(uscc, 1, 30_000);
  return uscc;
}

async function liveGrades(): Promise<Map<string, string>> {
  const r = await hub.query('{ merchantsPage(first: 1000) { nodes { uscc credit { grade } } } }', {}, await city.admin());
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return new Map(r.data!.merchantsPage.nodes.map((n: { uscc: string; credit: { grade: string } }) => [n.uscc, n.credit.grade]));
}

describe('the change feed re-judges what changes without a new fact, and names the true cause', () => {
  it('a record whose publicity period ends stops counting, and the feed says so', async () => {
    const uscc = await shopInFeed();
    // minor information is published for three months: this one's end is a few seconds away
    const ends = new Date(Date.now() + 4000);
    const occurredAt = addMonths(ends, -3);
    expect(addMonths(occurredAt, 3)).toEqual(ends);
    const eventId = await city.record(uscc, 'MKT-PEN-MINOR', occurredAt.toISOString());
    const changes = await changesOf(uscc, 3);
    expect(changes.map(({ gradeBefore, gradeAfter, cause }) => ({ gradeBefore, gradeAfter, cause }))).toEqual([
      { gradeBefore: null, gradeAfter: 'A', cause: 'registered in the directory' },
      { gradeBefore: 'A', gradeAfter: 'B', cause: `market recorded MKT-PEN-MINOR (event ${eventId})` },
      { gradeBefore: 'B', gradeAfter: 'A', cause: `publicity period of MKT-PEN-MINOR (event ${eventId}) ended on ${ends.toISOString().slice(0, 10)}` },
    ]);
  });

  it('an upheld objection changes nothing; an approved repair names its decision', async () => {
    const uscc = await shopInFeed();
    const merchant = await city.merchant(uscc);
    const officer = await city.officer('market');
    // general information, past its three months' minimum publicity: it may be repaired
    const eventId = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(120));
    await changesOf(uscc, 2);
    const filed = await hub.query('mutation($e: ID!) { fileObjection(eventId: $e, reason: "paid already") { id } }', { e: eventId }, merchant);
    await hub.query('mutation($o: ID!) { decideObjection(objectionId: $o, decision: UPHOLD) { state } }', { o: filed.data!.fileObjection.id }, officer);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await changesOf(uscc, 0, 0)).toHaveLength(2);
    const applied = await hub.query('mutation($e: ID!) { applyRepair(eventId: $e, statement: "corrected") { id } }', { e: eventId }, merchant);
    await hub.query('mutation($a: ID!) { decideRepair(applicationId: $a, approve: true) { state } }', { a: applied.data!.applyRepair.id }, officer);
    expect((await changesOf(uscc, 3)).map(({ gradeBefore, gradeAfter, cause }) => ({ gradeBefore, gradeAfter, cause }))).toEqual([
      { gradeBefore: null, gradeAfter: 'A', cause: 'registered in the directory' },
      { gradeBefore: 'A', gradeAfter: 'B', cause: `market recorded MKT-PEN-GENERAL (event ${eventId})` },
      { gradeBefore: 'B', gradeAfter: 'A', cause: `repair approved (event ${eventId})` },
    ]);
  });

  it('a measure added or retired reaches the merchants it applies to, and the feed names the change', async () => {
    const uscc = await shopInFeed();
    const admin = await city.admin();
    await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(40));
    await changesOf(uscc, 2);
    const measure = {
      id: 'GENERAL-PENALTY-REMINDER',
      title: 'Integrity reminder after a general penalty',
      kind: 'PUNISHMENT',
      department: 'market supervision',
      legalBasis: '信用修复管理办法',
      context: 'INSPECTION',
      trigger: { codes: ['MKT-PEN-GENERAL'] },
    };
    expect((await hub.query('mutation($m: MeasureInput!) { addMeasure(input: $m) { id } }', { m: measure }, admin)).errors).toBeUndefined();
    expect((await changesOf(uscc, 3, 30_000)).at(-1)).toEqual(
      expect.objectContaining({ gradeBefore: 'B', gradeAfter: 'B', measuresAdded: [measure.id], cause: `measure ${measure.id} added` }),
    );
    expect((await hub.query('mutation($id: ID!) { retireMeasure(id: $id) { id } }', { id: measure.id }, admin)).errors).toBeUndefined();
    expect((await changesOf(uscc, 4, 30_000)).at(-1)).toEqual(
      expect.objectContaining({ measuresAdded: [], measuresRemoved: [measure.id], cause: `measure ${measure.id} retired` }),
    );
  });

  it('after a scheme is published, every merchant it regrades has a change naming the publish, and the feed agrees with the live grades', async () => {
    const penalised = await shopInFeed();
    await city.record(penalised, 'MKT-PEN-GENERAL', daysAgo(30));
    await changesOf(penalised, 2);
    const before = await liveGrades();
    const fromSeq = (await feed()).at(-1)!.seq;

    const published = await hub.query(
      'mutation($d: SchemeInput!) { publishScheme(input: $d) { version } }',
      {
        d: {
          id: 'rizhao-street-shop',
          name: 'Rizhao street-shop credit points, stricter on general violations',
          cycle: 'YEARLY',
          base: 1000,
          bands: [
            { grade: 'A', min: 1000, level: 'A' },
            { grade: 'B', min: 870, level: 'B' },
            { grade: 'C', min: 650, level: 'C' },
            { grade: 'D', min: null, level: 'D' },
          ],
          pointsBySeverity: { minor: -10, general: -150, serious: -300, positive: 10 },
        },
      },
      await city.admin(),
    );
    expect(published.errors).toBeUndefined();
    const version = published.data!.publishScheme.version;
    // the built-in scheme is version 1
    expect(version).toBe(2);
    const cause = `scheme rizhao-street-shop version ${version} published`;

    const after = await liveGrades();
    const regraded = [...after].filter(([uscc, grade]) => before.get(uscc) !== grade);
    expect(regraded.length).toBeGreaterThan(1);
    expect(after.get(penalised)).toBe('C');
    // every replica applies a new scheme within five seconds: the feed waits for that, then re-judges in batches
    const deadline = Date.now() + 40_000;
    let caused: Change[] = [];
    while (Date.now() < deadline) {
      caused = (await feed()).filter((c) => BigInt(c.seq) > BigInt(fromSeq));
      if (caused.length >= regraded.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(caused.map((c) => [c.uscc, c.gradeBefore, c.gradeAfter, c.cause]).sort()).toEqual(
      regraded.map(([uscc, grade]) => [uscc, before.get(uscc), grade, cause]).sort(),
    );

    // a later fact's change starts from the grade the publish gave, and names that fact alone
    const serious = await city.record(penalised, 'MKT-PEN-SERIOUS', daysAgo(5));
    const last = (await changesOf(penalised, 4)).at(-1);
    expect(last).toEqual(expect.objectContaining({ gradeBefore: 'C', gradeAfter: 'D', cause: `market recorded MKT-PEN-SERIOUS (event ${serious})` }));
  });
});
