import { newGatewayKeyPair, signAssertion, ASSERTION_HEADER, GATEWAY_AUDIENCE } from '../../src/auth/assertion';
import { PUBLIC } from '../../src/auth/principal';
import { queryOnce } from '../../src/db/database';
import { importJWK, type CryptoKey } from 'jose';
import { TestCity } from '../support/city';
import { codes, postGraphQL, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

const PUBLIC_URL = 'https://credit.rizhao.example';
let hub: TestHub;
let city: TestCity;

beforeAll(async () => {
  // the hub stands behind a reverse proxy on this machine, which names each client in X-Forwarded-For
  hub = await startTestHub({ TRUSTED_PROXIES: '127.0.0.1,::1', PUBLIC_URL, CHANGE_FEED: 'off' });
  city = new TestCity(hub);
}, 120_000);
afterAll(() => hub?.stop());

type Claims = {
  roles: string[];
  sub: string;
  department?: string;
  org?: string;
  purpose?: string;
};

interface Entry {
  subject: string;
  role: string;
  department: string | null;
  org: string | null;
  purpose: string | null;
  fields: string[];
  operation: string | null;
  requestId: string;
  outcome: string;
}

/** The merchant's access log as the merchant reads it (its own reads are not traced, so reading it adds nothing). */
async function accessLog(uscc: string): Promise<Entry[]> {
  const r = await hub.query(
    'query($u: CreditCode!) { merchant(uscc: $u) { accessLog(first: 100) { nodes { subject role department org purpose fields operation requestId outcome } } } }',
    { u: uscc },
    await city.merchant(uscc),
  );
  expect(r.errors).toBeUndefined();
  return r.data!.merchant.accessLog.nodes;
}

const read = async (operation: string, uscc: string, selection: string, token: string) => {
  const r = await hub.query(`query ${operation}($u: CreditCode!) { merchant(uscc: $u) { ${selection} } }`, { u: uscc }, token);
  expect(r.errors).toBeUndefined();
  return r;
};

describe(`the access log (${process.env.TEST_HUB_MODE ?? 'all-in-one'}): every look leaves one entry, recorded where it was served`, () => {
  it.each([
    [
      'an urban officer reading conduct records',
      'urban',
      { roles: ['department_officer'], department: 'urban', sub: 'urban-officer-7', purpose: 'street patrol case 12' },
      'conductRecords { id }',
      'Merchant.conductRecords',
    ],
    [
      'an approval clerk reading commitments',
      'approval',
      { roles: ['approval_clerk'], sub: 'window-clerk-2', purpose: 'permit matter 2026-88' },
      'commitments { id }',
      'Merchant.commitments',
    ],
    [
      'a market analyst reading inspections',
      'market',
      { roles: ['department_analyst'], department: 'market', sub: 'market-analyst-4' },
      'inspections { id }',
      'Merchant.inspections',
    ],
    [
      'a consented bank reading loans',
      'finance',
      { roles: ['bank_officer'], org: 'rizhao-bank', sub: 'loan-officer-3', purpose: 'LOAN_REVIEW' },
      'loans { id }',
      'Merchant.loans',
    ],
  ] as [string, string, Claims, string, string][])(
    "%s: one entry naming who, why and what; one row in the %s subgraph's own log",
    async (_, subgraph, claims, selection, coordinate) => {
      const uscc = await city.shop();
      if (claims.roles[0] === 'bank_officer') {
        const granted = await hub.query(
          'mutation($until: DateTime!) { grantConsent(org: "rizhao-bank", until: $until) { valid } }',
          { until: new Date(Date.now() + 30 * 864e5).toISOString() },
          await city.merchant(uscc),
        );
        expect(granted.errors).toBeUndefined();
      }
      await read('Lookup', uscc, selection, await hub.token(claims));

      const entries = (await accessLog(uscc)).filter((e) => e.subject === claims.sub);
      expect(entries).toEqual([
        expect.objectContaining({
          role: claims.roles[0],
          department: claims.department ?? null,
          org: claims.org ?? null,
          purpose: claims.purpose ?? null,
          operation: 'Lookup',
          outcome: 'ALLOWED',
        }),
      ]);
      expect(entries[0]!.fields).toContain(coordinate);
      const rows = await queryOnce(hub.databaseUrl, `select fields from ${subgraph}.access_log where uscc = $1 and subject = $2`, [uscc, claims.sub]);
      expect(rows).toEqual([{ fields: expect.arrayContaining([coordinate]) }]);
    },
  );

  it("merges one request's reads of several subgraphs into one entry, one row in each subgraph that served it", async () => {
    const uscc = await city.shop();
    const officer = await hub.token({ roles: ['department_officer'], department: 'market', sub: 'market-officer-9', purpose: 'annual review' });
    await read('Review', uscc, 'operator { phone } credit { score } inspections { id } conductRecords { id }', officer);

    const entries = (await accessLog(uscc)).filter((e) => e.subject === 'market-officer-9');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.fields).toEqual(expect.arrayContaining(['CreditAssessment.score', 'Merchant.inspections', 'Merchant.conductRecords']));
    const rows = await queryOnce<{ schema: string }>(
      hub.databaseUrl,
      `select 'credit' as schema from credit.access_log where request_id = $1 union all select 'market' from market.access_log where request_id = $1
       union all select 'urban' from urban.access_log where request_id = $1 order by schema`,
      [entries[0]!.requestId],
    );
    expect(rows.map((r) => r.schema)).toEqual(['credit', 'market', 'urban']);
  });

  it('keeps apart two requests that carry the same x-request-id: reading again is never hidden in an old entry', async () => {
    const uscc = await city.shop();
    const officer = await hub.token({ roles: ['department_officer'], department: 'urban', sub: 'urban-officer-8' });
    for (let i = 0; i < 3; i++) {
      const r = await postGraphQL(hub.service.url, 'query Again($u: CreditCode!) { merchant(uscc: $u) { conductRecords { id } } }', { u: uscc }, officer, {
        'x-request-id': 'same-id-every-time',
      });
      expect(r.errors).toBeUndefined();
      await new Promise((done) => setTimeout(done, 5));
    }
    expect((await accessLog(uscc)).filter((e) => e.subject === 'urban-officer-8')).toHaveLength(3);
  });

  it('pages the merged log newest first, without losing or repeating an entry', async () => {
    const uscc = await city.shop();
    for (let i = 0; i < 5; i++)
      await read(`Look${i}`, uscc, 'credit { score } conductRecords { id }', await hub.token({ roles: ['admin'], sub: `admin-${i}` }));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const r: GraphQLResult = await hub.query(
        'query($u: CreditCode!, $a: String) { merchant(uscc: $u) { accessLog(first: 2, after: $a) { nodes { operation } pageInfo { endCursor hasNextPage } } } }',
        { u: uscc, a: after },
        await city.merchant(uscc),
      );
      expect(r.errors).toBeUndefined();
      const page = r.data!.merchant.accessLog;
      seen.push(...page.nodes.map((n: { operation: string }) => n.operation));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['Look4', 'Look3', 'Look2', 'Look1', 'Look0']);
  });

  it("no token makes a read internal: a subject named like the hub's own work is traced like anyone", async () => {
    const uscc = await city.shop();
    await read('Probe', uscc, 'conductRecords { id } credit { score }', await hub.token({ roles: ['admin'], sub: 'system:change-feed' }));
    expect((await accessLog(uscc)).filter((e) => e.subject === 'system:change-feed')).toEqual([expect.objectContaining({ operation: 'Probe', role: 'admin' })]);
  });

  it("no header makes a read internal: an assertion not signed with the gateway's key is refused, never taken for the hub's own work", async () => {
    const uscc = await city.shop();
    const { privateJwk } = await newGatewayKeyPair();
    const keys = { signing: (await importJWK(privateJwk, 'EdDSA')) as CryptoKey, verifying: null as unknown as CryptoKey, kid: privateJwk.kid! };
    const body = JSON.stringify({ query: '{ merchant(uscc: "' + uscc + '") { conductRecords { id } } }' });
    const who = {
      principal: { ...PUBLIC, subject: 'intruder', roles: ['admin' as const] },
      client: null,
      requestId: 'forged-1',
      operation: null,
      startedAt: new Date(),
      internal: 'change-feed',
      forCreditOffice: true,
    };
    const res = await fetch(hub.service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ASSERTION_HEADER]: await signAssertion(keys, GATEWAY_AUDIENCE, who, body) },
      body,
    });
    const answer = (await res.json()) as { data?: { merchant: { conductRecords: unknown } | null } | null; errors?: { extensions: { code: string } }[] };
    // a distributed gateway verifies such an assertion and refuses it; an all-in-one hub knows none and reads as the public
    expect(answer.data?.merchant?.conductRecords ?? null).toBeNull();
    expect(answer.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    if (hub.mode === 'distributed') expect(res.status).toBe(403);
    expect((await accessLog(uscc)).filter((e) => e.subject === 'intruder')).toEqual([]);
  });
});

