import { startHub, startSubgraph, type RunningService } from '../../src/app';
import { loadConfig, SUBGRAPH_NAMES } from '../../src/config';
import { createLogger } from '../../src/logger';
import { SUBGRAPHS } from '../../src/subgraphs';
import { freshDatabase } from '../support/database';
import { codes, postGraphQL, type GraphQLResult } from '../support/hub';
import { createTestIssuer, TEST_ISSUER, type TestIssuer } from '../support/keys';
import { argumentsFor, committedSchema, leaks, readersOf, selectAll } from '../support/readers';
import { GATEWAY_SECRET_HEADER } from '../../src/gateway/remote';

const SECRET = 'gateway-secret-for-tests';
let subgraphs: RunningService[] = [];
let gateway: RunningService;
let issuer: TestIssuer;
let dropDatabase: () => Promise<void>;
let admin: string;

beforeAll(async () => {
  const db = await freshDatabase();
  dropDatabase = db.drop;
  issuer = await createTestIssuer();
  const env = {
    NODE_ENV: 'test', HOST: '127.0.0.1', DATABASE_URL: db.url, AUTH_JWKS_FILE: issuer.jwksFile, AUTH_ISSUERS: TEST_ISSUER,
    GATEWAY_SECRET: SECRET, DB_POOL_MAX: '2',
  };
  const log = createLogger('silent');
  subgraphs = await Promise.all(SUBGRAPH_NAMES.map((name) => startSubgraph(SUBGRAPHS[name], 0, loadConfig(env), log)));
  const urls = SUBGRAPH_NAMES.map((name, i) => `${name}=${subgraphs[i]!.url}`).join(',');
  admin = await issuer.sign({ sub: 'admin-1', roles: ['admin'] });
  gateway = await startHub(loadConfig({ ...env, PORT: '0', SUBGRAPH_URLS: urls }), log);
});
afterAll(async () => {
  await gateway?.stop();
  await Promise.all(subgraphs.map((s) => s.stop()));
  await dropDatabase?.();
});

const uscc = '92371102MA3C4DEF50';

