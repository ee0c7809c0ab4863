import { auditServer, type AuditResult } from 'graphql-http';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * The GraphQL-over-HTTP spec's audits (graphql-http's own suite) against the running hub. The counts are the
 * number of audits passed when this test was written: a change that makes one fail fails here, and the failing
 * ones are printed with their reasons. Not passed, by choice: three MAYs (GET with form-encoded or URL-encoded
 * JSON parameters; the hub takes queries by POST, and GET only with a CSRF preflight header) and, in production
 * only, 28B9 and 2EA1, which send variables to an introspection query while production turns introspection off.
 */
const PASSING = { development: 58, production: 56 };

const audit = async (hub: TestHub) => {
  const results: AuditResult[] = await auditServer({ url: hub.service.url });
  const failing = results.filter((r) => r.status !== 'ok');
  if (failing.length) console.log(failing.map((r) => `${r.status} ${r.id} ${r.name}: ${r.reason}`).join('\n'));
  return { passed: results.filter((r) => r.status === 'ok').map((r) => r.id) };
};

const post = (hub: TestHub, accept: string, body: unknown) =>
  fetch(hub.service.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    type: r.headers.get('content-type'),
    body: (await r.json()) as { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] },
  }));

describe.each([
  ['development', {}],
  ['production', { NODE_ENV: 'production' }],
] as const)('GraphQL over HTTP (%s)', (mode, env) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(env);
  });
  afterAll(() => hub?.stop());

  it(`passes at least ${PASSING[mode]} of graphql-http's audits`, async () => {
    const { passed } = await audit(hub);
    expect(passed.length).toBeGreaterThanOrEqual(PASSING[mode]);
    // the three the hub failed before: 200 to an application/json client for parse, validation and coercion failures
    expect(passed).toEqual(expect.arrayContaining(['572B', 'FDE2', '7B9B']));
  });

  it.each([
    ['a document that does not parse', { query: '{ catalogue { code ' }, 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', { query: '{ nothingHere }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['variables that do not coerce', { query: 'query($n: Int) { merchantsPage(first: $n) { totalCount } }', variables: { n: 'many' } }, 'BAD_USER_INPUT'],
    ['an operation that cannot be chosen', { query: 'query A { catalogue { code } } query B { catalogue { code } }' }, 'OPERATION_RESOLUTION_FAILURE'],
  ])('answers %s with 200 in application/json, and with 400 in application/graphql-response+json', async (_, body, code) => {
    const json = await post(hub, 'application/json', body);
    expect([json.status, json.type, 'data' in json.body, json.body.errors?.map((e) => e.extensions?.code)]).toEqual([
      200,
      expect.stringMatching(/^application\/json/),
      false,
      [code],
    ]);
    const graphqlResponse = await post(hub, 'application/graphql-response+json', body);
    expect([graphqlResponse.status, graphqlResponse.type, graphqlResponse.body.errors?.map((e) => e.extensions?.code)]).toEqual([
      400,
      expect.stringMatching(/^application\/graphql-response\+json/),
      [code],
    ]);
  });

  it("refuses malformed text in the document's own strings every time the same document comes, and names the variables' first", async () => {
    const query =
      'query($f: MerchantFilter) {\n  merchantsPage(first: 1, filter: $f) { totalCount }\n  other: merchantsPage(first: 1, filter: { nameContains: "a\\u0000" }) { totalCount }\n}';
    const message = (body: { errors?: { message?: string }[] }) => body.errors?.map((e) => e.message?.split(' holds ')[0]);
    for (let i = 0; i < 2; i++) expect(message((await post(hub, 'application/json', { query })).body)).toEqual(['the string at line 3']);
    expect(message((await post(hub, 'application/json', { query, variables: { f: { nameContains: '\ud800' } } })).body)).toEqual(['variables.f.nameContains']);
    const clean = await post(hub, 'application/json', { query: query.replace('a\\u0000', 'a') });
    expect([clean.body.errors, clean.body.data]).toEqual([
      undefined,
      { merchantsPage: { totalCount: expect.any(Number) }, other: { totalCount: expect.any(Number) } },
    ]);
  });

  it('tells browsers and proxies to keep no answer, given or refused', async () => {
    for (const query of ['{ __typename }', '{ nothingHere }']) {
      const res = await fetch(hub.service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('keeps 400 for a request that is not well-formed, whatever the client accepts', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      expect((await post(hub, accept, { query: 42 })).status).toBe(400);
      expect((await post(hub, accept, { variables: {} })).status).toBe(400);
    }
  });
});
