import { codes, startTestHub, type TestHub } from '../support/hub';
import { TestCity } from '../support/city';

let hub: TestHub;
let city: TestCity;
beforeAll(async () => {
  hub = await startTestHub();
  city = new TestCity(hub);
});
afterAll(() => hub?.stop());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let serial = 0;

describe('credit commitments at the approval window', () => {
  const SIGN = 'mutation($i: SignCommitmentInput!) { signCommitment(input: $i) { id status overdue dueDate } }';
  const VERIFY =
    'mutation($id: ID!, $o: CommitmentOutcome!) { verifyCommitment(id: $id, outcome: $o, note: "checked on site") { id status verifiedAt eventId verificationNote } }';
  const commitment = (uscc: string, over: Record<string, unknown> = {}) => ({
    uscc,
    matter: '食品经营许可: 健康证明后补',
    dueDate: inDays(30),
    sourceRecordId: `CN-2026-${++serial}`,
    ...over,
  });

  it('lets a clerk sign a commitment once: the same record again returns it, other content under its id is a conflict', async () => {
    const uscc = await city.shop();
    const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'window-3' });
    const input = commitment(uscc);
    const first = await hub.query(SIGN, { i: input }, clerk);
    expect(first.data!.signCommitment).toEqual(expect.objectContaining({ status: 'PENDING', overdue: false }));
    const again = await hub.query(SIGN, { i: input }, clerk);
    expect(again.data!.signCommitment.id).toBe(first.data!.signCommitment.id);
    expect(codes(await hub.query(SIGN, { i: { ...input, matter: 'another matter' } }, clerk))).toEqual(['CONFLICT']);
    expect(codes(await hub.query(SIGN, { i: commitment(uscc, { dueDate: '2001-01-01T00:00:00Z' }) }, clerk))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query(SIGN, { i: commitment(uscc) }, await city.officer('market')))).toEqual(['FORBIDDEN']);
  });

  it('turns a breach into the catalogue breach event, which takes commitment-based approval away until repaired', async () => {
    const uscc = await city.shop();
    const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'window-3' });
    const id = (await hub.query(SIGN, { i: commitment(uscc) }, clerk)).data!.signCommitment.id;
    const breached = await hub.query(VERIFY, { id, o: 'BREACHED' }, await city.officer('approval'));
    expect(breached.data!.verifyCommitment).toEqual(
      expect.objectContaining({ status: 'BREACHED', eventId: expect.any(String), verificationNote: 'checked on site' }),
    );
    const credit = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { approvalEvents { id code } credit { approval { mode reasons } } } }',
      { u: uscc },
      await city.admin(),
    );
    expect(credit.data!.merchant.approvalEvents).toEqual([{ id: breached.data!.verifyCommitment.eventId, code: 'APR-CMT-BREACH' }]);
    expect(credit.data!.merchant.credit.approval.mode).toBe('STANDARD');
  });

  it('verifies a commitment once: a second verification is a conflict, also when they race', async () => {
    const uscc = await city.shop();
    const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'window-3' });
    const id = (await hub.query(SIGN, { i: commitment(uscc) }, clerk)).data!.signCommitment.id;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => hub.query(VERIFY, { id, o: i % 2 ? 'FULFILLED' : 'BREACHED' }, clerk)));
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors).map((a) => codes(a)[0])).toEqual(Array(7).fill('CONFLICT'));
    const events = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { approvalEvents { code } } }', { u: uscc }, await city.admin());
    expect(events.data!.merchant.approvalEvents).toHaveLength(1);
  });

  it("shows approval clerks a merchant's open and breached commitments, and which are overdue", async () => {
    const uscc = await city.shop();
    const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'window-3' });
    await hub.query(SIGN, { i: commitment(uscc) }, clerk);
    const r = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { commitments { matter status overdue } } }', { u: uscc }, clerk);
    expect(r.errors).toBeUndefined();
    expect(r.data!.merchant.commitments).toEqual([{ matter: '食品经营许可: 健康证明后补', status: 'PENDING', overdue: false }]);
  });
});

