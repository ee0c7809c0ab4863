import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT, UnsecuredJWT, exportJWK } from 'jose';
import { codes, postGraphQL, startTestHub, type TestHub } from '../support/hub';
import { freshDatabase } from '../support/database';
import { TEST_AUDIENCE, TEST_ISSUER } from '../support/keys';
import { freePort, HubProcess } from '../support/processes';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const WRITE = `mutation($input: RecordEventInput!) { recordFinanceEvent(input: $input) { id } }`;
const input = { uscc: '91110000600037341L', code: 'FIN-ARR-TAX', occurredAt: '2026-01-05T00:00:00Z', sourceRecordId: 'TAX-1', summary: 'Tax arrears' };
const claims = { sub: 'officer-1', roles: ['department_officer'], department: 'finance' };

describe('authentication', () => {
  it('lets the public read without a token', async () => {
    const r = await hub.query('{ catalogue(department: MARKET) { code } }');
    expect(r.errors).toBeUndefined();
  });

  it("carries a verified officer's identity to the subgraph that writes", async () => {
    const r = await hub.query(WRITE, { input }, await hub.token(claims));
    expect(r.errors).toBeUndefined();
  });

  const attacks: [string, () => Promise<string>][] = [
    [
      'an unsigned token (alg "none")',
      async () => new UnsecuredJWT({ ...claims }).setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setExpirationTime('5m').encode(),
    ],
    ['an expired token', () => hub.issuer.sign(claims, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })],
    ['a token from another issuer', () => hub.issuer.sign(claims, { issuer: 'https://evil.example' })],
    ['a token for another audience', () => hub.issuer.sign(claims, { audience: 'another-api' })],
    [
      'a token signed by an unknown key',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' })
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setExpirationTime('5m')
          .sign(privateKey);
      },
    ],
    [
      'an HS256 token keyed with the public key',
      async () => {
        const { publicKey } = await generateKeyPair('RS256', { extractable: true });
        const secret = new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey)));
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' })
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setExpirationTime('5m')
          .sign(secret);
      },
    ],
    ['a token with an unknown key id', () => hub.issuer.sign(claims, { kid: 'rotated-away' })],
    [
      'a token not yet valid',
      () =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' })
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setNotBefore('1h')
          .setExpirationTime('2h')
          .sign(hub.issuer.privateKey),
    ],
    [
      'a token without exp',
      () =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' })
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .sign(hub.issuer.privateKey),
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await hub.issuer.sign({ ...claims, roles: ['bank_officer'], org: 'bank' })).split('.');
        return [
          h,
          Buffer.from(JSON.stringify({ ...claims, roles: ['admin'], iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 9999999999 })).toString('base64url'),
          s,
        ].join('.');
      },
    ],
    ['a token with an unknown role', () => hub.issuer.sign({ ...claims, roles: ['superuser'] })],
    ['a department role without its department', () => hub.issuer.sign({ sub: 'x', roles: ['department_officer'] })],
    ['garbage', async () => 'not.a.token'],
  ];

  it.each(attacks)('refuses %s as UNAUTHENTICATED, never as the public', async (_, make) => {
    const r = await hub.query('{ catalogue(department: MARKET) { code } }', undefined, await make());
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.data ?? null).toBeNull();
  });

  it.each([
    ['an expired token', 'token refused: it has expired'],
    ['a token from another issuer', 'token refused: claim "iss" is not accepted'],
    ['a token with an unknown key id', 'token refused: no known key matches its key id'],
    ['garbage', 'token refused: it is not a well-formed signed JWT'],
  ])('says why it refuses %s', async (name, why) => {
    const r = await hub.query('{ catalogue(department: MARKET) { code } }', undefined, await attacks.find(([n]) => n === name)![1]());
    expect(r.errors!.map((e) => e.message)).toEqual([why]);
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const res = await fetch(hub.service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' },
      body: JSON.stringify({ query: '{ catalogue { code } }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  // the hub as its own process: under Jest, Node's fetch refuses the sandbox's AbortSignal, so remote keys never load in-process
  it('tells an identity provider that cannot be reached (503, retryable) from a refused token (401)', async () => {
    const keys = createServer((_, res) => res.writeHead(502).end('<html>bad gateway</html>'));
    await new Promise<void>((ok) => keys.listen(0, '127.0.0.1', ok));
    const db = await freshDatabase();
    const away = new HubProcess(await freePort(), {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DEMO_MERCHANTS: '0',
      AUTH_ISSUERS: TEST_ISSUER,
      AUTH_JWKS_URL: `http://127.0.0.1:${(keys.address() as AddressInfo).port}/jwks.json`,
    });
    try {
      await away.start();
      const token = await hub.token({ roles: ['admin'] });
      const answer = async () => {
        const res = await fetch(away.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ catalogue { code } }' }),
        });
        return [res.status, ((await res.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0]!.extensions];
      };
      const away503 = [503, expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', retryable: true })];
      expect(await answer()).toEqual(away503); // the keys' server answers 502
      await new Promise<void>((ok) => keys.close(() => ok()));
      expect(await answer()).toEqual(away503); // nothing listens
    } finally {
      keys.close();
      await away.stop();
      await db.drop();
    }
  });

  it('answers the same public data with or without a valid token', async () => {
    const token = await hub.token({ roles: ['bank_officer'], org: 'demo-bank' });
    const a = await postGraphQL(hub.service.url, '{ catalogue(department: URBAN) { code } }');
    const b = await postGraphQL(hub.service.url, '{ catalogue(department: URBAN) { code } }', undefined, token);
    expect(b.data).toEqual(a.data);
  });
});
