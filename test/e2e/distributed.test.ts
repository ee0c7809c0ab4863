import { readFile } from 'node:fs/promises';
import { importJWK, type CryptoKey } from 'jose';
import { ASSERTION_HEADER, newGatewayKeyPair, signAssertion, type GatewayKeys, type RequestIdentity } from '../../src/auth/assertion';
import { PUBLIC, type Principal } from '../../src/auth/principal';
import { SUBGRAPH_NAMES } from '../../src/config';
import { TestCity } from '../support/city';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';
import { argumentsFor, committedSchema, leaks, readersOf, selectAll } from '../support/readers';

let hub: TestHub;
let city: TestCity;
/** the gateway's key, as the test holds it to sign what only the gateway should */
let gateway: GatewayKeys;
let uscc: string;

const keysOf = async (file: string): Promise<GatewayKeys> => {
  const jwk = JSON.parse(await readFile(file, 'utf8'));
  return { signing: (await importJWK(jwk, 'EdDSA')) as CryptoKey, verifying: null as unknown as CryptoKey, kid: jwk.kid };
};

beforeAll(async () => {
  hub = await startTestHub({ CHANGE_FEED: 'off' }, 'distributed');
  city = new TestCity(hub);
  gateway = await keysOf(hub.gatewayKeys!.privateFile);
  uscc = await city.shop();
  await city.record(uscc, 'MKT-PEN-MINOR', '2026-05-02T10:00:00Z');
  await city.record(uscc, 'FIN-ARR-TAX', '2026-05-03T10:00:00Z');
}, 120_000);
afterAll(() => hub?.stop());

const subgraph = (name: string) => hub.subgraphs.find((s) => s.name === name)!;
const principal = (claims: Record<string, unknown> | null): Principal =>
  claims
    ? {
        ...PUBLIC,
        subject: 'reader',
        roles: claims.roles as Principal['roles'],
        department: (claims.department as Principal['department']) ?? null,
        org: (claims.org as string) ?? null,
        uscc: (claims.uscc as string) ?? null,
        ...claims,
      }
    : PUBLIC;
