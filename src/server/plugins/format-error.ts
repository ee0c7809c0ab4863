import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { CLIENT_CODES, isDatabaseAway, unavailable } from '../../errors';

/** Errors whose message is meant for the client; anything else may carry internals (SQL, hosts, stacks). */
export const EXPECTED = new Set<string>([
  ...CLIENT_CODES,
  'BAD_REQUEST',
  'COST_LIMIT_EXCEEDED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const DATABASE_AWAY = unavailable('the database cannot be reached right now; try again shortly');

/** A refusal with a 4xx status that its thrower left uncoded (Apollo Server's own, some libraries') */
const uncodedRefusal = (formatted: GraphQLFormattedError, error: unknown) => {
  const status = (error as GraphQLError | undefined)?.extensions?.http as { status?: number } | undefined;
  return formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && (status?.status ?? 500) < 500;
};

/**
 * Hides internals from clients in production; expected failures keep their message and code. A database
 * that is away (down, restarting, pool exhausted) is told apart here, for every resolver: retryable.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    if (isDatabaseAway(error))
      return { message: DATABASE_AWAY.message, path: formatted.path, locations: formatted.locations, extensions: DATABASE_AWAY.extensions };
    if (uncodedRefusal(formatted, error)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    if (!production || EXPECTED.has(formatted.extensions?.code as string)) return formatted;
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
