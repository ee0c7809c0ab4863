import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
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
}
