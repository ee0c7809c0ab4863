import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryOnce } from '../../src/db/database';
import { daysAgo, TestCity } from '../support/city';
import { codes, gatewayKeyFiles, startTestHub, type TestHub } from '../support/hub';
import { TEST_ISSUER } from '../support/keys';
import { freePort, SubgraphProcess } from '../support/processes';

const DAY = 86_400_000;
/** the local (Beijing) date n days after today's */
const localDay = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * DAY).toISOString().slice(0, 10);
/** the end of a local day: how the hub gives a deadline */
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY).toISOString();

// the operator's calendar over China's: the next ten days a holiday, the seven after them all worked, weekends too
const HOLIDAY = Array.from({ length: 10 }, (_, i) => localDay(i + 1));
const WORKED = Array.from({ length: 7 }, (_, i) => localDay(i + 11));

let hub: TestHub;
let city: TestCity;
let receiver: Server;
let receiverUrl: string;
const pushed: { notices: Notice[] }[] = [];

beforeAll(async () => {
  const calendar = join(await mkdtemp(join(tmpdir(), 'credit-hub-calendar-')), 'calendar.json');
  await writeFile(calendar, JSON.stringify({ nonWorking: HOLIDAY, working: WORKED }));
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      pushed.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/worklist`;
  hub = await startTestHub({
    WORKING_CALENDAR_FILE: calendar,
    WORKLIST_INTERVAL_MS: '200',
    CHANGE_FEED_INTERVAL_MS: '200',
    COMMITMENT_CHECK_INTERVAL_MS: '200',
    COMMITMENT_GRACE_DAYS: '0',
    // the receiver runs on this machine: an operator allows such a host by name
    WEBHOOK_HOSTS: '127.0.0.1',
  });
  city = new TestCity(hub);
});
afterAll(async () => {
  await hub?.stop();
  await new Promise((r) => receiver?.close(r));
});

interface Notice {
  notice: string;
  itemKind: string;
  itemId: string;
  department: string;
  uscc: string;
}

const ITEM = 'kind id department uscc subject dueAt overdue';
const WORKLIST = (lists: string) =>
  `query($u: CreditCode, $d: Department) { worklist(uscc: $u, department: $d) { department uscc ${lists
    .split(' ')
    .map((l) => `${l} { ${ITEM} }`)
    .join(' ')} } }`;
const FILE = 'mutation($e: ID!) { fileObjection(eventId: $e, reason: "The goods were not expired") { id } }';
const APPLY = 'mutation($e: ID!) { applyRepair(eventId: $e, statement: "Corrected; fine paid; public credit commitment signed.") { id } }';
const SIGN = 'mutation($i: SignCommitmentInput!) { signCommitment(input: $i) { id dueDate } }';
let serial = 0;
const commitment = (uscc: string, dueDate: Date) => ({
  uscc,
  matter: '食品经营许可: 健康证明后补',
  dueDate: dueDate.toISOString(),
  sourceRecordId: `WL-${process.pid}-${++serial}`,
});

async function until<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('waited in vain');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a department's worklist", () => {
  it('gives a repair decision 7 working days, counted past the holiday of the calendar and through its weekend worked; an objection 20 days', async () => {
    const uscc = await city.shop();
    const breach = await city.record(uscc, 'APR-CMT-BREACH', daysAgo(120));
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const me = await city.merchant(uscc);
    const repair = (await hub.query(APPLY, { e: breach }, me)).data!.applyRepair.id;
    const objection = (await hub.query(FILE, { e: penalty }, me)).data!.fileObjection.id;

    const approval = await hub.query(WORKLIST('repairApplications objections'), { u: uscc }, await city.officer('approval'));
    expect(approval.errors).toBeUndefined();
    expect(approval.data!.worklist).toEqual({
      department: 'APPROVAL',
      uscc,
      repairApplications: [
        {
          kind: 'REPAIR_APPLICATION',
          id: repair,
          department: 'APPROVAL',
          uscc,
          subject: `APR-CMT-BREACH (event ${breach})`,
          dueAt: endOf(WORKED[6]!),
          overdue: false,
        },
      ],
      // the objection is to a penalty: market supervision's to answer
      objections: [],
    });
    // a department's whole worklist names merchants: each one's access log shows the read
    const reader = await hub.token({ roles: ['department_officer'], department: 'approval', sub: 'approval-officer-7' });
    expect((await hub.query(WORKLIST('repairApplications'), {}, reader)).data!.worklist.repairApplications).toContainEqual(
      expect.objectContaining({ id: repair }),
    );
    const log = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { accessLog(first: 100) { nodes { subject fields } } } }', { u: uscc }, me);
    expect(log.data!.merchant.accessLog.nodes.filter((e: { subject: string }) => e.subject === 'approval-officer-7')).toEqual([
      { subject: 'approval-officer-7', fields: ['Worklist.repairApplications'] },
    ]);
    const market = await hub.query(WORKLIST('objections'), { u: uscc }, await city.officer('market'));
    expect(market.data!.worklist.objections).toEqual([
      {
        kind: 'OBJECTION',
        id: objection,
        department: 'MARKET',
        uscc,
        subject: `MKT-PEN-GENERAL (event ${penalty})`,
        dueAt: endOf(localDay(20)),
        overdue: false,
      },
    ]);
  });

  it("holds urban management's consumer reports to check and administrative approval's commitments due", async () => {
    const uscc = await city.shop();
    const qr = (await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken } }', { u: uscc })).data!.merchant.qrToken;
    const report = (await hub.query('mutation($t: String!) { submitConsumerReport(qrToken: $t, text: "店门口堆放杂物") { id } }', { t: qr })).data!
      .submitConsumerReport.id;
    const due = new Date(Date.now() + 30 * DAY);
    const signed = (await hub.query(SIGN, { i: commitment(uscc, due) }, await hub.token({ roles: ['approval_clerk'] }))).data!.signCommitment.id;

    const urban = await hub.query(WORKLIST('consumerReports'), { u: uscc }, await city.officer('urban'));
    expect(urban.data!.worklist.consumerReports).toEqual([
      { kind: 'CONSUMER_REPORT', id: report, department: 'URBAN', uscc, subject: '店门口堆放杂物', dueAt: endOf(WORKED[4]!), overdue: false },
    ]);
    const approval = await hub.query(WORKLIST('commitmentsDue'), { u: uscc }, await city.officer('approval'));
    expect(approval.data!.worklist.commitmentsDue).toEqual([
      { kind: 'COMMITMENT', id: signed, department: 'APPROVAL', uscc, subject: '食品经营许可: 健康证明后补', dueAt: due.toISOString(), overdue: false },
    ]);
  });

  it("shows a merchant its own open items across departments, and no one else's", async () => {
    const uscc = await city.shop();
    const other = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const me = await city.merchant(uscc);
    const objection = (await hub.query(FILE, { e: penalty }, me)).data!.fileObjection.id;
    const signed = (await hub.query(SIGN, { i: commitment(uscc, new Date(Date.now() + 30 * DAY)) }, await hub.token({ roles: ['approval_clerk'] }))).data!
      .signCommitment.id;

    const own = await hub.query('{ worklist { department uscc objections { id } commitmentsDue { id } consumerReports { id } } }', {}, me);
    expect(own.errors).toBeUndefined();
    expect(own.data!.worklist).toEqual({ department: null, uscc, objections: [{ id: objection }], commitmentsDue: [{ id: signed }], consumerReports: [] });
    expect(codes(await hub.query(WORKLIST('objections'), { u: other }, me))).toEqual(['FORBIDDEN']);
  });

  it("refuses an officer another department's worklist, the public any, and a page of no items", async () => {
    const market = await city.officer('market');
    expect(codes(await hub.query(WORKLIST('objections'), { d: 'URBAN' }, market))).toEqual(['FORBIDDEN']);
    // market supervision's own worklist holds no other department's items
    const lists = await hub.query(WORKLIST('objections consumerReports commitmentsDue'), {}, market);
    expect(lists.errors).toBeUndefined();
    expect([lists.data!.worklist.consumerReports, lists.data!.worklist.commitmentsDue]).toEqual([[], []]);
    expect(codes(await hub.query(WORKLIST('objections'), {}))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query('{ worklist { objections(first: 0) { id } } }', {}, market))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query('{ worklist { objections(offset: -1) { id } } }', {}, market))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query('{ worklistNotices { nodes { seq } } }', {}, await city.merchant(await city.shop())))).toEqual(['FORBIDDEN']);
  });
});

describe('notices of new and overdue items', () => {
  const NOTICES = 'query($s: String) { worklistNotices(since: $s, first: 1000) { nodes { seq notice itemKind itemId department uscc } } }';
  const noticesOf = async (itemId: string, token: string): Promise<Notice[]> =>
    (await hub.query(NOTICES, {}, token)).data!.worklistNotices.nodes.filter((n: Notice) => n.itemId === itemId);

  it('notices an item once when it arrives and once when it falls due, in the list and on the department’s webhook', async () => {
    const market = await city.officer('market');
    const registered = await hub.query('mutation($u: String!) { registerWebhook(url: $u) { webhook { id } } }', { u: receiverUrl }, market);
    expect(registered.errors).toBeUndefined();
    const uscc = await city.shop();
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    const objection = (await hub.query(FILE, { e: penalty }, await city.merchant(uscc))).data!.fileObjection.id;

    const arrived = await until(async () => ((await noticesOf(objection, market)).length ? noticesOf(objection, market) : undefined));
    expect(arrived).toEqual([expect.objectContaining({ notice: 'NEW', itemKind: 'OBJECTION', department: 'MARKET', uscc })]);

    // three weeks pass without an answer
    await queryOnce(hub.databaseUrl, `update credit.objection set filed_at = filed_at - interval '21 days' where id = $1`, [objection]);
    const fallen = await until(async () => ((await noticesOf(objection, market)).length === 2 ? noticesOf(objection, market) : undefined));
    expect(fallen.map((n) => n.notice)).toEqual(['NEW', 'OVERDUE']);
    const listed = await hub.query(WORKLIST('objections'), { u: uscc }, market);
    expect(listed.data!.worklist.objections).toEqual([expect.objectContaining({ id: objection, overdue: true })]);

    // more rounds notice nothing again
    await new Promise((r) => setTimeout(r, 1000));
    expect(await noticesOf(objection, market)).toEqual(fallen);
    const delivered = await until(async () => {
      const notices = pushed.flatMap((p) => p.notices).filter((n) => n.itemId === objection);
      return notices.length === 2 ? notices : undefined;
    });
    expect(delivered.map((n) => [n.notice, n.department])).toEqual([
      ['NEW', 'MARKET'],
      ['OVERDUE', 'MARKET'],
    ]);
    // another department's items are not pushed to market supervision, nor listed to it
    expect(pushed.flatMap((p) => p.notices).every((n) => n.department === 'MARKET')).toBe(true);
    expect((await hub.query(NOTICES, {}, market)).data!.worklistNotices.nodes.every((n: Notice) => n.department === 'MARKET')).toBe(true);
  });
});

describe('the commitment lifecycle', () => {
  const CHECK = 'query($u: CreditCode!) { approvalCheck(uscc: $u) { mode reasons commitments { status } measures { id } } }';
  const COMMITMENTS = 'query($u: CreditCode!) { merchant(uscc: $u) { commitments { id status eventId fulfilledLateAt } approvalEvents { id code status } } }';

  it('breaches an overdue commitment once across two replicas of approval, and its late fulfilment restores commitment-based approval', async () => {
    // a second replica of administrative approval on the same database, running the same lapse check
    const keys = hub.gatewayKeys ?? (await gatewayKeyFiles());
    const replica = new SubgraphProcess('approval', await freePort(), {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATABASE_URL: hub.databaseUrl,
      DEMO_MERCHANTS: '0',
      DB_POOL_MAX: '4',
      AUTH_JWKS_FILE: hub.issuer.jwksFile,
      AUTH_ISSUERS: TEST_ISSUER,
      GATEWAY_PUBLIC_KEY_FILE: keys.publicFile,
      GATEWAY_URL: hub.service.url,
      COMMITMENT_CHECK_INTERVAL_MS: '100',
      COMMITMENT_GRACE_DAYS: '0',
    });
    await replica.start();
    try {
      const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'window-3' });
      const shops = await Promise.all(Array.from({ length: 8 }, () => city.shop()));
      const due = new Date(Date.now() + 3000);
      for (const uscc of shops) expect((await hub.query(SIGN, { i: commitment(uscc, due) }, clerk)).errors).toBeUndefined();
      const [first] = shops;
      expect((await hub.query(CHECK, { u: first }, clerk)).data!.approvalCheck.mode).toBe('GREEN_CHANNEL');

      const admin = await city.admin();
      const breached = await until(async () => {
        const all = await Promise.all(shops.map(async (u) => (await hub.query(COMMITMENTS, { u }, admin)).data!.merchant));
        return all.every((m) => m.commitments[0].status === 'BREACHED') ? all : undefined;
      });
      // let both replicas run a few more rounds: nothing is breached twice
      await new Promise((r) => setTimeout(r, 1000));
      for (const [i, uscc] of shops.entries()) {
        const again = (await hub.query(COMMITMENTS, { u: uscc }, admin)).data!.merchant;
        expect(again.approvalEvents).toEqual([{ id: breached[i]!.commitments[0].eventId, code: 'APR-CMT-BREACH', status: 'ACTIVE' }]);
      }

      const barred = (await hub.query(CHECK, { u: first }, clerk)).data!.approvalCheck;
      expect(barred.mode).toBe('STANDARD');
      expect(barred.reasons.join(' ')).toContain('no commitment-based approval');
      expect(barred.measures.map((m: { id: string }) => m.id)).toContain('BREACH-NO-COMMITMENT');

      const id = breached[0]!.commitments[0].id;
      const kept = await hub.query('mutation($id: ID!) { fulfilCommitment(id: $id, note: "certificate handed in") { status fulfilledLateAt } }', { id }, clerk);
      expect(kept.data!.fulfilCommitment).toEqual({ status: 'FULFILLED_LATE', fulfilledLateAt: expect.any(String) });
      const restored = (await hub.query(CHECK, { u: first }, clerk)).data!.approvalCheck;
      // the breach still costs its points (grade B), but no longer bars approval by commitment
      expect(restored.mode).toBe('COMMITMENT');
      expect(restored.measures.map((m: { id: string }) => m.id)).not.toContain('BREACH-NO-COMMITMENT');
      const history = (await hub.query(COMMITMENTS, { u: first }, admin)).data!.merchant;
      expect(history.approvalEvents).toEqual([{ id: breached[0]!.commitments[0].eventId, code: 'APR-CMT-BREACH', status: 'ENDED' }]);
      // the change feed tells the departments the measure is lifted
      const lifted = await until(async () => {
        const feed = await hub.query('{ creditChanges(since: null, first: 1000) { nodes { uscc measuresRemoved cause } } }', {}, admin);
        return feed.data!.creditChanges.nodes.find(
          (c: { uscc: string; measuresRemoved: string[] }) => c.uscc === first && c.measuresRemoved.includes('BREACH-NO-COMMITMENT'),
        );
      });
      expect(lifted).toEqual({
        uscc: first,
        measuresRemoved: ['BREACH-NO-COMMITMENT'],
        cause: `approval ended APR-CMT-BREACH (event ${history.approvalEvents[0].id})`,
      });
      expect(codes(await hub.query('mutation($id: ID!) { fulfilCommitment(id: $id) { status } }', { id }, clerk))).toEqual(['CONFLICT']);
    } finally {
      await replica.stop();
    }
  });

  it('cures only a breach: a pending commitment has nothing to cure, an unknown one is not found', async () => {
    const clerk = await hub.token({ roles: ['approval_clerk'] });
    const uscc = await city.shop();
    const id = (await hub.query(SIGN, { i: commitment(uscc, new Date(Date.now() + 30 * DAY)) }, clerk)).data!.signCommitment.id;
    const FULFIL = 'mutation($id: ID!) { fulfilCommitment(id: $id) { status } }';
    expect(codes(await hub.query(FULFIL, { id }, clerk))).toEqual(['CONFLICT']);
    expect(codes(await hub.query(FULFIL, { id: '00000000-0000-4000-8000-000000000000' }, clerk))).toEqual(['NOT_FOUND']);
    expect(codes(await hub.query(FULFIL, { id }, await city.officer('market')))).toEqual(['FORBIDDEN']);
  });

  it('discloses commitments and their outcome to the public, but not the bureau’s own record id', async () => {
    const uscc = await city.shop();
    await hub.query(SIGN, { i: commitment(uscc, new Date(Date.now() + 30 * DAY)) }, await hub.token({ roles: ['approval_clerk'] }));
    const seen = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { commitments { matter status dueDate } } }', { u: uscc });
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.merchant.commitments).toEqual([{ matter: '食品经营许可: 健康证明后补', status: 'PENDING', dueDate: expect.any(String) }]);
    const internal = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { commitments { verificationNote sourceRecordId } } }', { u: uscc });
    expect(codes(internal)).toEqual(['FORBIDDEN']);
    expect(internal.errors![0]!.path).toEqual(['merchant', 'commitments', 0, 'sourceRecordId']);
    // and on the shop's QR page
    const qr = (await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken } }', { u: uscc })).data!.merchant.qrToken;
    const page = await (await fetch(new URL(`/m/${qr}`, hub.service.url))).text();
    expect(page).toMatch(/信用承诺.*食品经营许可: 健康证明后补.*待核查/s);
  });

  it('discloses a broken commitment only for its breach’s publicity period, as its credit event', async () => {
    const clerk = await hub.token({ roles: ['approval_clerk'] });
    const VERIFY = 'mutation($id: ID!) { verifyCommitment(id: $id, outcome: BREACHED) { status eventId } }';
    const PUBLIC = 'query($u: CreditCode!) { merchant(uscc: $u) { commitments { status } approvalEvents { id } } }';
    const [recent, old] = [await city.shop(), await city.shop()];
    for (const uscc of [recent, old]) {
      const { id } = (await hub.query(SIGN, { i: commitment(uscc, new Date(Date.now() + 30 * DAY)) }, clerk)).data!.signCommitment;
      expect((await hub.query(VERIFY, { id }, clerk)).data!.verifyCommitment.status).toBe('BREACHED');
    }
    // a breach found thirteen months ago has left its twelve months of publicity, with its event
    await queryOnce(hub.databaseUrl, "update approval.commitment set verified_at = now() - interval '13 months' where uscc = $1", [old]);
    await queryOnce(hub.databaseUrl, "update approval.credit_event set occurred_at = now() - interval '13 months' where uscc = $1", [old]);
    const seen = async (uscc: string) => (await hub.query(PUBLIC, { u: uscc })).data!.merchant;
    expect(await seen(recent)).toEqual({ commitments: [{ status: 'BREACHED' }], approvalEvents: [{ id: expect.any(String) }] });
    expect(await seen(old)).toEqual({ commitments: [], approvalEvents: [] });
  });
});
