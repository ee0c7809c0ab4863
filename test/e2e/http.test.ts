import { queryOnce } from '../../src/db/database';
import { codes, startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const base = () => hub.service.url.replace(/\/graphql$/, '');

describe('the HTTP edge', () => {
  it('reports live and ready (database reachable, migrations applied)', async () => {
    expect((await fetch(`${base()}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers malformed JSON with a coded 400', async () => {
    const res = await fetch(hub.service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('refuses a body over the size limit with 413', async () => {
    const body = JSON.stringify({ query: `{ catalogue { code } } #${'x'.repeat(1_100_000)}` });
    const res = await fetch(hub.service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
  });

  it('echoes a request id, or makes one', async () => {
    const given = await fetch(`${base()}/health/live`, { headers: { 'x-request-id': 'window-17:0042' } });
    expect(given.headers.get('x-request-id')).toBe('window-17:0042');
    const made = await fetch(`${base()}/health/live`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a query with a syntax error or an unknown field with a code', async () => {
    const syntax = await hub.query('{ merchant(uscc: ');
    expect(codes(syntax)).toEqual([expect.stringMatching(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/)]);
    expect(syntax.errors![0]!.message).toMatch(/Syntax Error/);
    expect(codes(await hub.query('{ nothingHere }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('prevents cross-site request forgery on GET', async () => {
    const res = await fetch(`${hub.service.url}?query=${encodeURIComponent('{ catalogue { code } }')}`);
    expect(res.status).toBe(400);
  });

  it('refuses an alias flood and a token flood at the edge with a coded error', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: catalogue { code }`).join(' ');
    const flood = await hub.query(`{ ${aliases} }`);
    expect(flood.errors?.[0]?.extensions?.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
    expect(flood.errors?.[0]?.message).toMatch(/alias/i);
    const tokens = await hub.query(`{ catalogue { ${'code '.repeat(3100)} } }`);
    expect(tokens.errors?.[0]?.extensions?.code).toMatch(/GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
    expect(tokens.data ?? null).toBeNull();
  });

  it('lets the real queries through the limits: a whole profile with its credit', async () => {
    const r = await hub.query(
      `{ merchantsPage(first: 1) { nodes { uscc name operator { name } marketEvents { code summary } penalties { decisionNumber } credit { grade score breakdown { code points reason } lists { kind } measures { id reasons } approval { mode reasons warnings } loan { eligible tier } inspection { riskClass } } } } }`,
      undefined,
      await hub.token({ roles: ['admin'] }),
    );
    expect(r.errors).toBeUndefined();
  });

  it('sends unknown paths a coded 404', async () => {
    const res = await fetch(`${base()}/admin`);
    expect(res.status).toBe(404);
  });
});

describe('in production', () => {
  let prod: TestHub;
  beforeAll(async () => {
    prod = await startTestHub({ NODE_ENV: 'production' });
  });
  afterAll(() => prod?.stop());

  it('turns off introspection', async () => {
    const r = await prod.query('{ __schema { types { name } } }');
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('suggests no field names to someone who guesses them', async () => {
    const r = await prod.query('{ merchnt(uscc: "91110000600037341L") { name } }');
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it('still says what is wrong with bad input', async () => {
    const r = await prod.query('query($u: CreditCode!) { merchant(uscc: $u) { name } }', { u: '123' });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(/18/);
  });

  it('hides internals (SQL, stack traces) behind a coded error', async () => {
    await queryOnce(prod.databaseUrl, 'alter table market.credit_event rename to credit_event_gone');
    const r = await prod.query('{ marketEvent(id: "00000000-0000-4000-8000-000000000000") { id } }', undefined, await prod.token({ roles: ['admin'] }));
    const text = JSON.stringify(r.errors);
    expect(codes(r)).toContain('INTERNAL_SERVER_ERROR');
    expect(text).not.toMatch(/credit_event|relation|select|stack|at /i);
  });
});