describe('distributed mode: each subgraph its own server, the gateway calling them over HTTP', () => {
  it('registers a merchant, records facts in two departments and reads the joined profile', async () => {
    const officer = await issuer.sign({ sub: 'officer-1', roles: ['department_officer'], department: 'urban' });
    const registered = await postGraphQL(gateway.url, `mutation($i: RegisterMerchantInput!) { registerMerchant(input: $i) { uscc } }`, {
      i: { uscc, name: '东港李记面馆', kind: 'INDIVIDUAL_BUSINESS', trade: '餐饮', district: '东港区', street: '日照街道', address: '海曲路12号',
        operator: { name: '李伟', idNumber: '371102198001010016', phone: '13812345678' } },
    }, admin);
    expect(registered.errors).toBeUndefined();
    const recorded = await postGraphQL(gateway.url, `mutation($i: RecordEventInput!) { recordUrbanEvent(input: $i) { id } }`, {
      i: { uscc, code: 'URB-SAN-01', occurredAt: '2026-05-01T10:00:00Z', sourceRecordId: 'CG-2026-0001', summary: 'Goods stacked on the pavement' },
    }, officer);
    expect(recorded.errors).toBeUndefined();

    const profile = await postGraphQL(gateway.url, `query($u: CreditCode!) { merchant(uscc: $u) { name urbanEvents { code } marketEvents { code } } }`, { u: uscc }, admin);
    expect(profile.errors).toBeUndefined();
    expect(profile.data).toEqual({ merchant: { name: '东港李记面馆', urbanEvents: [{ code: 'URB-SAN-01' }], marketEvents: [] } });
  });

  it('carries the caller\'s identity to the subgraph: the public cannot write through the gateway', async () => {
    const r = await postGraphQL(gateway.url, `mutation($i: RecordEventInput!) { recordUrbanEvent(input: $i) { id } }`, {
      i: { uscc, code: 'URB-SAN-01', occurredAt: '2026-05-01T10:00:00Z', sourceRecordId: 'CG-2026-0002', summary: 'x' },
    });
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  });

  it('has subgraphs refuse requests that do not come from the gateway, so _entities cannot bypass it', async () => {
    const market = subgraphs[SUBGRAPH_NAMES.indexOf('market')]!;
    const res = await fetch(market.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _entities(representations: [{ __typename: "Merchant", uscc: "92371102MA3C4DEF50" }]) { ... on Merchant { penalties { id } } } }' }),
    });
    expect(res.status).toBe(403);
  });

  it("keeps federation's _service and _entities working under the policy, and the policy applying to them", async () => {
    const market = subgraphs[SUBGRAPH_NAMES.indexOf('market')]!;
    const ask = async (query: string, token?: string) =>
      (await fetch(market.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-credit-hub-gateway': SECRET, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      }).then((r) => r.json())) as { data: any; errors?: { extensions: { code: string } }[] };
    const sdl = await ask('{ _service { sdl } }');
    expect(sdl.data._service.sdl).toMatch(/type Merchant\s+@key\(fields: "uscc"\)/);
    const entities = '{ _entities(representations: [{ __typename: "Merchant", uscc: "92371102MA3C4DEF50" }]) { ... on Merchant { uscc inspections { id } } } }';
    const anonymous = await ask(entities);
    expect(anonymous.data._entities).toEqual([{ uscc: '92371102MA3C4DEF50', inspections: null }]);
    expect(anonymous.errors!.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const officer = await ask(entities, await issuer.sign({ sub: 'officer-2', roles: ['department_officer'], department: 'market' }));
    expect(officer.data._entities).toEqual([{ uscc: '92371102MA3C4DEF50', inspections: [] }]);
  });

  const entities = (selection: string) => `{ _entities(representations: [{ __typename: "Merchant", uscc: "${uscc}" }]) { ... on Merchant { ${selection} } } }`;
  const askSubgraph = async (url: string, query: string, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return { ...((await res.json()) as GraphQLResult), status: res.status };
  };

  it.each([
    ['without the gateway secret', {}],
    ['with a wrong gateway secret', { [GATEWAY_SECRET_HEADER]: `${SECRET}x` }],
  ])('has every subgraph refuse _entities and _service %s, with a code and nothing else', async (_, headers) => {
    for (const subgraph of subgraphs) {
      for (const query of [entities('uscc'), '{ _service { sdl } }']) {
        const r = await askSubgraph(subgraph.url, query, { ...headers, authorization: `Bearer ${admin}` });
        expect(r).toEqual({ status: 403, errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }] });
      }
    }
  });

  it("applies the policy to _entities sent straight to each subgraph with the gateway's secret: no reader gets a field the table denies it", async () => {
    const recorded = await postGraphQL(gateway.url, `mutation($i: RecordEventInput!) { recordMarketEvent(input: $i) { id } }`, {
      i: { uscc, code: 'MKT-PEN-MINOR', occurredAt: '2026-05-02T10:00:00Z', sourceRecordId: 'SC-2026-0001', summary: 'Scales not calibrated' },
    }, admin);
    expect(recorded.errors).toBeUndefined();
    const readers = readersOf(uscc, '91110000600037341L');
    let shown = 0;
    for (const [i, name] of SUBGRAPH_NAMES.entries()) {
      const selection = selectAll('Merchant', 3, 'plain', argumentsFor({ cycle: '2026' }), committedSchema(name));
      for (const reader of readers) {
        const token = reader.claims ? await issuer.sign({ sub: 'reader', ...reader.claims }) : undefined;
        const r = await askSubgraph(subgraphs[i]!.url, entities(selection), { [GATEWAY_SECRET_HEADER]: SECRET, ...(token ? { authorization: `Bearer ${token}` } : {}) });
        // without GATEWAY_URL these subgraphs cannot look a bank's consent up: refused as unavailable, not shown
        expect([name, reader.name, codes(r).filter((c) => c !== 'FORBIDDEN' && c !== 'SERVICE_UNAVAILABLE')]).toEqual([name, reader.name, []]);
        const found = leaks(reader, 'Merchant', r.data!._entities[0]);
        expect([name, reader.name, found.leaked]).toEqual([name, reader.name, []]);
        shown += found.shown;
      }
    }
    expect(shown).toBeGreaterThan(100);
  });

  it('reports ready when every subgraph is ready', async () => {
    const res = await fetch(gateway.url.replace(/graphql$/, 'health/ready'));
    expect(res.status).toBe(200);
  });
});
