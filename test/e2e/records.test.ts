import { queryOnce } from '../../src/db/database';
import { daysAgo, newUscc, TestCity } from '../support/city';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;
beforeAll(async () => {
  hub = await startTestHub();
  city = new TestCity(hub);
});
afterAll(() => hub?.stop());

let serial = 0;
const recordId = (prefix: string) => `${prefix}-${Date.now()}-${++serial}`;
const rows = async (sql: string, params: unknown[]) => queryOnce(hub.databaseUrl, sql, params);

/** Sends a department's write as its officer. */
async function write(department: string, mutation: string, input: Record<string, unknown>, select: string): Promise<GraphQLResult> {
  const type = `${mutation.slice('record'.length)}Input`; // recordPenaltyDecision takes a PenaltyDecisionInput
  return hub.query(`mutation($input: ${type}!) { ${mutation}(input: $input) { ${select} } }`, { input }, await city.officer(department));
}

const PROFILE = `query($uscc: CreditCode!) {
  merchant(uscc: $uscc) {
    penalties { id sourceRecordId decisionNumber severity fineYuan eventId }
    inspections { id result eventId }
    marketListEntries { id list removedAt eventId }
    taxpayerRatings { id year rating score eventId }
    loans { id status eventId }
    subsidies { id programme eventId }
    conductRecords { id code behaviour location photoUrl eventId }
    permits { id permitNumber status eventId }
    marketEvents { id code status endedAt sourceRecordId }
    urbanEvents { id code summary evidenceUrl }
    approvalEvents { id code }
    financeEvents { id code }
    credit { score grade breakdown { eventId code points } lists { kind code until } }
  }
}`;

async function profile(uscc: string) {
  const r = await hub.query(PROFILE, { uscc }, await city.admin());
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.merchant;
}

const penalty = (uscc: string, over: Record<string, unknown> = {}) => ({
  uscc,
  sourceRecordId: recordId('东港市监案'),
  decisionNumber: `日东市监罚〔2026〕${++serial}号`,
  decidedAt: daysAgo(10),
  violation: '使用超过保质期的食品原料',
  severity: 'SERIOUS',
  fineYuan: 60_000,
  evidenceUrl: 'https://amr.rizhao.gov.cn/xzcf/2026-12',
  ...over,
});
const PENALTY = 'id sourceRecordId decisionNumber severity fineYuan eventId';
const recordPenalty = (input: Record<string, unknown>) => write('market', 'recordPenaltyDecision', input, PENALTY);

