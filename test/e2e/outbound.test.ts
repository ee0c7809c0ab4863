import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { isReserved } from '../../src/subgraphs/credit/feed/outbound';
import { TestCity } from '../support/city';
import { codes, startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;
let receiver: Server;
let port: number;
let reached = 0;

beforeAll(async () => {
  // no WEBHOOK_HOSTS: webhooks may reach public addresses only
  hub = await startTestHub({ CHANGE_FEED_INTERVAL_MS: '200' });
  city = new TestCity(hub);
  receiver = createServer((req, res) => {
    reached++;
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as { port: number }).port;
}, 120_000);
afterAll(async () => {
  await new Promise((r) => receiver.close(r));
  await hub?.stop();
});

const REGISTER = 'mutation($u: String!) { registerWebhook(url: $u) { webhook { id } } }';

describe('webhooks go only where they should', () => {
  it.each(['127.0.0.1', '0x7f000001', '127.1', 'localhost', '[::1]', '169.254.169.254', '10.0.0.7', '192.168.1.20'])(
    'refuses to register http://%s as a receiver: coded, saying only that it must be public',
    async (host) => {
      const r = await hub.query(REGISTER, { u: `http://${host}:${port}/hook` }, await city.officer('market'));
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0]!.message).toBe('url must reach a public address, not this machine or a private network');
    },
  );

  it('refuses at delivery a name that resolves to this machine, never connecting, and says nothing of its network', async () => {
    const officer = await city.officer('market');
    // the machine's own name: a name, not an address, so it passes registration, and is resolved (and refused) when a delivery is due
    const name = hostname();
    expect([name, isReserved((await lookup(name)).address)]).toEqual([name, true]);
    const r = await hub.query(REGISTER, { u: `http://${name}:${port}/hook` }, officer);
    expect(r.errors).toBeUndefined();
    await city.shop();
    let webhook: { failedAttempts: number; lastError: string | null } | undefined;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !webhook?.failedAttempts; await new Promise((s) => setTimeout(s, 100))) {
      webhook = (await hub.query('{ webhooks { failedAttempts lastError } }', {}, officer)).data!.webhooks[0];
    }
    expect(webhook).toEqual({ failedAttempts: expect.any(Number), lastError: 'the address is not a public one' });
    expect(webhook!.failedAttempts).toBeGreaterThan(0);
    expect(reached).toBe(0);
  });
});
