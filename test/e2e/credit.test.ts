import { codes, startTestHub, type TestHub } from '../support/hub';
import { daysAgo, TestCity } from '../support/city';

let hub: TestHub;
let city: TestCity;
beforeAll(async () => {
  hub = await startTestHub();
  city = new TestCity(hub);
});
afterAll(() => hub?.stop());

const CREDIT = /* GraphQL */ `
  query Credit($uscc: CreditCode!) {
    merchant(uscc: $uscc) {
      credit {
        score
        grade
        scheme {
          id
          version
        }
        evaluatedAt
        digest
        breakdown {
          eventId
          code
          department
          points
          reason
          underObjection
        }
        excluded {
          eventId
          code
          reason
        }
        lists {
          kind
          eventId
          code
          since
          until
        }
        measures {
          id
          kind
          context
          reasons
        }
        approvalMeasures: measures(context: APPROVAL) {
          id
        }
        approval {
          mode
          reasons
          warnings
        }
        loan {
          eligible
          priority
          tier
          reasons
        }
        inspection {
          riskClass
          samplingWeight
          keyMonitoring
          reasons
        }
      }
    }
  }
`;

async function creditOf(uscc: string) {
  const r = await hub.query(CREDIT, { uscc }, await city.admin());
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.merchant.credit;
}

