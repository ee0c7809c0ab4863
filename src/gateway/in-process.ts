import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { type DocumentNode, execute, GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';
import type { HubContext } from '../context';
import { reportFetch } from '../telemetry/metrics';
import { inSpan } from '../telemetry/spans';

const MAX_CACHED_DOCUMENTS = 2000;

/**
 * Executes a subgraph in the gateway's process. The query planner sends the same few subgraph documents
 * over and over, so each is parsed and validated once; the request's context (principal, DataLoaders)
 * is handed through, so all subgraphs of one request share its batches.
 */
export class InProcessSubgraph implements GraphQLDataSource<HubContext> {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly name: string,
    private readonly schema: GraphQLSchema,
    private readonly backgroundContext: () => HubContext,
    /** whether a fetch feeds a @requires of the credit office (see creditOfficeFetches) */
    private readonly feedsCreditOffice: (query: string) => boolean,
  ) {}

  /** Each fetch in a span of its own (its SQL statements inside it), measured by the subgraph and outcome. */
  process(options: GraphQLDataSourceProcessOptions<HubContext>): Promise<GatewayGraphQLResponse> {
    return measuredFetch(this.name, options.request.operationName ?? '', () => this.execute(options));
  }

  private async execute(options: GraphQLDataSourceProcessOptions<HubContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const query = request.query ?? '';
    let document = this.documents.get(query);
    if (!document) {
      document = parse(query);
      const errors = validate(this.schema, document);
      if (errors.length) return { errors };
      if (this.documents.size >= MAX_CACHED_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, document);
    }
    // health checks and schema loading come without a request: they run as the public
    const incoming = 'incomingRequestContext' in options ? options.context : this.backgroundContext();
    // the same request (its loaders, its trail), marked as the credit office's for this fetch alone
    const contextValue = this.feedsCreditOffice(query) ? { ...incoming, forCreditOffice: true } : incoming;
    const result = await execute({
      schema: this.schema,
      document,
      contextValue,
      variableValues: request.variables,
      operationName: request.operationName,
    });
    // no data at all: a variable did not coerce (the gateway passes custom scalars such as DateTime through unchecked)
    if (!('data' in result) && result.errors) return { errors: result.errors.map(asBadInput) };
    return result as GatewayGraphQLResponse;
  }
}

/** A variable that did not coerce is the client's mistake. */
export const asBadInput = (e: GraphQLError) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } });

/** A subgraph's execution in this process, in a span of its own and measured by the subgraph and outcome. */
export async function measuredFetch<T extends { errors?: readonly unknown[] }>(subgraph: string, operationName: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await inSpan(`subgraph ${subgraph}`, { 'credit_hub.subgraph': subgraph, 'graphql.operation.name': operationName }, work);
    reportFetch(subgraph, result.errors?.length ? 'errors' : 'ok', seconds());
    return result;
  } catch (e) {
    reportFetch(subgraph, 'failed', seconds());
    throw e;
  }
}
