import { postGraphQL, startTestHub, type TestHub } from '../support/hub';
import { pick, scrape, type Sample } from '../support/prometheus';
import { PROFILE } from '../support/queries';

/** Prometheus's /metrics on the hub's own metrics port, after real requests through the real gateway. */
let hub: TestHub;
let admin: string;
let metricsUrl: string;
beforeAll(async () => {
  hub = await startTestHub({ DEMO_MERCHANTS: '20', METRICS_PORT: '0', CHANGE_FEED_INTERVAL_MS: '200' }, 'all-in-one');
  admin = await hub.token({ roles: ['admin'] });
  metricsUrl = hub.service.metricsUrl!;
});
afterAll(() => hub?.stop());

const value = (samples: Sample[], name: string, labels: Record<string, string>) => pick(samples, name, labels).reduce((sum, s) => sum + s.value, 0);

describe('metrics', () => {
  it('are served on a port of their own, on the loopback address, and never on the API port', async () => {
    const api = new URL(hub.service.url);
    const metrics = new URL(metricsUrl);
    expect(metrics.hostname).toBe('127.0.0.1');
    expect(metrics.port).not.toBe(api.port);
    expect(metrics.pathname).toBe('/metrics');

    const onApi = await fetch(new URL('/metrics', api));
    expect(onApi.status).toBe(404);
    expect(await onApi.text()).not.toMatch(/credit_hub_|nodejs_/);
    // and the metrics port answers nothing but /metrics: not the API
    expect((await fetch(new URL('/graphql', metrics), { method: 'POST' })).status).toBe(404);

    const { status, type, samples } = await scrape(metricsUrl);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    // the Node runtime's own figures, labelled with the process they come from
    expect(pick(samples, 'nodejs_eventloop_lag_seconds', { service: 'hub' })).toHaveLength(1);
    expect(pick(samples, 'process_resident_memory_bytes', { service: 'hub' })[0]!.value).toBeGreaterThan(0);
  });

  it("show a profile query by its operation: its latency, and the gateway's fetch from each subgraph", async () => {
    const uscc = (await hub.query('{ merchantsPage(first: 1) { nodes { uscc } } }')).data!.merchantsPage.nodes[0].uscc as string;
    const before = (await scrape(metricsUrl)).samples;
    const count = (s: Sample[]) => value(s, 'credit_hub_graphql_request_duration_seconds_count', { operation: 'Profile', type: 'query', outcome: 'ok' });
    const started = performance.now();
    const r = await hub.query(PROFILE, { uscc }, admin);
    const took = (performance.now() - started) / 1000;
    expect(r.errors).toBeUndefined();

    const after = (await scrape(metricsUrl)).samples;
    expect(count(after) - count(before)).toBe(1);
    const seconds =
      value(after, 'credit_hub_graphql_request_duration_seconds_sum', { operation: 'Profile', outcome: 'ok' }) -
      value(before, 'credit_hub_graphql_request_duration_seconds_sum', { operation: 'Profile', outcome: 'ok' });
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(took);
    // a histogram: the request counted in the buckets at or above its latency, not below
    const buckets = pick(after, 'credit_hub_graphql_request_duration_seconds_bucket', { operation: 'Profile', outcome: 'ok' });
    expect(buckets.find((b) => b.labels.le === '+Inf')!.value).toBe(count(after));
    expect(buckets.find((b) => b.labels.le === '60')!.value).toBe(count(after));

    // the profile asks every department and the credit office
    for (const subgraph of ['market', 'urban', 'approval', 'finance', 'credit']) {
      const fetched = (s: Sample[]) => value(s, 'credit_hub_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' });
      expect(fetched(after) - fetched(before)).toBeGreaterThanOrEqual(1);
    }
  });

  it("count an anonymous caller's operations together, whatever it names them", async () => {
    const before = (await scrape(metricsUrl)).samples;
    const publicCount = (s: Sample[]) => value(s, 'credit_hub_graphql_request_duration_seconds_count', { operation: '(public)', outcome: 'ok' });
    for (const name of ['Junk1', 'Junk2', 'Junk3'])
      expect((await hub.query(`query ${name} { merchantsPage(first: 1) { totalCount } }`)).errors).toBeUndefined();
    const after = (await scrape(metricsUrl)).samples;
    expect(publicCount(after) - publicCount(before)).toBe(3);
    expect(after.filter((x) => /^Junk/.test(x.labels.operation ?? ''))).toEqual([]);
  });

  it('count errors by their code as the client sees them, refusals before the request ran too', async () => {
    const errors = (s: Sample[], labels: Record<string, string>) => value(s, 'credit_hub_graphql_errors_total', labels);
    const before = (await scrape(metricsUrl)).samples;
    const bad = await hub.query(PROFILE, { uscc: '91110000600037341X' }, admin);
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const refused = await postGraphQL(hub.service.url, '{ merchantsPage(first: 1) { nodes { uscc } } }', undefined, 'not-a-token');
    expect(refused.status).toBe(401);
    const unparsable = await hub.query('query Broken { merchant(');
    expect(unparsable.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');

    const after = (await scrape(metricsUrl)).samples;
    expect(errors(after, { operation: 'Profile', code: 'BAD_USER_INPUT' }) - errors(before, { operation: 'Profile', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(errors(after, { code: 'UNAUTHENTICATED' }) - errors(before, { code: 'UNAUTHENTICATED' })).toBe(1);
    expect(
      errors(after, { operation: '(not resolved)', code: 'GRAPHQL_PARSE_FAILED' }) -
        errors(before, { operation: '(not resolved)', code: 'GRAPHQL_PARSE_FAILED' }),
    ).toBe(1);
    // an answer with errors is `partial` when it still holds data, `error` when it holds none
    const outcome = bad.data ? 'partial' : 'error';
    const failed = (s: Sample[]) => value(s, 'credit_hub_graphql_request_duration_seconds_count', { operation: 'Profile', outcome });
    expect(failed(after) - failed(before)).toBe(1);
    const broken = (s: Sample[]) => value(s, 'credit_hub_graphql_request_duration_seconds_count', { operation: '(not resolved)', outcome: 'error' });
    expect(broken(after) - broken(before)).toBe(1);
  });

  it("show each subgraph's database pool and the rounds of the background work", async () => {
    let samples: Sample[] = [];
    const feedRan = async () => {
      samples = (await scrape(metricsUrl)).samples;
      return value(samples, 'credit_hub_background_rounds_total', { worker: 'change feed', outcome: 'ok' }) > 0;
    };
    for (const deadline = Date.now() + 20_000; !(await feedRan()) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 200));
    expect(value(samples, 'credit_hub_background_rounds_total', { worker: 'change feed', outcome: 'ok' })).toBeGreaterThan(0);
    expect(value(samples, 'credit_hub_background_last_success_timestamp_seconds', { worker: 'change feed' })).toBeGreaterThan(Date.now() / 1000 - 60);

    for (const subgraph of ['market', 'urban', 'approval', 'finance', 'credit']) {
      expect(pick(samples, 'credit_hub_db_pool_max', { subgraph })[0]!.value).toBe(4); // DB_POOL_MAX of the test hub
      const states = pick(samples, 'credit_hub_db_pool_connections', { subgraph }).map((s) => s.labels.state);
      expect(states.sort()).toEqual(['creating', 'free', 'pending', 'used']);
    }
    // connections lent out of the market subgraph's pool show as used until they are given back: all four taken (the
    // change feed's reads, every 200 ms, wait as pending meanwhile), so the count cannot move under the test
    const client = hub.service.orms.market!.em.getConnection().getKnex().client as {
      acquireConnection(): Promise<unknown>;
      releaseConnection(c: unknown): Promise<void>;
    };
    const used = (s: Sample[]) => value(s, 'credit_hub_db_pool_connections', { subgraph: 'market', state: 'used' });
    const held = await Promise.all(Array.from({ length: 4 }, () => client.acquireConnection()));
    try {
      expect(used((await scrape(metricsUrl)).samples)).toBe(4);
    } finally {
      await Promise.all(held.map((c) => client.releaseConnection(c)));
    }
    expect(used((await scrape(metricsUrl)).samples)).toBeLessThan(4);
  });
});
