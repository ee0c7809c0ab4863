import { type Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The hub's own spans, beside those the instrumentations of HTTP and PostgreSQL and Apollo Gateway make. Without a
 * tracer registered (tracing off) the API's tracer makes no spans and this costs a function call.
 */
const tracer = trace.getTracer('credit-hub');

/** Runs `work` in a span of its own (the current one's child), which ends with it; a throw marks it failed. */
export function inSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (e) {
      // the error's kind only: a message may carry a statement's values (the details are in the log, by request id)
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).name });
      throw e;
    } finally {
      span.end();
    }
  });
}

/** the span of the HTTP request being answered, if the current span is one (not a request the hub makes of itself) */
function requestSpan() {
  const span = trace.getActiveSpan();
  return span && (span as { kind?: SpanKind }).kind === SpanKind.SERVER ? span : undefined;
}

/** Names the HTTP request's span after its GraphQL operation: `query Profile`. */
export function nameRequestSpan(operation: string | null, type: string | null): void {
  const span = requestSpan();
  if (!span) return;
  span.setAttributes({ 'graphql.operation.name': operation ?? '', 'graphql.operation.type': type ?? '', 'http.route': '/graphql' });
  span.updateName(`${type ?? 'graphql'} ${operation ?? '(anonymous)'}`);
}

/** Notes on the HTTP request's span the codes of the errors its answer carries. */
export function noteErrorCodes(codes: readonly string[]): void {
  const span = requestSpan();
  if (span && codes.length) span.setAttribute('graphql.error.codes', [...new Set(codes)]);
}
