import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

/** An expected failure: its message is meant for the person who sent the request. */
export class CodedError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const badInput = (message: string, extra?: Record<string, unknown>) => new CodedError('BAD_USER_INPUT', message, extra);
export const unauthenticated = (message: string) => new CodedError('UNAUTHENTICATED', message);
// a refused token fails the whole request: Apollo Server answers with extensions.http.status, then drops it
export const tokenRefused = (message: string) => new CodedError('UNAUTHENTICATED', message, { http: { status: 401 } });
export const forbidden = (message: string) => new CodedError('FORBIDDEN', message);
export const notFound = (message: string) => new CodedError('NOT_FOUND', message);
export const conflict = (message: string, extra?: Record<string, unknown>) => new CodedError('CONFLICT', message, extra);
