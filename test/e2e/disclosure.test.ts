import { queryOnce } from '../../src/db/database';
import { daysAgo, TestCity } from '../support/city';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;
beforeAll(async () => {
  hub = await startTestHub();
  city = new TestCity(hub);
});
afterAll(() => hub?.stop());

const PUBLIC_VIEW = `query($t: String!) { publicProfile(qrToken: $t) {
  credit { grade }
  penalties { decisionNumber violation fineYuan }
  marketEvents { id summary } urbanEvents { id summary } approvalEvents { id summary } financeEvents { id summary } } }`;
const EVENT_LISTS = ['marketEvents', 'urbanEvents', 'approvalEvents', 'financeEvents'];

interface Shop {
  uscc: string;
  qrToken: string;
}

async function shop(): Promise<Shop> {
  const uscc = await city.shop('东港王记海鲜');
  const r = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken } }', { u: uscc });
  return { uscc, qrToken: r.data!.merchant.qrToken };
}

/** A penalty decision as market supervision's own system keeps it, beside the credit event it produced. */
async function penalty(s: Shop, decidedAt: string, decisionNumber: string): Promise<string> {
  const eventId = await city.record(s.uscc, 'MKT-PEN-GENERAL', decidedAt, { summary: `Penalty ${decisionNumber}: expired ingredients` });
  await queryOnce(
    hub.databaseUrl,
    `insert into market.penalty (uscc, decision_number, decided_at, violation, severity, fine_yuan, event_id) values ($1, $2, $3, 'expired ingredients', 'GENERAL', 2000, $4)`,
    [s.uscc, decisionNumber, decidedAt, eventId],
  );
  return eventId;
}

/** What the public sees of a shop: through the graph, and on the page its QR code opens. */
async function publicView(s: Shop) {
  const r = await hub.query(PUBLIC_VIEW, { t: s.qrToken });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const p = r.data!.publicProfile;
  const page = await (await fetch(hub.service.url.replace(/\/graphql$/, `/m/${s.qrToken}`))).text();
  return { grade: p.credit.grade, penalties: p.penalties, eventIds: EVENT_LISTS.flatMap((l) => p[l].map((e: { id: string }) => e.id)), page };
}

async function objectAndDecide(s: Shop, eventId: string, decision: 'UPHOLD' | 'REVOKE', department: string) {
  const filed = await hub.query('mutation($e: ID!) { fileObjection(eventId: $e, reason: "not our shop") { id } }', { e: eventId }, await city.merchant(s.uscc));
  const r = await hub.query(
    'mutation($o: ID!, $d: ObjectionDecision!) { decideObjection(objectionId: $o, decision: $d) { state } }',
    { o: filed.data!.fileObjection.id, d: decision },
    await city.officer(department),
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

describe("what the public sees follows the credit office's decisions", () => {
  it('a penalty revoked on objection is gone from the QR page, publicProfile and the market’s public fields; its department and the merchant still see it', async () => {
    const s = await shop();
    const eventId = await penalty(s, daysAgo(20), '日东市监罚〔2026〕301号');
    const before = await publicView(s);
    expect(before.penalties).toEqual([{ decisionNumber: '日东市监罚〔2026〕301号', violation: 'expired ingredients', fineYuan: 2000 }]);
    expect(before.eventIds).toEqual([eventId]);
    expect(before.page).toContain('日东市监罚〔2026〕301号');
    expect(before.grade).toBe('B');

    // while the objection is pending the record counts and stays public
    const filed = await hub.query(
      'mutation($e: ID!) { fileObjection(eventId: $e, reason: "not our shop") { id } }',
      { e: eventId },
      await city.merchant(s.uscc),
    );
    expect((await publicView(s)).eventIds).toEqual([eventId]);
    await hub.query(
      'mutation($o: ID!) { decideObjection(objectionId: $o, decision: REVOKE) { state } }',
      { o: filed.data!.fileObjection.id },
      await city.officer('market'),
    );

    const after = await publicView(s);
    expect(after).toEqual(expect.objectContaining({ grade: 'A', penalties: [], eventIds: [] }));
    expect(after.page).not.toContain('日东市监罚〔2026〕301号');
    expect(after.page).toContain('aria-label="信用等级">A<');
    for (const reader of [await city.officer('market'), await city.merchant(s.uscc)]) {
      const r = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { penalties { decisionNumber } marketEvents { id } } }', { u: s.uscc }, reader);
      expect(r.data!.merchant).toEqual({ penalties: [{ decisionNumber: '日东市监罚〔2026〕301号' }], marketEvents: [{ id: eventId }] });
    }
  });

  it('a record upheld on objection stays public; a revoked one of another department is gone', async () => {
    const s = await shop();
    const upheld = await penalty(s, daysAgo(15), '日东市监罚〔2026〕302号');
    const fumes = await city.record(s.uscc, 'URB-FUM-01', daysAgo(12));
    await objectAndDecide(s, upheld, 'UPHOLD', 'market');
    await objectAndDecide(s, fumes, 'REVOKE', 'urban');
    const view = await publicView(s);
    expect(view.eventIds).toEqual([upheld]);
    expect(view.penalties).toEqual([expect.objectContaining({ decisionNumber: '日东市监罚〔2026〕302号' })]);
    expect(view.page).not.toContain('URB-FUM-01 recorded in a test');
  });

  it('a repaired record is public until the repair is approved, and not from the repair’s date', async () => {
    const s = await shop();
    // general information can be repaired once its three months' minimum publicity have passed
    const eventId = await penalty(s, daysAgo(120), '日东市监罚〔2026〕303号');
    const applied = await hub.query(
      'mutation($e: ID!) { applyRepair(eventId: $e, statement: "ingredients now checked daily") { id } }',
      { e: eventId },
      await city.merchant(s.uscc),
    );
    expect((await publicView(s)).eventIds).toEqual([eventId]);
    await hub.query(
      'mutation($a: ID!) { decideRepair(applicationId: $a, approve: true) { state } }',
      { a: applied.data!.applyRepair.id },
      await city.officer('market'),
    );
    const after = await publicView(s);
    expect(after).toEqual(expect.objectContaining({ grade: 'A', penalties: [], eventIds: [] }));
    expect(after.page).not.toContain('日东市监罚〔2026〕303号');
  });
});