describe('the credit judgment through the gateway', () => {
  it('gives a merchant without records 1000 points, grade A and the green channel, under the Rizhao scheme', async () => {
    const c = await creditOf(await city.shop());
    expect(c).toEqual(expect.objectContaining({ score: 1000, grade: 'A', scheme: { id: 'rizhao-street-shop', version: 1 }, breakdown: [], lists: [] }));
    expect(c.approval.mode).toBe('GREEN_CHANNEL');
    expect(c.loan).toEqual(expect.objectContaining({ eligible: true, priority: true, tier: 'PREFERENTIAL' }));
    expect(c.inspection).toEqual(expect.objectContaining({ riskClass: 'A', keyMonitoring: false }));
  });

  it('deducts 30 points for a general penalty recorded by market supervision: grade B, commitment-based approval, a normal loan', async () => {
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const c = await creditOf(uscc);
    expect(c.score).toBe(970);
    expect(c.grade).toBe('B');
    expect(c.breakdown).toEqual([expect.objectContaining({ eventId: penalty, code: 'MKT-PEN-GENERAL', department: 'MARKET', points: -30 })]);
    expect(c.breakdown[0].reason).toMatch(/rizhao-street-shop v1/);
    expect(c.approval.mode).toBe('COMMITMENT');
    expect(c.loan).toEqual(expect.objectContaining({ eligible: true, priority: false, tier: 'STANDARD' }));
  });

  it('joins the facts of all four departments into one score', async () => {
    const uscc = await city.shop();
    await city.record(uscc, 'MKT-PEN-MINOR', daysAgo(10));
    await city.record(uscc, 'URB-SAN-02', daysAgo(12));
    await city.record(uscc, 'APR-PMT-LATE', daysAgo(14));
    await city.record(uscc, 'FIN-ARR-TAX', daysAgo(16));
    const c = await creditOf(uscc);
    expect(new Set(c.breakdown.map((i: { department: string }) => i.department))).toEqual(new Set(['MARKET', 'URBAN', 'APPROVAL', 'FINANCE']));
    expect(c.score).toBe(1000 + c.breakdown.reduce((s: number, i: { points: number }) => s + i.points, 0));
  });

  it('forces grade D for a black-list entry whatever the points: restricted approval, no loan, key monitoring, joint punishment', async () => {
    const uscc = await city.shop();
    await city.record(uscc, 'MKT-POS-MODEL', daysAgo(30));
    await city.record(uscc, 'APR-HON-MODEL', daysAgo(30));
    const listing = await city.record(uscc, 'MKT-SID-LISTED', daysAgo(5));
    const c = await creditOf(uscc);
    expect(c.grade).toBe('D');
    expect(c.score).toBeGreaterThan(650);
    expect(c.breakdown.find((i: { eventId: string }) => i.eventId === listing).reason).toMatch(/forces grade D whatever the points/);
    expect(c.lists).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'BLACK', eventId: listing, code: 'MKT-SID-LISTED' })]));
    expect(c.approval.mode).toBe('RESTRICTED');
    expect(c.approval.warnings.join(' ')).toMatch(/attention/);
    expect(c.loan.eligible).toBe(false);
    expect(c.inspection.keyMonitoring).toBe(true);
    expect(c.measures.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['D-JOINT-PUNISHMENT', 'D-NO-PROCUREMENT', 'D-LOAN-RESTRICTED']));
  });

  it('brings a red-list honour its incentives even at grade B', async () => {
    const uscc = await city.shop();
    await city.record(uscc, 'URB-SAN-02', daysAgo(3));
    await city.record(uscc, 'URB-SAN-03', daysAgo(4));
    await city.record(uscc, 'URB-TGD-01', daysAgo(5));
    const rating = await city.record(uscc, 'FIN-TAX-A', daysAgo(40));
    const c = await creditOf(uscc);
    expect(c.grade).toBe('B');
    expect(c.lists).toEqual([expect.objectContaining({ kind: 'RED', eventId: rating })]);
    expect(c.approval.mode).toBe('GREEN_CHANNEL');
    expect(c.loan.priority).toBe(true);
    expect(c.approvalMeasures.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['A-GREEN-CHANNEL']));
    const green = c.measures.find((m: { id: string }) => m.id === 'A-GREEN-CHANNEL');
    expect(green.reasons.join(' ')).toContain(rating);
  });

  it('filters measures by context', async () => {
    const c = await creditOf(await city.shop());
    expect(c.approvalMeasures.length).toBeGreaterThan(0);
    expect(c.measures.filter((m: { context: string }) => m.context === 'APPROVAL').map((m: { id: string }) => m.id)).toEqual(
      c.approvalMeasures.map((m: { id: string }) => m.id),
    );
  });

  it('does not count an event past its publicity period, and says why', async () => {
    const uscc = await city.shop();
    const old = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(400));
    const c = await creditOf(uscc);
    expect(c.score).toBe(1000);
    expect(c.excluded).toEqual([expect.objectContaining({ eventId: old, reason: expect.stringMatching(/publicity period ended/) })]);
  });

  it('judges as of an earlier date, and refuses a future one', async () => {
    const uscc = await city.shop();
    await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(10));
    const earlier = await hub.query(
      'query($u: CreditCode!, $at: DateTime) { merchant(uscc: $u) { credit(at: $at) { score } } }',
      { u: uscc, at: daysAgo(30) },
      await city.admin(),
    );
    expect(earlier.data!.merchant.credit.score).toBe(1000);
    const future = await hub.query('query($u: CreditCode!, $at: DateTime) { merchant(uscc: $u) { credit(at: $at) { score } } }', {
      u: uscc,
      at: '2999-01-01T00:00:00Z',
    });
    expect(codes(future)).toContain('BAD_USER_INPUT');
  });

  it('gives the same digest for the same inputs and another one when a fact arrives', async () => {
    const uscc = await city.shop();
    const at = daysAgo(0);
    const q = 'query($u: CreditCode!, $at: DateTime) { merchant(uscc: $u) { credit(at: $at) { digest } } }';
    const a = (await hub.query(q, { u: uscc, at }, await city.admin())).data!.merchant.credit.digest;
    const b = (await hub.query(q, { u: uscc, at }, await city.admin())).data!.merchant.credit.digest;
    await city.record(uscc, 'URB-SAN-01', daysAgo(1));
    const c = (await hub.query(q, { u: uscc, at }, await city.admin())).data!.merchant.credit.digest;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe('objections', () => {
  const FILE = 'mutation($e: ID!, $r: String!) { fileObjection(eventId: $e, reason: $r) { id state eventId code department } }';
  const DECIDE =
    'mutation($o: ID!, $d: ObjectionDecision!) { decideObjection(objectionId: $o, decision: $d, note: "re-examined") { id state decidedBy decisionNote } }';

  it('flags a disputed record while it is pending (it still counts), and a revocation removes it as if it never counted', async () => {
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const filed = await hub.query(FILE, { e: penalty, r: 'The goods were not mine: a supplier delivered them by mistake.' }, await city.merchant(uscc));
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.fileObjection).toEqual(expect.objectContaining({ state: 'PENDING', eventId: penalty, code: 'MKT-PEN-GENERAL', department: 'MARKET' }));

    const pending = await creditOf(uscc);
    expect(pending.score).toBe(970);
    expect(pending.breakdown[0].underObjection).toBe(true);
    expect(pending.approval.warnings.join(' ')).toMatch(/under objection/);

    const decided = await hub.query(DECIDE, { o: filed.data!.fileObjection.id, d: 'REVOKE' }, await city.officer('market'));
    expect(decided.data!.decideObjection).toEqual(expect.objectContaining({ state: 'REVOKED', decidedBy: 'officer-market', decisionNote: 're-examined' }));
    const after = await creditOf(uscc);
    expect(after.score).toBe(1000);
    expect(after.excluded).toEqual([expect.objectContaining({ eventId: penalty, reason: expect.stringMatching(/revoked on objection/) })]);
  });

  it('keeps an upheld record counting', async () => {
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const filed = await hub.query(FILE, { e: penalty, r: 'unfair' }, await city.merchant(uscc));
    await hub.query(DECIDE, { o: filed.data!.fileObjection.id, d: 'UPHOLD' }, await city.officer('market'));
    const c = await creditOf(uscc);
    expect(c.score).toBe(970);
    expect(c.breakdown[0].underObjection).toBe(false);
  });

  it('lets only the merchant object to its own records, once at a time', async () => {
    const uscc = await city.shop();
    const other = await city.shop('另一家店');
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    expect(codes(await hub.query(FILE, { e: penalty, r: 'x' }, await city.merchant(other)))).toEqual(['NOT_FOUND']);
    expect(codes(await hub.query(FILE, { e: penalty, r: 'x' }, await city.officer('market')))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query(FILE, { e: penalty, r: 'x' }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await hub.query(FILE, { e: penalty, r: '   ' }, await city.merchant(uscc)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query(FILE, { e: 'not-an-id', r: 'x' }, await city.merchant(uscc)))).toEqual(['NOT_FOUND']);
    expect((await hub.query(FILE, { e: penalty, r: 'first' }, await city.merchant(uscc))).errors).toBeUndefined();
    expect(codes(await hub.query(FILE, { e: penalty, r: 'second' }, await city.merchant(uscc)))).toEqual(['CONFLICT']);
  });

  it('is decided by the owning department only, once', async () => {
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const id = (await hub.query(FILE, { e: penalty, r: 'unfair' }, await city.merchant(uscc))).data!.fileObjection.id;
    expect(codes(await hub.query(DECIDE, { o: id, d: 'REVOKE' }, await city.officer('urban')))).toEqual(['FORBIDDEN']);
    const officer = await city.officer('market');
    expect((await hub.query(DECIDE, { o: id, d: 'UPHOLD' }, officer)).errors).toBeUndefined();
    expect(codes(await hub.query(DECIDE, { o: id, d: 'REVOKE' }, officer))).toEqual(['CONFLICT']);
  });
});

describe('credit repair', () => {
  const APPLY = 'mutation($e: ID!) { applyRepair(eventId: $e, statement: "Corrected; fine paid; public credit commitment signed.") { id state } }';
  const DECIDE = 'mutation($a: ID!, $ok: Boolean!) { decideRepair(applicationId: $a, approve: $ok) { id state decidedBy } }';

  it('bars commitment-based approval after a breached commitment until it is repaired', async () => {
    const uscc = await city.shop();
    const breach = await city.record(uscc, 'APR-CMT-BREACH', daysAgo(120));
    await city.record(uscc, 'MKT-POS-MODEL', daysAgo(30));
    const before = await creditOf(uscc);
    expect(before.grade).toBe('A');
    expect(before.approval.mode).toBe('STANDARD');
    expect(before.approval.reasons.join(' ')).toContain(breach);
    expect(before.measures.map((m: { id: string }) => m.id)).toContain('BREACH-NO-COMMITMENT');

    const applied = await hub.query(APPLY, { e: breach }, await city.merchant(uscc));
    expect(applied.data!.applyRepair.state).toBe('PENDING');
    expect(codes(await hub.query(APPLY, { e: breach }, await city.merchant(uscc)))).toEqual(['CONFLICT']);
    const decided = await hub.query(DECIDE, { a: applied.data!.applyRepair.id, ok: true }, await city.officer('approval'));
    expect(decided.data!.decideRepair).toEqual(expect.objectContaining({ state: 'APPROVED', decidedBy: 'officer-approval' }));

    const after = await creditOf(uscc);
    expect(after.approval.mode).toBe('GREEN_CHANNEL');
    expect(after.excluded).toEqual([expect.objectContaining({ eventId: breach, reason: expect.stringMatching(/repaired on/) })]);
    const history = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { repairApplications { eventId state decidedBy } } }',
      { u: uscc },
      await city.merchant(uscc),
    );
    expect(history.data!.merchant.repairApplications).toEqual([{ eventId: breach, state: 'APPROVED', decidedBy: 'officer-approval' }]);
  });

  it('refuses a repair before the minimum publicity period, saying from when it is possible', async () => {
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-SERIOUS', daysAgo(30));
    const r = await hub.query(APPLY, { e: penalty }, await city.merchant(uscc));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(/only after its minimum publicity period: from \d{4}-\d{2}-\d{2}/);
  });

  it('has nothing to repair in positive information', async () => {
    const uscc = await city.shop();
    const honour = await city.record(uscc, 'MKT-POS-MODEL', daysAgo(30));
    expect(codes(await hub.query(APPLY, { e: honour }, await city.merchant(uscc)))).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps a rejected repair on record and the event counting', async () => {
    const uscc = await city.shop();
    const arrear = await city.record(uscc, 'FIN-ARR-TAX', daysAgo(120));
    const id = (await hub.query(APPLY, { e: arrear }, await city.merchant(uscc))).data!.applyRepair.id;
    const r = await hub.query(DECIDE, { a: id, ok: false }, await city.officer('finance'));
    expect(r.data!.decideRepair.state).toBe('REJECTED');
    expect((await creditOf(uscc)).score).toBe(970);
  });
});
