import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';
import { daysAgo, TestCity } from '../support/city';

let hub: TestHub;
let city: TestCity;
beforeAll(async () => {
  // the receivers run on this machine: an operator allows such a host by name
  hub = await startTestHub({ CHANGE_FEED_INTERVAL_MS: '200', WEBHOOK_HOSTS: '127.0.0.1' });
  city = new TestCity(hub);
});
afterAll(() => hub?.stop());

const FEED =
  'query($since: String, $first: Int) { creditChanges(since: $since, first: $first) { nodes { uscc gradeBefore gradeAfter measuresAdded measuresRemoved cause occurredAt } pageInfo { endCursor hasNextPage } } }';
type Change = { uscc: string; gradeBefore: string | null; gradeAfter: string; measuresAdded: string[]; measuresRemoved: string[]; cause: string };

async function changesOf(uscc: string, wantAtLeast: number, token: string): Promise<Change[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const all: Change[] = [];
    let since: string | null = null;
    for (;;) {
      const r: GraphQLResult = await hub.query(FEED, { since, first: 100 }, token);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      all.push(...r.data!.creditChanges.nodes);
      if (!r.data!.creditChanges.pageInfo.hasNextPage) break;
      since = r.data!.creditChanges.pageInfo.endCursor;
    }
    const mine = all.filter((c) => c.uscc === uscc);
    if (mine.length >= wantAtLeast || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the credit change feed', () => {
  it('records, within 5 seconds, a new merchant and each change of its grade or measures, with the cause', async () => {
    const reader = await city.officer('approval');
    const uscc = await city.shop();
    const entered = await changesOf(uscc, 1, reader);
    expect(entered).toEqual([expect.objectContaining({ gradeBefore: null, gradeAfter: 'A', cause: 'registered in the directory' })]);

    const breach = await city.record(uscc, 'APR-CMT-BREACH', daysAgo(10));
    const changes = await changesOf(uscc, 2, reader);
    expect(changes[1]).toEqual(expect.objectContaining({ gradeBefore: 'A', gradeAfter: 'B', cause: `approval recorded APR-CMT-BREACH (event ${breach})` }));
    expect(changes[1]!.measuresAdded).toEqual(expect.arrayContaining(['BREACH-NO-COMMITMENT']));
    expect(changes[1]!.measuresRemoved).toEqual(expect.arrayContaining(['A-GREEN-CHANNEL']));
  });

  it('records the change an objection decision makes', async () => {
    const reader = await city.officer('market');
    const uscc = await city.shop();
    await changesOf(uscc, 1, reader);
    const penalty = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(10));
    await changesOf(uscc, 2, reader);
    const filed = await hub.query('mutation($e: ID!) { fileObjection(eventId: $e, reason: "not mine") { id } }', { e: penalty }, await city.merchant(uscc));
    const decide = 'mutation($o: ID!, $n: String) { decideObjection(objectionId: $o, decision: REVOKE, note: $n) { state } }';
    expect(codes(await hub.query(decide, { o: filed.data!.fileObjection.id, n: 'x'.repeat(2001) }, reader))).toEqual(['BAD_USER_INPUT']);
    await hub.query(decide, { o: filed.data!.fileObjection.id }, reader);
    const changes = await changesOf(uscc, 3, reader);
    expect(changes[2]).toEqual(expect.objectContaining({ gradeBefore: 'B', gradeAfter: 'A', cause: `objection decided: record revoked (event ${penalty})` }));
  });

  it('records nothing when a fact changes neither grade nor measures, and nothing twice', async () => {
    const reader = await city.officer('market');
    const uscc = await city.shop();
    await changesOf(uscc, 1, reader);
    await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(10));
    await changesOf(uscc, 2, reader);
    await city.record(uscc, 'MKT-PEN-MINOR', daysAgo(11)); // B stays B, no measure moves
    await new Promise((r) => setTimeout(r, 1200));
    expect(await changesOf(uscc, 2, reader)).toHaveLength(2);
  });

  it('resumes from a cursor with no gaps and no duplicates', async () => {
    const reader = await city.admin();
    const first = await hub.query(FEED, { since: null, first: 2 }, reader);
    const rest = await hub.query(FEED, { since: first.data!.creditChanges.pageInfo.endCursor, first: 1000 }, reader);
    const all = await hub.query(FEED, { since: null, first: 1000 }, reader);
    expect([...first.data!.creditChanges.nodes, ...rest.data!.creditChanges.nodes]).toEqual(all.data!.creditChanges.nodes);
  });

  it('is for the departments and administrators, and refuses a cursor it never gave', async () => {
    expect(codes(await hub.query(FEED, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query(FEED, {}, await hub.token({ roles: ['bank_officer'], org: 'b' })))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query(FEED, { since: 'bogus!' }, await city.admin()))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query(FEED, { since: Buffer.from('abc', 'utf8').toString('base64url') }, await city.admin()))).toEqual(['BAD_USER_INPUT']);
    // digits past what a bigint holds: refused before they reach PostgreSQL, here and in a department's own log
    const tooFar = '9999999999999999999';
    expect(codes(await hub.query(FEED, { since: Buffer.from(tooFar, 'utf8').toString('base64url') }, await city.admin()))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query('query($a: String) { marketChanges(after: $a) { pageInfo { endCursor } } }', { a: tooFar }, await city.admin()))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('the push of credit changes to webhooks', () => {
  let receiver: Server;
  let url: string;
  const deliveries: { body: string; signature: string }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.statusCode = 503;
          return res.end();
        }
        deliveries.push({ body, signature: String(req.headers['x-credit-hub-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/credit-changes`;
  });
  afterAll(() => new Promise((r) => receiver.close(r)));

  async function until<T>(check: () => T | undefined | Promise<T | undefined>, ms = 8000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await check();
      if (v !== undefined || Date.now() > deadline) return v as T;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('pushes each change, signed with the secret given at registration, and retries a failed delivery', async () => {
    const officer = await city.officer('urban');
    const registered = await hub.query(
      'mutation($u: String!) { registerWebhook(url: $u) { secret webhook { id owner deliveredThrough } } }',
      { u: url },
      officer,
    );
    expect(registered.errors).toBeUndefined();
    const { secret, webhook } = registered.data!.registerWebhook;
    expect(webhook.owner).toBe('urban');

    failNext = 1;
    const uscc = await city.shop();
    const delivered = await until(() => deliveries.find((d) => d.body.includes(uscc)));
    expect(delivered).toBeDefined();
    expect(delivered.signature).toBe(`sha256=${createHmac('sha256', secret).update(delivered.body).digest('hex')}`);
    const pushed = JSON.parse(delivered.body).changes.filter((c: { uscc: string }) => c.uscc === uscc);
    expect(pushed).toEqual([expect.objectContaining({ uscc, gradeBefore: null, gradeAfter: 'A' })]);
    expect(failNext).toBe(0);

    // the hub records the acknowledgement once the receiver's answer is complete: a moment after the receiver has the body
    const recorded = await until(async () => {
      const listed = (await hub.query('{ webhooks { id failedAttempts lastError } }', {}, officer)).data!.webhooks;
      return listed[0]?.failedAttempts === 0 ? listed : undefined;
    });
    expect(recorded).toEqual([{ id: webhook.id, failedAttempts: 0, lastError: null }]);
    expect((await hub.query('mutation($id: ID!) { removeWebhook(id: $id) { id } }', { id: webhook.id }, officer)).errors).toBeUndefined();
  });

  it('does not follow a redirect: the receiver must answer itself', async () => {
    let elsewhere = 0;
    const target = createServer((req, res) => {
      elsewhere++;
      req.resume();
      res.end('ok');
    });
    const redirecting = createServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: `http://127.0.0.1:${(target.address() as { port: number }).port}/` }).end();
    });
    await Promise.all([target, redirecting].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
    try {
      const officer = await city.officer('approval');
      const r = await hub.query(
        'mutation($u: String!) { registerWebhook(url: $u) { webhook { id } } }',
        { u: `http://127.0.0.1:${(redirecting.address() as { port: number }).port}/hook` },
        officer,
      );
      expect(r.errors).toBeUndefined();
      await city.shop();
      const failed = await until(async () => {
        const listed = (await hub.query('{ webhooks { id lastError } }', {}, officer)).data!.webhooks.find(
          (w: { id: string }) => w.id === r.data!.registerWebhook.webhook.id,
        );
        return listed?.lastError ? listed : undefined;
      });
      expect(failed.lastError).toBe('answered 307');
      expect(elsewhere).toBe(0);
      await hub.query('mutation($id: ID!) { removeWebhook(id: $id) { id } }', { id: r.data!.registerWebhook.webhook.id }, officer);
    } finally {
      await Promise.all([target, redirecting].map((s) => new Promise((r) => s.close(r))));
    }
  });

  it('refuses a webhook that is no web address, and anyone but a department or an administrator', async () => {
    expect(codes(await hub.query('mutation { registerWebhook(url: "ftp://x") { secret } }', {}, await city.officer('urban')))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await hub.query('mutation { registerWebhook(url: "https://x") { secret } }', {}, await hub.token({ roles: ['bank_officer'], org: 'b' }))),
    ).toEqual(['FORBIDDEN']);
  });
});
