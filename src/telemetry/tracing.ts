import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
import type { TracingConfig } from '../config';

/** what a probe or a scrape asks: not worth a trace each time */
const UNTRACED_PATHS = /^\/(health\/|metrics$)/;

/**
 * Literal values in a statement (MikroORM writes them into the SQL it sends): each replaced by `?`, so a trace
 * carries the statement's shape and never a merchant's or a person's data.
 */
export const statementShape = (sql: string) =>
  sql
    .replace(/(?:\b[Ee])?'(?:[^']|'')*'/g, '?')
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, '?')
    .replace(/(?<![\w"$.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b/g, '?');

/**
 * Starts the OpenTelemetry SDK: a tracer for the whole process, spans exported over OTLP/HTTP in batches, W3C trace
 * context read from and written to HTTP headers, and the instrumentations of node:http (the API, the gateway's
 * fetches, webhooks), fetch (a subgraph asking the gateway) and pg (every SQL statement). Must run before those
 * modules are loaded: main.ts loads it first. Returns what flushes and stops it.
 */
export function startTracingSdk(config: TracingConfig, serviceName: string): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName ?? serviceName }),
    // a subgraph follows its gateway's decision, so a trace is whole or absent
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.url }))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(new URL(req.url ?? '/', 'http://localhost').pathname),
        // a GET's variables may name people: kept out of the span's URL
        redactedQueryParamsServer: ['variables', 'extensions'],
      }),
      new UndiciInstrumentation(),
      new PgInstrumentation({
        ignoreConnectSpans: true,
        requestHook: (span, { query }) => span.setAttribute('db.query.text', statementShape(query.text)),
      }),
    ],
  });
  return () => provider.shutdown();
}
