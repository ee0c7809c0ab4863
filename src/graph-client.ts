import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { AuditTrail } from './auth/audit';
import { ASSERTION_HEADER, GATEWAY_AUDIENCE, signAssertion, type GatewayKeys } from './auth/assertion';
import { identityOf, Loaders, type HubContext } from './context';

export interface GraphError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** An answer with whatever it holds: data where the graph could answer, errors where it could not. */
export interface PartialAnswer<T> {
  data: T | null;
  errors: readonly GraphError[];
}

/** The whole graph, as a subgraph sees it when it must read other departments' facts (evaluations, objections). */
export interface GraphClient {
  /** the data, or the first error thrown */
  request<T>(query: string, variables: Record<string, unknown>, ctx: HubContext): Promise<T>;
  /** the data with its errors, for work that goes on past one merchant it cannot read (an evaluation, the change feed) */
  requestPartial<T>(query: string, variables: Record<string, unknown>, ctx: HubContext): Promise<PartialAnswer<T>>;
}

/** Both ways of asking, from the one that returns everything. */
function client(ask: (query: string, variables: Record<string, unknown>, ctx: HubContext) => Promise<PartialAnswer<unknown>>): GraphClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown>, ctx: HubContext) {
      const { data, errors } = await ask(query, variables, ctx);
      if (errors.length) throw new GraphQLError(errors[0]!.message, { extensions: errors[0]!.extensions });
      return data as T;
    },
    requestPartial: <T>(query: string, variables: Record<string, unknown>, ctx: HubContext) => ask(query, variables, ctx) as Promise<PartialAnswer<T>>,
  };
}

/** The gateway in this process: the same request path as any client, with the caller's principal and fresh loaders. */
export function inProcessGraph(apollo: ApolloServer<HubContext>): GraphClient {
  return client(async (query, variables, ctx) => {
    // a request of its own: its loaders and audit trail are not the caller's
    const res = await apollo.executeOperation(
      { query, variables },
      { contextValue: { ...ctx, loaders: new Loaders(), audit: new AuditTrail(), forCreditOffice: false, onBehalf: true } },
    );
    if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by the hub');
    return { data: res.body.singleResult.data ?? null, errors: res.body.singleResult.errors ?? [] };
  });
}

/**
 * The gateway over HTTP (distributed mode). The credit office signs who it asks for (its caller, or its own work: the
 * change feed, an evaluation) with the gateway's key, which only it holds besides the gateway; a department asks as the public.
 */
export function remoteGraph(url: string, keys: GatewayKeys): GraphClient {
  return client(async (query, variables, ctx) => {
    const sent = JSON.stringify({ query, variables });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': ctx.requestId };
    // the credit office says itself, signed, who it asks for; a department asks as the public (it holds no one's token)
    if (keys.signing) headers[ASSERTION_HEADER] = await signAssertion(keys, GATEWAY_AUDIENCE, identityOf(ctx), sent);
    const res = await fetch(url, { method: 'POST', headers, body: sent });
    const body = (await res.json()) as { data?: unknown; errors?: GraphError[] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  });
}

/** Bound once the gateway exists: the subgraphs are built before it. */
export class LateBoundGraph implements GraphClient {
  private target: GraphClient | undefined;

  bind(target: GraphClient): void {
    this.target = target;
  }

  private get bound(): GraphClient {
    if (!this.target) throw new Error('the graph is not available yet');
    return this.target;
  }

  request<T>(query: string, variables: Record<string, unknown>, ctx: HubContext): Promise<T> {
    return this.bound.request<T>(query, variables, ctx);
  }

  requestPartial<T>(query: string, variables: Record<string, unknown>, ctx: HubContext): Promise<PartialAnswer<T>> {
    return this.bound.requestPartial<T>(query, variables, ctx);
  }
}

/** For a process that has no way to the graph: says what to configure when it is needed. */
export const noGraph = (why: string): GraphClient => client(() => Promise.reject(new Error(why)));
