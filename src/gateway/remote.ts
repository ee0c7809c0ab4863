import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { HubContext } from '../context';

export const GATEWAY_SECRET_HEADER = 'x-credit-hub-gateway';

/** Reaches a subgraph over HTTP, passing on the caller's token and the request id. */
export class RemoteSubgraph extends RemoteGraphQLDataSource<HubContext & { authorization?: string }> {
  constructor(url: string, private readonly secret: string | undefined) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<HubContext & { authorization?: string }>) {
    const headers = request.http!.headers;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set('x-request-id', context.requestId);
    if (this.secret) headers.set(GATEWAY_SECRET_HEADER, this.secret);
  }

  /** A subgraph refusing a request (400 on bad variables, 401 on a bad token) says why: pass that on, coded. */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await this.parseBody(response.clone())) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
    const first = typeof body === 'object' ? body?.errors?.[0] : undefined;
    if (first?.message && typeof first.extensions?.code === 'string') return new GraphQLError(first.message, { extensions: first.extensions });
    return super.errorFromResponse(response);
  }
}