describe('limits per client, behind a trusted reverse proxy', () => {
  it('gives each client its own limit of consumer reports: the 11th from one is refused with 429, the other still reports', async () => {
    const uscc = await city.shop();
    const shop = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken } }', { u: uscc });
    const report = (client: string) =>
      postGraphQL(
        hub.service.url,
        'mutation($t: String!) { submitConsumerReport(qrToken: $t, text: "门前堆放杂物") { id } }',
        { t: shop.data!.merchant.qrToken },
        undefined,
        { 'x-forwarded-for': client },
      );
    for (let i = 0; i < 10; i++) expect((await report('203.0.113.7')).errors).toBeUndefined();
    const eleventh = await report('203.0.113.7');
    expect([eleventh.status, codes(eleventh)]).toEqual([429, ['RATE_LIMITED']]);
    // an address a client claims before its own is the client's word, not the proxy's: it does not escape the limit
    expect(codes(await report('198.51.100.1, 203.0.113.7'))).toEqual(['RATE_LIMITED']);
    const other = await report('203.0.113.8');
    expect([other.status, other.errors]).toEqual([200, undefined]);
  });
});

describe('links the public follows', () => {
  it("points a shop's QR code at PUBLIC_URL", async () => {
    const uscc = await city.shop();
    const r = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken qrUrl } }', { u: uscc });
    expect(r.data!.merchant.qrUrl).toBe(`${PUBLIC_URL}/m/${r.data!.merchant.qrToken}`);
  });
});