describe('consumer reports through the QR code', () => {
  const SUBMIT =
    'mutation($t: String!, $text: String!) { submitConsumerReport(qrToken: $t, text: $text, photoUrl: "https://photos.example/1.jpg") { id status submittedAt } }';
  const qrOf = async (uscc: string) =>
    (await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken } }', { u: uscc })).data!.merchant.qrToken as string;

  it('lets anyone report without a token; only a verified report becomes a conduct record and a credit event', async () => {
    const uscc = await city.shop();
    const submitted = await hub.query(SUBMIT, { t: await qrOf(uscc), text: '店门口堆放杂物，占用人行道' });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitConsumerReport.status).toBe('SUBMITTED');
    const id = submitted.data!.submitConsumerReport.id;

    const officer = await city.officer('urban');
    const dispatched = await hub.query('mutation($id: ID!) { dispatchConsumerReport(id: $id, officer: "巡查三组") { status dispatchedTo } }', { id }, officer);
    expect(dispatched.data!.dispatchConsumerReport).toEqual({ status: 'DISPATCHED', dispatchedTo: '巡查三组' });
    const before = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { urbanEvents { code } } }', { u: uscc }, officer);
    expect(before.data!.merchant.urbanEvents).toEqual([]);

    const verified = await hub.query(
      'mutation($id: ID!) { verifyConsumerReport(id: $id, code: "URB-SAN-02", finding: "confirmed on site") { status eventId code } }',
      { id },
      officer,
    );
    expect(verified.data!.verifyConsumerReport).toEqual({ status: 'VERIFIED', eventId: expect.any(String), code: 'URB-SAN-02' });
    const after = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { urbanEvents { id code evidenceUrl } conductRecords { code eventId } consumerReports { status } } }',
      { u: uscc },
      officer,
    );
    expect(after.data!.merchant.urbanEvents).toEqual([
      { id: verified.data!.verifyConsumerReport.eventId, code: 'URB-SAN-02', evidenceUrl: 'https://photos.example/1.jpg' },
    ]);
    expect(after.data!.merchant.conductRecords).toEqual([{ code: 'URB-SAN-02', eventId: verified.data!.verifyConsumerReport.eventId }]);
    expect(codes(await hub.query('mutation($id: ID!) { rejectConsumerReport(id: $id, finding: "late") { status } }', { id }, officer))).toEqual(['CONFLICT']);
  });

  it('keeps a rejected report from ever counting', async () => {
    const uscc = await city.shop();
    const id = (await hub.query(SUBMIT, { t: await qrOf(uscc), text: '服务态度差' })).data!.submitConsumerReport.id;
    const officer = await city.officer('urban');
    const r = await hub.query('mutation($id: ID!) { rejectConsumerReport(id: $id, finding: "not confirmed on site") { status finding } }', { id }, officer);
    expect(r.data!.rejectConsumerReport).toEqual({ status: 'REJECTED', finding: 'not confirmed on site' });
    expect(codes(await hub.query('mutation($id: ID!) { verifyConsumerReport(id: $id, code: "URB-SAN-02") { status } }', { id }, officer))).toEqual([
      'CONFLICT',
    ]);
    const events = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { urbanEvents { code } } }', { u: uscc }, officer);
    expect(events.data!.merchant.urbanEvents).toEqual([]);
  });

  it('refuses an unknown QR code, an empty text, a non-urban code, and decisions by anyone but urban management', async () => {
    const uscc = await city.shop();
    expect(codes(await hub.query(SUBMIT, { t: 'no-such-code', text: 'x' }))).toEqual(['NOT_FOUND']);
    expect(codes(await hub.query(SUBMIT, { t: await qrOf(uscc), text: '   ' }))).toEqual(['BAD_USER_INPUT']);
    const id = (await hub.query(SUBMIT, { t: await qrOf(uscc), text: '油烟直排' })).data!.submitConsumerReport.id;
    expect(
      codes(await hub.query('mutation($id: ID!) { verifyConsumerReport(id: $id, code: "MKT-PEN-GENERAL") { status } }', { id }, await city.officer('urban'))),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await hub.query('mutation($id: ID!) { verifyConsumerReport(id: $id, code: "URB-FUM-01") { status } }', { id }, await city.officer('market'))),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query('mutation($id: ID!) { verifyConsumerReport(id: $id, code: "URB-FUM-01") { status } }', { id }))).toEqual(['UNAUTHENTICATED']);
    expect(
      codes(
        await hub.query(
          'mutation($id: ID!, $o: String) { dispatchConsumerReport(id: $id, officer: $o) { status } }',
          { id, o: '巡'.repeat(201) },
          await city.officer('urban'),
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('limits how many reports one client may submit in an hour', async () => {
    const uscc = await city.shop();
    const t = await qrOf(uscc);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await hub.query(SUBMIT, { t, text: `report ${i}` }));
    const limited = answers.filter((a) => codes(a)[0] === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.status).toBe(429);
  });
});