const identity = (p: Principal, over: Partial<RequestIdentity> = {}): RequestIdentity => ({
  principal: p,
  client: '203.0.113.9',
  requestId: `test-${Math.random()}`,
  operation: 'Test',
  startedAt: new Date(),
  internal: null,
  forCreditOffice: false,
  ...over,
});
const entities = (selection: string, representation: Record<string, unknown> = {}) => ({
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Merchant { ${selection} } } }`,
  variables: { r: [{ __typename: 'Merchant', uscc, ...representation }] },
});

/** Sends a request straight to a subgraph, as someone who reached it past the gateway would; the assertion is made by `assert`. */
async function askSubgraph(
  name: string,
  request: { query: string; variables?: unknown },
  assert?: (body: string) => Promise<string> | string,
): Promise<GraphQLResult> {
  const body = JSON.stringify(request);
  const res = await fetch(subgraph(name).url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(assert ? { [ASSERTION_HEADER]: await assert(body) } : {}) },
    body,
  });
  return { ...((await res.json()) as GraphQLResult), status: res.status };
}
const signedBy = (keys: GatewayKeys, audience: string, who: RequestIdentity) => (body: string) => signAssertion(keys, audience, who, body);

describe('distributed mode: each subgraph its own process, the gateway calling them with its signed assertions', () => {
  it('records facts in two departments and reads the joined profile', async () => {
    const profile = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { name marketEvents { code } urbanEvents { code } financeEvents { code } credit { grade } } }',
      { u: uscc },
      await city.admin(),
    );
    expect(profile.errors).toBeUndefined();
    expect(profile.data!.merchant).toEqual({
      name: '东港李记面馆',
      marketEvents: [{ code: 'MKT-PEN-MINOR' }],
      urbanEvents: [],
      financeEvents: [{ code: 'FIN-ARR-TAX' }],
      credit: { grade: expect.any(String) },
    });
  });

  it("carries the caller's identity to the subgraph: the public cannot write through the gateway", async () => {
    const r = await hub.query('mutation($i: RecordEventInput!) { recordUrbanEvent(input: $i) { id } }', {
      i: { uscc, code: 'URB-SAN-01', occurredAt: '2026-05-01T10:00:00Z', sourceRecordId: 'CG-2026-0002', summary: 'x' },
    });
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  });

  describe('every subgraph answers only the gateway', () => {
    const admin = () => identity(principal({ roles: ['admin'], sub: 'admin-1' }));
    it.each([
      ['without an assertion', async () => undefined],
      [
        'with an assertion signed by another key',
        async (name: string) => {
          const { privateJwk } = await newGatewayKeyPair();
          return signedBy(
            { signing: (await importJWK(privateJwk, 'EdDSA')) as CryptoKey, verifying: null as unknown as CryptoKey, kid: gateway.kid },
            name,
            admin(),
          );
        },
      ],
      ['with an assertion meant for another subgraph', async (name: string) => signedBy(gateway, name === 'market' ? 'finance' : 'market', admin())],
      ['with an assertion signed for another request', async (name: string) => async () => signAssertion(gateway, name, admin(), '{"query":"{ __typename }"}')],
    ] as [string, (name: string) => Promise<((body: string) => Promise<string>) | undefined>][])(
      'refuses _entities and _service %s: 403, coded, nothing else',
      async (_, assertion) => {
        for (const name of SUBGRAPH_NAMES) {
          for (const request of [entities('uscc'), { query: '{ _service { sdl } }' }]) {
            const r = await askSubgraph(name, request, await assertion(name));
            expect([name, r]).toEqual([name, { status: 403, errors: [{ message: expect.stringMatching(/gateway/), extensions: { code: 'FORBIDDEN' } }] }]);
          }
        }
      },
    );

    it('refuses a GET, whose query is in its address and not in the body an assertion holds for', async () => {
      const body = JSON.stringify(entities('uscc'));
      const assertion = await signAssertion(gateway, 'market', admin(), body);
      const res = await fetch(`${subgraph('market').url}?query=${encodeURIComponent('{ __typename }')}`, {
        method: 'GET',
        headers: { [ASSERTION_HEADER]: assertion, 'apollo-require-preflight': 'true' },
      });
      expect([res.status, await res.json()]).toEqual([403, { errors: [{ message: expect.stringMatching(/by POST/), extensions: { code: 'FORBIDDEN' } }] }]);
    });

    it('refuses an assertion used a second time', async () => {
      const body = JSON.stringify(entities('uscc'));
      const assertion = await signAssertion(gateway, 'finance', admin(), body);
      const send = () =>
        fetch(subgraph('finance').url, { method: 'POST', headers: { 'content-type': 'application/json', [ASSERTION_HEADER]: assertion }, body });
      expect((await send()).status).toBe(200);
      const replayed = await send();
      expect([replayed.status, await replayed.json()]).toEqual([
        403,
        { errors: [{ message: expect.stringMatching(/already used/), extensions: { code: 'FORBIDDEN' } }] },
      ]);
    });
  });

  describe("the judge's facts are the judge's", () => {
    const readers = readersOf('92371102MA3C4DEF50', '91110000600037341L');
    it.each(['market', 'urban', 'approval', 'finance'])(
      '%s: refuses its facts to every reader the gateway vouches for, and hands them over only for the credit judgment',
      async (name) => {
        const request = entities(`${name}Facts { id code summary sourceRecordId }`);
        for (const reader of readers) {
          const r = await askSubgraph(name, request, signedBy(gateway, name, identity(principal(reader.claims))));
          expect([reader.name, r.status, r.data, codes(r)]).toEqual([reader.name, 200, { _entities: [{ [`${name}Facts`]: null }] }, ['FORBIDDEN']]);
        }
        const judge = await askSubgraph(name, request, signedBy(gateway, name, identity(PUBLIC, { forCreditOffice: true })));
        expect(judge.errors).toBeUndefined();
        expect(Array.isArray(judge.data!._entities[0][`${name}Facts`])).toBe(true);
      },
    );

    it('cannot be asked for through the gateway', async () => {
      const r = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { marketFacts { id } } }', { u: uscc }, await city.admin());
      expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });

    it("takes only the key and the required facts from a representation sent to the credit office: the directory's data stands", async () => {
      const r = await askSubgraph(
        'credit',
        entities('name operator { name }', { name: '伪造的名字', operator: { name: 'forged' } }),
        signedBy(gateway, 'credit', identity(principal({ roles: ['admin'], sub: 'admin-1' }))),
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!._entities).toEqual([{ name: '东港李记面馆', operator: { name: '李伟' } }]);
    });
  });

  it("applies the policy to _entities sent straight to each subgraph with the gateway's assertion: no reader gets a field the table denies it", async () => {
    const readers = readersOf(uscc, '91110000600037341L');
    let shown = 0;
    for (const name of SUBGRAPH_NAMES) {
      const selection = selectAll('Merchant', 3, 'plain', argumentsFor({ cycle: '2026' }), committedSchema(name));
      for (const reader of readers) {
        const r = await askSubgraph(name, entities(selection), signedBy(gateway, name, identity(principal(reader.claims))));
        // a bank's consent is looked up through the gateway with the caller's token, which this request past the gateway lacks
        expect([name, reader.name, codes(r).filter((c) => c !== 'FORBIDDEN' && c !== 'SERVICE_UNAVAILABLE')]).toEqual([name, reader.name, []]);
        const found = leaks(reader, 'Merchant', r.data!._entities[0]);
        expect([name, reader.name, found.leaked]).toEqual([name, reader.name, []]);
        shown += found.shown;
      }
    }
    expect(shown).toBeGreaterThan(100);
  });

  it("keeps federation's _service working for the gateway", async () => {
    const sdl = await askSubgraph('market', { query: '{ _service { sdl } }' }, signedBy(gateway, 'market', identity(PUBLIC)));
    expect(sdl.data!._service.sdl).toMatch(/type Merchant\s+@key\(fields: "uscc"\)/);
  });

  it('reports ready when every subgraph is ready', async () => {
    const res = await fetch(hub.service.url.replace(/graphql$/, 'health/ready'));
    expect([res.status, await res.json()]).toEqual([200, { status: 'ready' }]);
  });
});
