import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, parse } from 'graphql';
import { ASSERTION_HEADER } from '../auth/assertion';
import { identityOf, type HubContext } from '../context';
import { unavailable } from '../errors';
import { reportFetch } from '../telemetry/metrics';
import type { GatewayIdentity } from './identity';

type Context = HubContext;

/** The subgraph did not answer at all: refused connection, reset, timeout, or a proxy's 502/503/504. */
class SubgraphUnreachable extends Error {}

/** Reaches a subgraph over HTTP. Who is asking travels as the gateway's signed assertion, bound to the fetch's body; the caller's token stays at the gateway. */
export class RemoteSubgraph extends RemoteGraphQLDataSource<Context> {
  constructor(
    private readonly name: string,
    url: string,
    private readonly identity: GatewayIdentity,
    timeoutMs: number,
  ) {
    super({ url });
    const fetcher = this.fetcher;
    // a subgraph that hangs is as unavailable as one that is down: its requests give up in time
    this.fetcher = (to, init) => fetcher(to, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>) {
    const headers = request.http!.headers;
    if (context.requestId) headers.set('x-request-id', context.requestId);
    // the body exactly as the data source then serialises it: the query first, the rest of the request but `http`
    const { query, http: _http, ...rest } = request;
    headers.set(ASSERTION_HEADER, await this.identity.assert(this.name, identityOf(context as HubContext), query ?? '', JSON.stringify({ query, ...rest })));
  }

  /**
   * A subgraph that cannot be reached answers as if each field asked of it failed: null, with one coded,
   * retryable error naming it. The rest of the query still answers, and the credit judgment sees the gap
   * (it refuses on null facts) instead of the gateway silently leaving the merchant out of it.
   */
  override async process(options: GraphQLDataSourceProcessOptions<Context>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await super.process(options);
      reportFetch(this.name, result.errors?.length ? 'errors' : 'ok', seconds());
      return result;
    } catch (err) {
      reportFetch(this.name, err instanceof SubgraphUnreachable ? 'unreachable' : 'failed', seconds());
      if (!(err instanceof SubgraphUnreachable)) throw err;
      return {
        errors: [unavailable(`the ${this.name} subgraph did not answer; try again shortly`, { serviceName: this.name })],
        data: unansweredEntities(options.request.query, options.request.variables),
      };
    }
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    if (!response || [502, 503, 504].includes(response.status)) throw new SubgraphUnreachable(error.message);
    throw error;
  }

  /** A subgraph refusing a request (400 on bad variables, 401 on a bad token) says why: pass that on, coded. */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await this.parseBody(response.clone())) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    // the gateway validated the client's document: what a subgraph still refuses is a value its scalars do not accept
    const code = first?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : first?.extensions?.code;
    if (first?.message && typeof code === 'string') return new GraphQLError(first.message, { extensions: { ...first.extensions, code } });
    return super.errorFromResponse(response);
  }
}

/** For an `_entities` fetch: every entity asked about, with each field asked for set to null. */
function unansweredEntities(query: string | undefined, variables: Record<string, unknown> | undefined) {
  const operation = query === undefined ? undefined : parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const root = operation?.selectionSet.selections[0];
  const representations = variables?.representations;
  if (root?.kind !== Kind.FIELD || root.name.value !== '_entities' || !Array.isArray(representations)) return null;
  return {
    _entities: representations.map(({ __typename }: { __typename: string }) => {
      const entity: Record<string, unknown> = { __typename };
      for (const fragment of root.selectionSet?.selections ?? []) {
        if (fragment.kind !== Kind.INLINE_FRAGMENT || (fragment.typeCondition && fragment.typeCondition.name.value !== __typename)) continue;
        for (const field of fragment.selectionSet.selections) {
          if (field.kind === Kind.FIELD && field.name.value !== '__typename') entity[(field.alias ?? field.name).value] = null;
        }
      }
      return entity;
    }),
  };
}
