import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from '../logger';

const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** `degraded`: ready, answering what it can without the parts named in `missing` */
export interface Readiness {
  ready: boolean;
  status: 'ready' | 'degraded' | 'not ready';
  missing?: string[];
}

export interface GraphQLHttpOptions<C extends object> {
  apollo: ApolloServer<C>;
  log: Logger;
  /** builds the request's context from its headers and its exact body; throw a coded GraphQLError to refuse it */
  context(req: IncomingMessage, requestId: string, body: Buffer): Promise<C>;
  /** refuses a request from its headers, before its body is read (a subgraph answering only its gateway): throw a coded GraphQLError */
  admit?(req: IncomingMessage): Promise<void>;
  /** the largest body read (default 1 MiB): a subgraph reads its gateway's fetches, which carry the facts of a whole batch */
  maxBodyBytes?: number;
  /** whether the service can answer: database reachable, migrations applied; the subgraphs a gateway misses */
  ready(): Promise<Readiness>;
  /**
   * GraphQL over HTTP's status for a client answered in application/json: 200 for a document refused before it ran
   * (see `statusFor`). At the hub's edge; a subgraph keeps answering its gateway 400, which the gateway reads as a refusal.
   */
  jsonClientStatus?: boolean;
  /** pages served beside the API (the QR page); answers whether it served the path (`query`: the address's parameters) */
  page?(path: string, res: ServerResponse, requestId: string, query: URLSearchParams): Promise<boolean>;
}

/** A plain node:http front end: /graphql through Apollo Server, the health probes, a body limit. */
export function createGraphQLServer<C extends object>(o: GraphQLHttpOptions<C>): Server {
  const server = createServer((req, res) => {
    const requestId = REQUEST_ID.test(String(req.headers['x-request-id'] ?? '')) ? String(req.headers['x-request-id']) : randomUUID();
    res.setHeader('x-request-id', requestId);
    handle(o, req, res, requestId).catch((e) => {
      o.log.error({ err: e, requestId }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
      else res.end();
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => refuseMalformed(err, socket));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;
  return server;
}

async function handle<C extends object>(o: GraphQLHttpOptions<C>, req: IncomingMessage, res: ServerResponse, requestId: string) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/health/live') return sendJson(res, 200, { status: 'live' });
  if (url.pathname === '/health/ready') {
    const { ready, ...readiness } = await o.ready().catch((): Readiness => ({ ready: false, status: 'not ready' }));
    return sendJson(res, ready ? 200 : 503, readiness);
  }
  if (url.pathname !== '/graphql') {
    if (req.method === 'GET' && o.page && (await o.page(url.pathname, res, requestId, url.searchParams))) return;
    return sendJson(res, 404, refusal('NOT_FOUND', `nothing at ${url.pathname}; the API is at /graphql`));
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return sendJson(res, 405, refusal('METHOD_NOT_ALLOWED', 'use GET or POST'));
  }
  if (o.admit) {
    const refused = await o.admit(req).then(
      () => null,
      (e: GraphQLError) => e,
    );
    if (refused) {
      req.resume();
      return sendJson(res, 403, refusal(String(refused.extensions?.code ?? 'FORBIDDEN'), refused.message));
    }
  }

  const limit = o.maxBodyBytes ?? MAX_BODY_BYTES;
  const read = await readBody(req, limit);
  if (read === 'too large') return sendJson(res, 413, refusal('PAYLOAD_TOO_LARGE', `request bodies are limited to ${limit} bytes`));
  let body: unknown;
  if (req.method === 'POST') {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('application/json') && !type.startsWith('application/graphql-response+json')) {
      return sendJson(res, 415, refusal('BAD_REQUEST', 'send the query as JSON with "Content-Type: application/json"'));
    }
    try {
      body = JSON.parse(read.toString('utf8'));
    } catch {
      return sendJson(res, 400, refusal('BAD_REQUEST', 'the request body is not valid JSON'));
    }
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  // an answer about merchants is never kept by a browser or a proxy, whoever asked
  res.setHeader('cache-control', 'no-store');
  const started = performance.now();
  const response = await o.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
    context: () => o.context(req, requestId, read),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  const status = response.status ?? 200;
  res.statusCode =
    o.jsonClientStatus && response.body.kind === 'complete' ? statusFor(status, response.headers.get('content-type'), response.body.string) : status;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
  } else {
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
  o.log.debug({ requestId, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'graphql request');
}

/** What a document that does not parse or validate, an operation that cannot be chosen, variables that do not coerce are coded. */
const REQUEST_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP: to a client answered in `application/json`, a well-formed request refused before it ran (its
 * document does not parse or validate, its operation cannot be chosen, its variables do not coerce) is answered
 * 200, the errors saying why, as the spec recommends for such clients; `application/graphql-response+json` keeps
 * the 4xx, as that media type requires. Other refusals (a request that is not well-formed, a token, a limit) keep theirs.
 */
function statusFor(status: number, contentType: string | undefined, body: string): number {
  if (status !== 400 || !contentType?.startsWith('application/json')) return status;
  let answer: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    answer = JSON.parse(body);
  } catch {
    return status;
  }
  const { errors } = answer ?? {};
  // an answer with data ran; a refusal before running carries errors only
  if (!errors?.length || 'data' in answer) return status;
  return errors.every((e) => REQUEST_ERRORS.has(e?.extensions?.code as string)) ? 200 : status;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return resolve('too large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A request node:http cannot parse (headers or URL over 16 KiB, a broken request line) still gets a coded answer. */
function refuseMalformed(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
  const [status, reason, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'HEADERS_TOO_LARGE',
          'the request line and headers are limited to 16 KiB; send large queries and variables by POST',
        ]
      : [400, 'Bad Request', 'BAD_REQUEST', 'the request is not well-formed HTTP'];
  const body = JSON.stringify(refusal(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

const refusal = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

function sendJson(res: ServerResponse, status: number, value: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(value));
}

/** Listens, or says in one line why it could not. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `port ${port} is already in use (set PORT to another)` : `cannot listen on ${host}:${port}: ${e.message}`)),
    );
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops accepting, lets requests in flight finish (up to a grace period), then closes idle keep-alive sockets. */
export function close(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
