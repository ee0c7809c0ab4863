import { GraphQLError } from 'graphql';

/** The codes of our own refusals: their messages are meant for the person who sent the request. */
export const CLIENT_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  'RATE_LIMITED',
  'RECORD_INVALID',
] as const;

export type ErrorCode = (typeof CLIENT_CODES)[number] | 'INTERNAL_SERVER_ERROR';

/** An expected failure: its message is meant for the person who sent the request. */
export class CodedError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** A NUL character (PostgreSQL stores none) or half of a surrogate pair: text no record can hold. */
export const MALFORMED_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const badInput = (message: string, extra?: Record<string, unknown>) => new CodedError('BAD_USER_INPUT', message, extra);
export const unauthenticated = (message: string) => new CodedError('UNAUTHENTICATED', message);
// a refused token fails the whole request: Apollo Server answers with extensions.http.status, then drops it
export const tokenRefused = (message: string) => new CodedError('UNAUTHENTICATED', message, { http: { status: 401 } });
export const forbidden = (message: string) => new CodedError('FORBIDDEN', message);
export const notFound = (message: string) => new CodedError('NOT_FOUND', message);
export const conflict = (message: string, extra?: Record<string, unknown>) => new CodedError('CONFLICT', message, extra);

/** A failure of the moment (a service down or restarting): the same request may succeed if sent again. */
export const unavailable = (message: string, extra?: Record<string, unknown>) => new CodedError('SERVICE_UNAVAILABLE', message, { ...extra, retryable: true });

/** Socket errors and SQLSTATEs (57P0x shutdown, 08xxx connection, 53300 too many connections) that mean the database is away, not that the request was wrong. */
const DATABASE_AWAY = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);

/** Whether an error, or one it wraps (GraphQL's originalError, a cause), says the database cannot be reached right now. */
export function isDatabaseAway(error: unknown): boolean {
  type Wrapped = { code?: unknown; name?: unknown; message?: unknown; originalError?: unknown; cause?: unknown };
  for (let e = error as Wrapped | undefined, depth = 0; e && typeof e === 'object' && depth < 6; e = (e.originalError ?? e.cause) as Wrapped, depth++) {
    if (DATABASE_AWAY.has(e.code as string)) return true;
    // knex's pool timing out on acquire; pg losing a connection mid-query or failing to open one in time
    // (knex puts the statement before the driver's words: "<sql> - Connection terminated unexpectedly")
    if (
      e.name === 'KnexTimeoutError' ||
      /(^|- )(Connection (terminated|ended) unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect)$/.test(
        String(e.message),
      )
    )
      return true;
  }
  return false;
}
