import { createServer, type Server } from 'node:http';
import { SUBGRAPH_NAMES, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { seedDatabase } from '../../src/server/stores';
import { freshDatabase } from '../support/database';
import { gatewayKeyFiles, postGraphQL } from '../support/hub';
import { createTestIssuer, TEST_ISSUER, type TestIssuer } from '../support/keys';
import { freePort, HubProcess, SubgraphProcess } from '../support/processes';
import { pick, scrape } from '../support/prometheus';
import { PROFILE } from '../support/queries';

/**
 * OpenTelemetry traces as an operator's collector receives them: the built hub in processes of its own, exporting
 * over OTLP/HTTP to a collector in this test, in one process (all-in-one) and across six (distributed).
 */

interface ExportedSpan {
  service: string;
  scope: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Record<string, unknown>;
}

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values: AnyValue[] } };
const valueOf = (v: AnyValue): unknown => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue ?? v.arrayValue?.values.map(valueOf);
const attributes = (list: { key: string; value: AnyValue }[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** An OTLP/HTTP collector (JSON): keeps every span it is sent. */
class Collector {
  readonly spans: ExportedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.contentTypes.add(`${req.method} ${req.url} ${req.headers['content-type']}`);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attributes(rs.resource?.attributes)['service.name']);
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              this.spans.push({
                service,
                scope: ss.scope?.name,
                name: s.name,
                kind: s.kind,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? '',
                attributes: attributes(s.attributes),
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const port = await freePort();
    await new Promise<void>((ok) => this.server!.listen(port, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${port}`;
  }

  stop(): Promise<void> {
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  /** The spans of the trace whose root satisfies `isRoot`, once it has arrived (its root ends last), among those after the `since`th span. */
  async trace(isRoot: (s: ExportedSpan) => boolean, since: number, timeoutMs = 20_000): Promise<ExportedSpan[]> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const root = this.spans.slice(since).find(isRoot);
      if (root) {
        await new Promise((r) => setTimeout(r, 500)); // the batch after the root's, if any
        return this.spans.filter((s) => s.traceId === root.traceId);
      }
    }
    throw new Error(`no such trace arrived; spans seen: ${[...new Set(this.spans.map((s) => s.name))].join(', ')}`);
  }
}

/** Whether `span` lies under a span that satisfies `test`, within its trace. */
function under(trace: ExportedSpan[], span: ExportedSpan, test: (s: ExportedSpan) => boolean): boolean {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  for (let at = byId.get(span.parentSpanId); at; at = byId.get(at.parentSpanId)) if (test(at)) return true;
  return false;
}

const SERVER = 2;
const CLIENT = 3;
const DEPARTMENTS = ['market', 'urban', 'approval', 'finance'];

let collector: Collector;
let issuer: TestIssuer;
beforeAll(async () => {
  collector = new Collector();
  await collector.start();
  issuer = await createTestIssuer();
});
afterAll(() => collector?.stop());

/** What every process of the hub is started with: its database, the test's identity provider, tracing to the collector. */
const commonEnv = (databaseUrl: string) => ({
  NODE_ENV: 'test',
  DATABASE_URL: databaseUrl,
  DEMO_MERCHANTS: '20',
  AUTH_JWKS_FILE: issuer.jwksFile,
  AUTH_ISSUERS: TEST_ISSUER,
  DB_POOL_MAX: '4',
  CHANGE_FEED: 'off',
  OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
  // the collector hears of each span within a tenth of a second
  OTEL_BSP_SCHEDULE_DELAY: '100',
});

async function askProfile(url: string): Promise<string> {
  const admin = await issuer.sign({ sub: 'tracing-test', roles: ['admin'] });
  const page = await postGraphQL(url, '{ merchantsPage(first: 1) { nodes { uscc } } }', undefined, admin);
  const uscc = page.data!.merchantsPage.nodes[0].uscc as string;
  const r = await postGraphQL(url, PROFILE, { uscc }, admin);
  expect(r.errors).toBeUndefined();
  expect(r.data!.merchant.uscc).toBe(uscc);
  return uscc;
}

/** A hub in one process, for the tests of one describe. */
function allInOne(env: Record<string, string> = {}): () => HubProcess {
  let hub: HubProcess;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    hub = new HubProcess(await freePort(), { ...commonEnv(db.url), ...env });
    await hub.start();
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await drop?.();
  });
  return () => hub;
}

describe('tracing, all-in-one executed directly (EXECUTION=direct)', () => {
  const hubOf = allInOne({ EXECUTION: 'direct' });

  it("exports a trace of a profile query: the request, the judge's facts fetched from each department in a span of its own, the SQL statements", async () => {
    const since = collector.spans.length;
    const uscc = await askProfile(hubOf().url);
    const trace = await collector.trace((s) => s.name === 'query Profile' && s.service === 'credit-hub', since);
    const request = trace.find((s) => s.name === 'query Profile')!;
    expect(request.attributes).toEqual(expect.objectContaining({ 'graphql.operation.name': 'Profile', 'http.response.status_code': 200 }));
    // one execution: no fetch planned; the inputs of a @requires are each fetched from their subgraph, in a batch
    expect(trace.filter((s) => s.name === 'gateway.fetch')).toEqual([]);
    const fetched = trace.filter((s) => s.name.startsWith('subgraph '));
    expect(new Set(fetched.map((s) => s.attributes['credit_hub.subgraph']))).toEqual(new Set(SUBGRAPH_NAMES));
    const sql = trace.filter((s) => s.scope === '@opentelemetry/instrumentation-pg');
    for (const d of DEPARTMENTS) {
      const own = sql.filter((s) => under(trace, s, (p) => p.name === `subgraph ${d}`));
      expect(own.map((s) => s.attributes['db.query.text'])).toEqual(expect.arrayContaining([expect.stringContaining(`"${d}"."credit_event"`)]));
    }
    for (const s of sql) {
      expect(under(trace, s, (p) => p === request)).toBe(true);
      expect(String(s.attributes['db.query.text'])).not.toContain(uscc);
    }
  });
});

describe("tracing, all-in-one through the gateway's query plans (EXECUTION=gateway)", () => {
  const hubOf = allInOne({ EXECUTION: 'gateway' });

  it('exports a trace of a profile query over OTLP/HTTP: the request, a span per subgraph fetch, the SQL statements inside them', async () => {
    const since = collector.spans.length;
    const uscc = await askProfile(hubOf().url);
    const trace = await collector.trace((s) => s.name === 'query Profile' && s.service === 'credit-hub', since);
    expect([...collector.contentTypes][0]).toBe('POST /v1/traces application/json');

    const request = trace.find((s) => s.name === 'query Profile')!;
    expect(request).toEqual(expect.objectContaining({ kind: SERVER, parentSpanId: '', scope: '@opentelemetry/instrumentation-http' }));
    expect(request.attributes).toEqual(
      expect.objectContaining({ 'graphql.operation.name': 'Profile', 'http.route': '/graphql', 'http.response.status_code': 200 }),
    );
    expect(trace.every((s) => s.service === 'credit-hub')).toBe(true);

    // each fetch the gateway planned, and the subgraph executing it in this process beneath it
    const fetches = trace.filter((s) => s.name === 'gateway.fetch');
    expect(new Set(fetches.map((f) => f.attributes.service))).toEqual(new Set(SUBGRAPH_NAMES));
    for (const fetch of fetches) {
      const executed = trace.filter((s) => s.parentSpanId === fetch.spanId && s.name === `subgraph ${fetch.attributes.service}`);
      expect(executed).toHaveLength(1);
      expect(executed[0]!.attributes['credit_hub.subgraph']).toBe(fetch.attributes.service);
    }

    // SQL statements, each inside the subgraph fetch that ran it; their shape only, no values
    const sql = trace.filter((s) => s.scope === '@opentelemetry/instrumentation-pg');
    expect(sql.length).toBeGreaterThan(0);
    for (const d of DEPARTMENTS) {
      const own = sql.filter((s) => under(trace, s, (p) => p.name === `subgraph ${d}`));
      expect(own.map((s) => s.attributes['db.query.text'])).toEqual(expect.arrayContaining([expect.stringContaining(`"${d}"."credit_event"`)]));
    }
    for (const s of sql) expect(String(s.attributes['db.query.text'])).not.toContain(uscc);
  });
});

describe('tracing, distributed: the trace context travels from the gateway to each subgraph', () => {
  const subgraphs: SubgraphProcess[] = [];
  let gateway: HubProcess;
  let drop: () => Promise<void>;
  let marketMetrics: number;
  beforeAll(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    const env = commonEnv(db.url);
    await seedDatabase(loadConfig(env), createLogger('silent'));
    const keys = await gatewayKeyFiles();
    const port = await freePort();
    marketMetrics = await freePort();
    for (const name of SUBGRAPH_NAMES) {
      const key: Record<string, string> = name === 'credit' ? { GATEWAY_KEY_FILE: keys.privateFile } : { GATEWAY_PUBLIC_KEY_FILE: keys.publicFile };
      const own: Record<string, string> = name === 'market' ? { METRICS_PORT: String(marketMetrics) } : {};
      subgraphs.push(
        new SubgraphProcess(name, await freePort(), {
          ...env,
          ...key,
          ...own,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          GATEWAY_URL: `http://127.0.0.1:${port}/graphql`,
        }),
      );
    }
    await Promise.all(subgraphs.map((s) => s.start()));
    gateway = new HubProcess(port, { ...env, SUBGRAPH_URLS: subgraphs.map((s) => `${s.name}=${s.url}`).join(','), GATEWAY_KEY_FILE: keys.privateFile });
    await gateway.start();
  }, 180_000);
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(subgraphs.map((s) => s.stop()));
    await drop?.();
  });

  it("continues the gateway's trace in every subgraph's process (traceparent accepted beside the signed assertion), with its SQL", async () => {
    const since = collector.spans.length;
    const uscc = await askProfile(gateway.url);
    const root = (s: ExportedSpan) => s.name === 'query Profile' && s.service === 'credit-hub';
    await collector.trace(root, since);
    // the subgraphs' spans come in their own processes' batches
    let trace: ExportedSpan[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      trace = await collector.trace(root, since);
      if (SUBGRAPH_NAMES.every((n) => trace.some((s) => s.service === `credit-hub-${n}` && s.scope === '@opentelemetry/instrumentation-pg'))) break;
    }

    for (const name of SUBGRAPH_NAMES) {
      // the gateway's fetch, its HTTP request, and the subgraph's own request span continuing the same trace
      const fetch = trace.find((s) => s.name === 'gateway.fetch' && s.attributes.service === name && s.service === 'credit-hub');
      expect(fetch).toBeDefined();
      const served = trace.filter((s) => s.service === `credit-hub-${name}` && s.kind === SERVER);
      expect(served.length).toBeGreaterThan(0);
      for (const s of served) {
        const caller = trace.find((c) => c.spanId === s.parentSpanId)!;
        expect(caller).toEqual(expect.objectContaining({ service: 'credit-hub', kind: CLIENT }));
        expect(under(trace, caller, (p) => p.name === 'gateway.fetch' && p.attributes.service === name)).toBe(true);
        expect(s.attributes['graphql.operation.name']).toMatch(new RegExp(`^Profile__${name}__\\d+$`));
      }
      const sql = trace.filter((s) => s.service === `credit-hub-${name}` && s.scope === '@opentelemetry/instrumentation-pg');
      expect(sql.length).toBeGreaterThan(0);
      for (const s of sql) {
        expect(under(trace, s, (p) => served.includes(p))).toBe(true);
        expect(String(s.attributes['db.query.text'])).not.toContain(uscc);
      }
    }
  });

  it("serves a subgraph's own metrics from its own process", async () => {
    const { samples } = await scrape(`http://127.0.0.1:${marketMetrics}/metrics`);
    const served = pick(samples, 'credit_hub_graphql_request_duration_seconds_count', { service: 'market', outcome: 'ok' });
    expect(served.map((s) => s.labels.operation)).toEqual(expect.arrayContaining([expect.stringMatching(/^Profile__market__\d+$/)]));
    expect(pick(samples, 'credit_hub_db_pool_max', { service: 'market' }).map((s) => s.labels.subgraph)).toEqual(['market']);
    // the gateway's figures are the gateway's: a subgraph fetches nothing from others
    expect(pick(samples, 'credit_hub_subgraph_fetch_duration_seconds_count')).toEqual([]);
    expect(samples.every((s) => s.labels.service === 'market')).toBe(true);
  });
});
