// The Credit Hub's trust between gateway and subgraphs, as a Hive Gateway plugin: the caller is verified once per
// request, and every subgraph fetch carries the gateway's signed assertion of who is asking, bound to that fetch's
// exact body and meant for that one subgraph. The verifying and the signing are the hub's own built code
// (dist/src/gateway/identity.js), so this gateway tells the subgraphs exactly what the hub's own gateway tells them.
import { randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';

/** the request ids the hub accepts from a client or a proxy; any other is replaced by a fresh one */
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const STATUS_OF_CODE = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

/**
 * @param {object} o
 * @param {import('../../dist/src/gateway/identity').GatewayIdentity} o.identity the hub's gatewayIdentity(config, supergraphSdl)
 * @param {Record<string, string>} o.subgraphUrls each subgraph's URL, by name (the audience of its assertions)
 * @param {string} o.assertionHeader the header subgraphs read the assertion from
 * @param {string} [o.graphqlEndpoint] the path GraphQL is served at
 */
export function useCreditHubIdentity({ identity, subgraphUrls, assertionHeader, graphqlEndpoint = '/graphql' }) {
  /** what is known of each client request: its id, and once verified, who is asking */
  const requests = new WeakMap();
  const subgraphAt = new Map(Object.entries(subgraphUrls).map(([name, url]) => [url, name]));

  const refusal = (fetchAPI, requestId, error) => {
    const extensions = { ...(error?.extensions ?? {}) };
    const { http } = extensions;
    delete extensions.http;
    let status = http?.status ?? STATUS_OF_CODE[extensions.code];
    let message = error?.message;
    if (!status || typeof extensions.code !== 'string') {
      // not one of the hub's coded refusals: a fault, whose message may carry internals
      status = 500;
      message = 'Internal server error';
      for (const key of Object.keys(extensions)) delete extensions[key];
      extensions.code = 'INTERNAL_SERVER_ERROR';
    }
    return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions }] }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId },
    });
  };

  return {
    /** Verifies the caller once, from the headers and the exact body, before anything is parsed or planned. */
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      const given = request.headers.get('x-request-id') ?? '';
      const requestId = REQUEST_ID.test(given) ? given : randomUUID();
      const entry = { requestId, who: null, operation: null };
      requests.set(request, entry);
      if (url.pathname !== graphqlEndpoint) return;
      const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : new Uint8Array();
      try {
        const who = await identity.identify({
          method: request.method,
          headers: Object.fromEntries(request.headers),
          socketAddress: serverContext?.req?.socket?.remoteAddress,
          body,
          requestId,
        });
        entry.who = who;
      } catch (error) {
        serverContext?.log?.warn?.({ requestId, code: error?.extensions?.code }, 'request refused');
        endResponse(refusal(fetchAPI, requestId, error));
      }
    },

    /** The client's operation, for the access log: the one the document and operationName choose. */
    onExecute({ args }) {
      const entry = args.contextValue?.request && requests.get(args.contextValue.request);
      if (entry) entry.operation = getOperationAST(args.document, args.operationName)?.name?.value ?? null;
    },

    /** Each subgraph fetch: the assertion signed over the exact body it sends, and the request id. */
    async onFetch({ url, options, setOptions, executionRequest, context }) {
      const entry = context?.request && requests.get(context.request);
      if (!entry?.who) return;
      const subgraph = executionRequest?.subgraphName ?? subgraphAt.get(url);
      if (!subgraph || subgraphUrls[subgraph] === undefined) throw new Error(`no subgraph is configured at ${url}: nothing is signed for it`);
      if (typeof options.body !== 'string') throw new Error(`the fetch to the ${subgraph} subgraph has no JSON body to sign`);
      const { query } = JSON.parse(options.body);
      // who is asking, as verified when the request came in (startedAt is that time), with the client's operation;
      // whether the fetch feeds the credit office is for `assert` to tell from the fetch's own query
      const who = { ...entry.who, operation: entry.operation };
      const assertion = await identity.assert(subgraph, who, query ?? '', options.body);
      const headers = Object.fromEntries(new Headers(options.headers ?? {}));
      // the caller's token stays at the gateway: who is asking travels signed
      delete headers.authorization;
      headers['x-request-id'] = who.requestId;
      headers[assertionHeader] = assertion;
      setOptions({ ...options, headers });
    },

    /** The request id goes back to the client, as the hub's gateway sends it. */
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (entry) response.headers.set('x-request-id', entry.requestId);
    },
  };
}
