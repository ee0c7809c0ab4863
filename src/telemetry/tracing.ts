import { type Context, SpanKind, SpanStatusCode, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  type ReadableSpan,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
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

/** Attributes that may hold what a URL carries (a GET's document, a webhook's secret path) or a statement's values. */
function scrubbed(span: ReadableSpan) {
  const a = { ...span.attributes };
  for (const key of ['url.full', 'http.url']) {
    const url = typeof a[key] === 'string' ? URL.parse(a[key] as string) : null;
    if (url) a[key] = url.origin;
  }
  delete a['url.query'];
  delete a['http.target'];
  // an outgoing request's path is the receiver's (a webhook's may hold its secret); the hub's own paths are its routes
  if (span.kind === SpanKind.CLIENT) delete a['url.path'];
  for (const key of ['db.statement', 'db.query.text']) if (typeof a[key] === 'string') a[key] = statementShape(a[key] as string);
  return a;
}

/**
 * Everything a span carries passes here before it leaves the process: URLs cut to their origin, statements to their
 * shape, error messages (a driver's message quotes the values it refused) to the error's kind.
 */
export class ScrubbingExporter implements SpanExporter {
  constructor(private readonly next: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const clean = spans.map(
      (span) =>
        Object.create(span, {
          attributes: { value: scrubbed(span) },
          status: { value: span.status.code === SpanStatusCode.ERROR ? { code: SpanStatusCode.ERROR } : span.status },
          events: {
            value: span.events.map((e) => ({ ...e, attributes: e.attributes && { 'exception.type': e.attributes['exception.type'] } })),
          },
        }) as ReadableSpan,
    );
    this.next.export(clean, done);
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush?.() ?? Promise.resolve();
  }
}

/** At the hub's edge a client's `traceparent` is not taken: a caller could otherwise choose to be traced, and its ids. */
class OutgoingOnlyPropagator extends W3CTraceContextPropagator {
  override extract(context: Context, _carrier: unknown, _getter: TextMapGetter): Context {
    return context;
  }
}

/**
 * Starts the OpenTelemetry SDK: a tracer for the whole process, spans exported over OTLP/HTTP in batches, W3C trace
 * context read from and written to HTTP headers, and the instrumentations of node:http (the API, the gateway's
 * fetches, webhooks), fetch (a subgraph asking the gateway) and pg (every SQL statement). Must run before those
 * modules are loaded: main.ts loads it first. Returns what flushes and stops it.
 */
export function startTracingSdk(config: TracingConfig, serviceName: string, edge: boolean): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName ?? serviceName }),
    // a subgraph follows its gateway's decision, so a trace is whole or absent
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(new ScrubbingExporter(new OTLPTraceExporter({ url: config.url })))],
  });
  // a subgraph continues its gateway's trace (its requests carry the gateway's signed assertion); the edge starts its own
  provider.register(edge ? { propagator: new OutgoingOnlyPropagator() } : {});
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