describe('a penalty decision recorded by a market officer', () => {
  it('appears in penalties and lowers the score by the credit event derived from its severity', async () => {
    const uscc = await city.shop();
    expect((await profile(uscc)).credit.score).toBe(1000);
    const r = await recordPenalty(penalty(uscc));
    expect(r.errors).toBeUndefined();
    const decision = r.data!.recordPenaltyDecision;
    const m = await profile(uscc);
    expect(m.penalties).toEqual([decision]);
    expect(m.marketEvents).toEqual([
      expect.objectContaining({ id: decision.eventId, code: 'MKT-PEN-SERIOUS', status: 'ACTIVE', sourceRecordId: decision.sourceRecordId }),
    ]);
    expect(m.credit.breakdown).toEqual([{ eventId: decision.eventId, code: 'MKT-PEN-SERIOUS', points: -100 }]);
    expect(m.credit).toEqual(expect.objectContaining({ score: 900, grade: 'B' }));
  });

  it('derives the code from the severity: a warning without a fine is a minor penalty', async () => {
    const uscc = await city.shop();
    await recordPenalty(penalty(uscc, { severity: 'MINOR', fineYuan: 0 }));
    expect((await profile(uscc)).marketEvents.map((e: { code: string }) => e.code)).toEqual(['MKT-PEN-MINOR']);
  });

  it('is one decision however often it is sent, concurrently too: the same record, one credit event', async () => {
    const uscc = await city.shop();
    const input = penalty(uscc);
    const answers = await Promise.all(Array.from({ length: 6 }, () => recordPenalty(input)));
    expect(answers.flatMap(codes)).toEqual([]);
    expect(new Set(answers.map((a) => a.data!.recordPenaltyDecision.id)).size).toBe(1);
    const again = await recordPenalty(input);
    expect(again.data!.recordPenaltyDecision).toEqual(answers[0]!.data!.recordPenaltyDecision);
    expect(await rows('select 1 from market.penalty where uscc = $1', [uscc])).toHaveLength(1);
    expect(await rows('select 1 from market.credit_event where uscc = $1', [uscc])).toHaveLength(1);
  });

  it('refuses a record id reused for another decision, and a decision number recorded under another id, as conflicts', async () => {
    const uscc = await city.shop();
    const input = penalty(uscc);
    await recordPenalty(input);
    const otherFine = await recordPenalty({ ...input, fineYuan: 70_000 });
    expect(codes(otherFine)).toEqual(['CONFLICT']);
    expect(otherFine.errors![0]!.message).toMatch(/already recorded .* with other content .*fineYuan 60000/);
    const sameNumber = await recordPenalty({ ...input, sourceRecordId: recordId('另一案') });
    expect(codes(sameNumber)).toEqual(['CONFLICT']);
    expect(sameNumber.errors![0]!.message).toMatch(/decisionNumber/);
    expect(await rows('select 1 from market.credit_event where uscc = $1', [uscc])).toHaveLength(1);
  });

  it.each([
    ['an unknown severity', { severity: 'HUGE' }, /HUGE/],
    ['a negative fine', { fineYuan: -100 }, /fineYuan must be a whole number from 0/],
    ['a decision date in the future', { decidedAt: '2999-01-01T00:00:00Z' }, /decidedAt .* is in the future/],
    ['an empty violation', { violation: '  ' }, /violation must be 1–2000 characters/],
    ['an evidence link that is no web address', { evidenceUrl: 'javascript:alert(1)' }, /evidenceUrl must be an http\(s\) URL/],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_, over, why) => {
    const uscc = await city.shop();
    const r = await recordPenalty(penalty(uscc, over));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(why);
    expect(await rows('select 1 from market.penalty where uscc = $1', [uscc])).toHaveLength(0);
    expect(await rows('select 1 from market.credit_event where uscc = $1', [uscc])).toHaveLength(0);
  });

  it('refuses a merchant the directory does not hold, and a code that fails its check character', async () => {
    const stranger = newUscc();
    const r = await recordPenalty(penalty(stranger));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(`credit code ${stranger} is not in the merchant directory`);
    expect(await rows('select 1 from market.penalty where uscc = $1', [stranger])).toHaveLength(0);
    expect(codes(await recordPenalty(penalty('92371102MA3C4DEF5X')))).toEqual(['BAD_USER_INPUT']);
  });

  it("is market supervision's own: another department's officer is refused, the public asked to sign in", async () => {
    const input = penalty(await city.shop());
    const mutation = `mutation($input: PenaltyDecisionInput!) { recordPenaltyDecision(input: $input) { id } }`;
    expect(codes(await hub.query(mutation, { input }, await city.officer('urban')))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query(mutation, { input }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('inspections and list entries', () => {
  const inspection = (uscc: string, over: Record<string, unknown>) => ({
    uscc,
    sourceRecordId: recordId('SJ'),
    inspectedAt: daysAgo(3),
    kind: 'RANDOM_SPOT_CHECK',
    result: 'PASSED',
    ...over,
  });

  it('records an inspection that passed with no credit event, and a failed spot check with MKT-INS-RANDOM', async () => {
    const uscc = await city.shop();
    const passed = await write('market', 'recordInspection', inspection(uscc, {}), 'id eventId');
    expect(passed.data!.recordInspection.eventId).toBeNull();
    const failed = await write('market', 'recordInspection', inspection(uscc, { result: 'FAILED', findings: '无法提供进货来源证明' }), 'id eventId');
    const m = await profile(uscc);
    expect(m.inspections).toHaveLength(2);
    expect(m.marketEvents).toEqual([expect.objectContaining({ id: failed.data!.recordInspection.eventId, code: 'MKT-INS-RANDOM' })]);
  });

  it('asks a failed inspection what it found, and a failed sampling whether food was sampled', async () => {
    const uscc = await city.shop();
    const silent = await write('market', 'recordInspection', inspection(uscc, { result: 'FAILED' }), 'id');
    expect(codes(silent)).toEqual(['BAD_USER_INPUT']);
    expect(silent.errors![0]!.extensions!.field).toBe('findings');
    const sampling = inspection(uscc, { kind: 'PRODUCT_SAMPLING', result: 'FAILED', findings: '菌落总数超标' });
    expect(codes(await write('market', 'recordInspection', sampling, 'id'))).toEqual(['BAD_USER_INPUT']);
    await write('market', 'recordInspection', { ...sampling, sampled: 'FOOD' }, 'id');
    expect((await profile(uscc)).marketEvents.map((e: { code: string }) => e.code)).toEqual(['MKT-SPC-FOOD']);
  });

  it('lists a merchant on the serious list (black list, grade D) until it is removed, when the listing ends', async () => {
    const uscc = await city.shop();
    const sourceRecordId = recordId('SID');
    const listing = { uscc, sourceRecordId, list: 'SERIOUS_ILLEGAL_DISHONEST', reason: '受到较重行政处罚', listedAt: daysAgo(400) };
    const listed = await write('market', 'recordMarketListing', listing, 'id eventId');
    expect(listed.errors).toBeUndefined();
    let m = await profile(uscc);
    expect(m.credit.grade).toBe('D');
    expect(m.credit.lists).toEqual([expect.objectContaining({ kind: 'BLACK', code: 'MKT-SID-LISTED' })]);

    // a removal is a decision of its own: the listing sent again with one is refused, never taken as already recorded
    const resent = await write('market', 'recordMarketListing', { ...listing, removedAt: daysAgo(2) }, 'id');
    expect(codes(resent)).toEqual(['CONFLICT']);
    const REMOVE = `mutation($id: String!, $at: DateTime!) { removeMarketListing(sourceRecordId: $id, removedAt: $at) { id removedAt } }`;
    const officer = await city.officer('market');
    const early = await hub.query(REMOVE, { id: sourceRecordId, at: daysAgo(401) }, officer);
    expect(codes(early)).toEqual(['BAD_USER_INPUT']);
    expect(early.errors![0]!.message).toMatch(/lies before the listing/);
    const removedAt = daysAgo(2);
    const removed = await hub.query(REMOVE, { id: sourceRecordId, at: removedAt }, officer);
    expect(removed.data!.removeMarketListing).toEqual({ id: listed.data!.recordMarketListing.id, removedAt });
    expect((await hub.query(REMOVE, { id: sourceRecordId, at: removedAt }, officer)).data!.removeMarketListing.removedAt).toBe(removedAt);
    expect(codes(await hub.query(REMOVE, { id: sourceRecordId, at: daysAgo(1) }, officer))).toEqual(['CONFLICT']);
    expect(codes(await hub.query(REMOVE, { id: 'no-such-listing', at: removedAt }, officer))).toEqual(['NOT_FOUND']);
    expect(codes(await hub.query(REMOVE, { id: 'x'.repeat(101), at: removedAt }, officer))).toEqual(['BAD_USER_INPUT']);
    // once removed, the listing sent with its removal is the record kept
    expect((await write('market', 'recordMarketListing', { ...listing, removedAt }, 'id')).data!.recordMarketListing.id).toBe(
      listed.data!.recordMarketListing.id,
    );

    m = await profile(uscc);
    expect(m.marketEvents).toEqual([expect.objectContaining({ code: 'MKT-SID-LISTED', status: 'ENDED', endedAt: removedAt })]);
    expect(m.credit.lists).toEqual([]);
    expect(m.credit.grade).not.toBe('D');
  });

  it('takes the code of an abnormal-operation listing from its ground, and refuses one without a ground', async () => {
    const uscc = await city.shop();
    const listing = { uscc, sourceRecordId: recordId('ABN'), list: 'ABNORMAL_OPERATION', reason: '通过登记的住所无法联系', listedAt: daysAgo(30) };
    expect(codes(await write('market', 'recordMarketListing', listing, 'id'))).toEqual(['BAD_USER_INPUT']);
    await write('market', 'recordMarketListing', { ...listing, ground: 'UNREACHABLE' }, 'id');
    expect((await profile(uscc)).marketEvents.map((e: { code: string }) => e.code)).toEqual(['MKT-ABN-ADDRESS']);
  });
});

describe("finance's records", () => {
  const rating = (uscc: string, over: Record<string, unknown>) => ({
    uscc,
    sourceRecordId: recordId('RATING'),
    year: 2025,
    ratedAt: '2026-04-20T02:00:00Z',
    ...over,
  });

  it('records a D taxpayer rating as FIN-TAX-D: a black-list trigger, grade D', async () => {
    const uscc = await city.shop();
    const r = await write('finance', 'recordTaxpayerRating', rating(uscc, { rating: 'D', score: 35 }), 'id rating eventId');
    expect(r.errors).toBeUndefined();
    const m = await profile(uscc);
    expect(m.taxpayerRatings).toEqual([expect.objectContaining({ year: 2025, rating: 'D', score: 35, eventId: r.data!.recordTaxpayerRating.eventId })]);
    expect(m.financeEvents).toEqual([{ id: r.data!.recordTaxpayerRating.eventId, code: 'FIN-TAX-D' }]);
    expect(m.credit.grade).toBe('D');
    expect(m.credit.lists).toEqual([expect.objectContaining({ kind: 'BLACK', code: 'FIN-TAX-D' })]);
  });

  it('records a new taxpayer (M) with no credit event, and refuses a score outside the rating or a second rating of the year', async () => {
    const uscc = await city.shop();
    const m = await write('finance', 'recordTaxpayerRating', rating(uscc, { rating: 'M' }), 'id eventId');
    expect(m.data!.recordTaxpayerRating.eventId).toBeNull();
    expect((await profile(uscc)).financeEvents).toEqual([]);
    const wrongScore = await write('finance', 'recordTaxpayerRating', rating(uscc, { year: 2024, rating: 'A', score: 75 }), 'id');
    expect(wrongScore.errors![0]!.message).toMatch(/a rating of A has a score from 90 to 100/);
    expect(codes(await write('finance', 'recordTaxpayerRating', rating(uscc, { rating: 'B' }), 'id'))).toEqual(['CONFLICT']);
  });

  it('records a loan default (FIN-LOAN-DEFAULT) and a subsidy fraud finding (FIN-SUB-FRAUD)', async () => {
    const uscc = await city.shop();
    const loan = {
      uscc,
      sourceRecordId: recordId('LOAN'),
      lender: '日照银行',
      amountYuan: 200_000,
      grantedAt: daysAgo(500),
      dueAt: daysAgo(200),
      defaultedAt: daysAgo(100),
    };
    expect(codes(await write('finance', 'recordLoanDefault', { ...loan, defaultedAt: daysAgo(300) }, 'id'))).toEqual(['BAD_USER_INPUT']);
    await write('finance', 'recordLoanDefault', loan, 'id');
    const fraud = {
      uscc,
      sourceRecordId: recordId('SUB'),
      programme: '日照消费券',
      amountYuan: 3_000,
      paidAt: daysAgo(90),
      foundAt: daysAgo(30),
      finding: '虚构交易套取立减金',
    };
    await write('finance', 'recordSubsidyFraud', fraud, 'id');
    const m = await profile(uscc);
    expect(m.loans).toEqual([expect.objectContaining({ status: 'DEFAULTED' })]);
    expect(m.subsidies).toEqual([expect.objectContaining({ programme: '日照消费券' })]);
    expect(m.financeEvents.map((e: { code: string }) => e.code).sort()).toEqual(['FIN-LOAN-DEFAULT', 'FIN-SUB-FRAUD']);
  });
});

describe('an urban conduct record', () => {
  const conduct = (uscc: string, over: Record<string, unknown> = {}) => ({
    uscc,
    sourceRecordId: recordId('CG'),
    code: 'URB-KIT-02',
    observedAt: daysAgo(4),
    location: '海曲路12号门前',
    photoUrl: 'https://photos.rizhao.gov.cn/urban/2026/0412-17.jpg',
    officer: '城管队员 0412',
    ...over,
  });

  it('keeps its location and photo, and writes the behaviour as its credit event with the photo as evidence', async () => {
    const uscc = await city.shop();
    const r = await write('urban', 'recordConduct', conduct(uscc), 'id eventId');
    expect(r.errors).toBeUndefined();
    const m = await profile(uscc);
    expect(m.conductRecords).toEqual([
      expect.objectContaining({ code: 'URB-KIT-02', location: '海曲路12号门前', photoUrl: 'https://photos.rizhao.gov.cn/urban/2026/0412-17.jpg' }),
    ]);
    expect(m.urbanEvents).toEqual([
      expect.objectContaining({ id: r.data!.recordConduct.eventId, code: 'URB-KIT-02', evidenceUrl: 'https://photos.rizhao.gov.cn/urban/2026/0412-17.jpg' }),
    ]);
    expect(m.credit.score).toBeLessThan(1000);
  });

  it('keeps a behaviour rectified on the spot on record with no credit event, and a photo by its reference', async () => {
    const uscc = await city.shop();
    const r = await write('urban', 'recordConduct', conduct(uscc, { rectifiedOnSpot: true, photoUrl: '2026/04/0412-18.jpg' }), 'id eventId photoUrl');
    expect(r.data!.recordConduct).toEqual(expect.objectContaining({ eventId: null, photoUrl: '2026/04/0412-18.jpg' }));
    expect((await profile(uscc)).urbanEvents).toEqual([]);
  });

  it.each([
    ['a code of another department', { code: 'MKT-PEN-MINOR' }, /not a urban code/],
    ['a photo link of another scheme', { photoUrl: 'javascript:alert(1)' }, /photoUrl/],
    ['no location', { location: ' ' }, /location/],
  ])('refuses %s with BAD_USER_INPUT', async (_, over, why) => {
    const r = await write('urban', 'recordConduct', conduct(await city.shop(), over), 'id');
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(why);
  });
});

describe('permit decisions', () => {
  it('records a permit granted without a credit event, and its revocation with APR-PMT-REVOKED, once', async () => {
    const uscc = await city.shop();
    const permitNumber = `JY${Date.now()}${++serial}`;
    const granted = { uscc, sourceRecordId: recordId('XK'), matter: '食品经营许可', permitNumber, issuedAt: daysAgo(300), validUntil: '2030-01-01T00:00:00Z' };
    const r = await write('approval', 'recordPermit', granted, 'id status eventId');
    expect(r.data!.recordPermit).toEqual(expect.objectContaining({ status: 'VALID', eventId: null }));

    const REVOKE = `mutation($input: PermitRevocationInput!) { revokePermit(input: $input) { id status eventId } }`;
    const revocation = { permitNumber, sourceRecordId: recordId('DX'), ground: 'VIOLATION', revokedAt: daysAgo(5), reason: '使用非食品原料加工食品' };
    const officer = await city.officer('approval');
    const early = await hub.query(REVOKE, { input: { ...revocation, revokedAt: daysAgo(400) } }, officer);
    expect(codes(early)).toEqual(['BAD_USER_INPUT']);
    const revoked = await hub.query(REVOKE, { input: revocation }, officer);
    expect(revoked.data!.revokePermit).toEqual(expect.objectContaining({ id: r.data!.recordPermit.id, status: 'REVOKED' }));
    expect((await hub.query(REVOKE, { input: revocation }, officer)).data!.revokePermit).toEqual(revoked.data!.revokePermit);
    expect(codes(await hub.query(REVOKE, { input: { ...revocation, sourceRecordId: recordId('DX') } }, officer))).toEqual(['CONFLICT']);
    expect(codes(await hub.query(REVOKE, { input: { ...revocation, permitNumber: 'NO-SUCH' } }, officer))).toEqual(['NOT_FOUND']);
    expect(codes(await hub.query(REVOKE, { input: { ...revocation, permitNumber: 'x'.repeat(61) } }, officer))).toEqual(['BAD_USER_INPUT']);

    const m = await profile(uscc);
    expect(m.permits).toEqual([expect.objectContaining({ permitNumber, status: 'REVOKED', eventId: revoked.data!.revokePermit.eventId })]);
    expect(m.approvalEvents).toEqual([{ id: revoked.data!.revokePermit.eventId, code: 'APR-PMT-REVOKED' }]);
    expect(m.credit.breakdown).toEqual([expect.objectContaining({ code: 'APR-PMT-REVOKED', points: -100 })]);
  });
});

describe('the change feed', () => {
  const FEED =
    'query($since: String) { creditChanges(since: $since, first: 500) { nodes { uscc gradeBefore gradeAfter cause } pageInfo { endCursor hasNextPage } } }';

  /** the feed's changes of one merchant, once there are at least `want` of them (or after 8 seconds) */
  async function changesOf(uscc: string, want: number): Promise<{ gradeBefore: string; gradeAfter: string; cause: string }[]> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const mine = [];
      let since: string | null = null;
      for (let more = true; more;) {
        const r: GraphQLResult = await hub.query(FEED, { since }, await city.officer('market'));
        mine.push(...r.data!.creditChanges.nodes.filter((c: { uscc: string }) => c.uscc === uscc));
        ({ endCursor: since, hasNextPage: more } = r.data!.creditChanges.pageInfo);
      }
      if (mine.length >= want || Date.now() > deadline) return mine;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('follows typed records: a serious listing moves the grade to D, and its removal moves it back, each with its event as the cause', async () => {
    const uscc = await city.shop();
    await changesOf(uscc, 1);
    const sourceRecordId = recordId('SID');
    const listing = { uscc, sourceRecordId, list: 'SERIOUS_ILLEGAL_DISHONEST', reason: '受到较重行政处罚', listedAt: daysAgo(30) };
    const listed = await write('market', 'recordMarketListing', listing, 'eventId');
    const [, onList] = await changesOf(uscc, 2);
    expect(onList).toEqual({
      uscc,
      gradeBefore: 'A',
      gradeAfter: 'D',
      cause: `market recorded MKT-SID-LISTED (event ${listed.data!.recordMarketListing.eventId})`,
    });
    const REMOVE = `mutation($id: String!, $at: DateTime!) { removeMarketListing(sourceRecordId: $id, removedAt: $at) { id } }`;
    await hub.query(REMOVE, { id: sourceRecordId, at: daysAgo(1) }, await city.officer('market'));
    const [, , offList] = await changesOf(uscc, 3);
    expect(offList).toEqual(
      expect.objectContaining({ gradeBefore: 'D', cause: `market ended MKT-SID-LISTED (event ${listed.data!.recordMarketListing.eventId})` }),
    );
    expect(offList!.gradeAfter).not.toBe('D');
  });
});
