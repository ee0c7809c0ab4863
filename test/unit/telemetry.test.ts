import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, loadTracingConfig } from '../../src/config';
import { enableMetrics, metricsText, reportEvaluationProgress, reportFeedRead, reportWebhookDelivery } from '../../src/telemetry/metrics';
import { ScrubbingExporter, statementShape } from '../../src/telemetry/tracing';
import { parsePrometheus, pick } from '../support/prometheus';

describe('the configuration of metrics and tracing', () => {
  it('serves no metrics unless METRICS_PORT is set (blank counts as unset; 0 asks for any free port), on the loopback address by default', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
    expect(loadConfig({ METRICS_PORT: '9464' })).toEqual(expect.objectContaining({ METRICS_PORT: 9464, METRICS_HOST: '127.0.0.1' }));
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(ConfigError);
  });

  it('traces only when an OTLP endpoint is configured or TRACING=on; TRACING=off wins', () => {
    expect(loadTracingConfig({})).toBeNull();
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeNull();
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      url: 'http://collector:4318/v1/traces',
      serviceName: undefined,
      sampleRatio: 1,
    });
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/traces', OTEL_SERVICE_NAME: 'hub-a', TRACING_SAMPLE_RATIO: '0.1' }),
    ).toEqual({
      url: 'http://collector:4318/traces',
      serviceName: 'hub-a',
      sampleRatio: 0.1,
    });
    expect(loadTracingConfig({ TRACING: 'on' })!.url).toBe('http://localhost:4318/v1/traces');
    expect(loadTracingConfig({ TRACING: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeNull();
    expect(() => loadTracingConfig({ TRACING: 'yes' })).toThrow(ConfigError);
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(ConfigError);
  });
});

describe('the SQL statements in a trace', () => {
  it.each([
    [`select * from "credit"."merchant" where "uscc" in ('91371102MA000000QG', 'it''s')`, `select * from "credit"."merchant" where "uscc" in (?, ?)`],
    [`insert into t (a, b, c) values (E'\\\\x00', 42, -3.5e2) returning "t1"."id"`, `insert into t (a, b, c) values (?, ?, ?) returning "t1"."id"`],
    [`select $1::int, x2 from y where z = $tag$ 370102199001011234 $tag$ limit 500`, `select $1::int, x2 from y where z = ? limit ?`],
  ])('keep the shape of %j and none of its values', (sql, shape) => {
    expect(statementShape(sql)).toBe(shape);
  });
});

describe("what the subgraphs report (the kernel's side)", () => {
  beforeAll(() => enableMetrics('unit'));
  const samples = async () => parsePrometheus(await metricsText());

  it("tells the change feed's lag from the oldest fact it had not processed, growing while no round reads it", async () => {
    reportFeedRead('market', [{ at: new Date(Date.now() - 5000) }, { at: new Date() }]);
    reportFeedRead('urban', []);
    const lag = async (source: string) => pick(await samples(), 'credit_hub_change_feed_lag_seconds', { source })[0]!.value;
    expect(await lag('market')).toBeGreaterThanOrEqual(5);
    expect(await lag('market')).toBeLessThan(10);
    expect(await lag('urban')).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await lag('market')).toBeGreaterThanOrEqual(6);
    reportFeedRead('market', []);
    expect(await lag('market')).toBe(0);
    expect(pick(await samples(), 'credit_hub_change_feed_facts_read_total', { source: 'market', service: 'unit' })[0]!.value).toBe(2);
  });

  it('counts webhook deliveries by owner and outcome, and an evaluation by merchants judged of its total', async () => {
    reportWebhookDelivery('market', 'failed');
    reportWebhookDelivery('market', 'failed');
    reportWebhookDelivery('market', 'delivered');
    reportEvaluationProgress('2026', 500, 2000);
    const s = await samples();
    expect(pick(s, 'credit_hub_webhook_deliveries_total', { owner: 'market', outcome: 'failed' })[0]!.value).toBe(2);
    expect(pick(s, 'credit_hub_webhook_deliveries_total', { owner: 'market', outcome: 'delivered' })[0]!.value).toBe(1);
    expect(pick(s, 'credit_hub_evaluation_merchants_judged', { cycle: '2026' })[0]!.value).toBe(500);
    expect(pick(s, 'credit_hub_evaluation_merchants', { cycle: '2026' })[0]!.value).toBe(2000);
  });
});

describe('the Grafana dashboard (deploy/grafana/credit-hub.json)', () => {
  const dashboard = JSON.parse(readFileSync(resolve(__dirname, '../../deploy/grafana/credit-hub.json'), 'utf8'));
  const queries: string[] = [
    ...dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr)),
    ...dashboard.templating.list.map((v: { definition?: string }) => v.definition ?? ''),
  ];

  it('asks only for figures the hub exposes', async () => {
    enableMetrics('unit');
    const exposed = new Set(
      [...(await metricsText()).matchAll(/^# TYPE (\S+) (\w+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!],
      ),
    );
    const asked = new Set(queries.flatMap((q) => q.match(/\b(?:credit_hub|nodejs|process)_\w+/g) ?? []));
    expect(asked.size).toBeGreaterThan(15);
    expect([...asked].filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('shows every figure the hub records', async () => {
    const recorded = [...(await metricsText()).matchAll(/^# TYPE (credit_hub_\w+) /gm)].map(([, name]) => name!);
    expect(recorded.filter((name) => !queries.some((q) => q.includes(name)))).toEqual([]);
  });

  it('has a place and an id for each panel', () => {
    const ids = dashboard.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels)
      expect(p.gridPos).toEqual(expect.objectContaining({ w: expect.any(Number), h: expect.any(Number), x: expect.any(Number), y: expect.any(Number) }));
  });
});

describe('what a span carries out of the process', () => {
  it('keeps URLs to their origin, statements to their shape, and a failure to its kind', async () => {
    const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const { SpanKind, SpanStatusCode } = await import('@opentelemetry/api');
    const exported = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ScrubbingExporter(exported))] });
    const tracer = provider.getTracer('test');
    const webhook = tracer.startSpan('POST', {
      kind: SpanKind.CLIENT,
      attributes: { 'url.full': 'https://hooks.bank.example/secret-7f3a/in?key=k1', 'url.path': '/secret-7f3a/in', 'url.query': 'key=k1' },
    });
    webhook.end();
    const statement = tracer.startSpan('pg.query', { attributes: { 'db.statement': "select * from merchant where name = '张记面馆' and id = 42" } });
    statement.recordException(new Error('invalid input syntax for type uuid: "91371102MA3C4DEF50"'));
    statement.setStatus({ code: SpanStatusCode.ERROR, message: 'invalid input syntax for type uuid: "91371102MA3C4DEF50"' });
    statement.end();
    const request = tracer.startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: { 'url.full': 'http://hub/graphql?query={merchant(uscc:"x")}', 'url.path': '/graphql' },
    });
    request.end();
    await provider.forceFlush();

    const [hook, sql, get] = exported.getFinishedSpans();
    expect(hook!.attributes).toEqual({ 'url.full': 'https://hooks.bank.example' });
    expect(sql!.attributes).toEqual({ 'db.statement': 'select * from merchant where name = ? and id = ?' });
    expect(sql!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(JSON.stringify(sql!.events)).not.toMatch(/91371102MA3C4DEF50/);
    expect(sql!.events[0]!.attributes).toEqual({ 'exception.type': 'Error' });
    expect(get!.attributes).toEqual({ 'url.full': 'http://hub', 'url.path': '/graphql' });
    await provider.shutdown();
  });
});
