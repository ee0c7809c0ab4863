import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IncomingMessage, Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLFormattedError, visit } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { createTokenVerifier } from './auth/tokens';
import { PUBLIC } from './auth/principal';
import { checkTokenConfig, SUBGRAPH_NAMES, type Config, type SubgraphName } from './config';
import type { AccessLog } from './auth/access-log';
import { ASSERTION_HEADER, assertionVerifier, loadGatewayKeys, type RequestIdentity, type VerifiedAssertion } from './auth/assertion';
import { assertedConsents, consentsThroughGraph } from './auth/consent';
import { requestContext, type HubContext } from './context';
import { openDatabase, type Database } from './db/database';
import { migrate, openSubgraphOrm } from './db/orm';
import { seedDemoCity } from './demo/seed';
import { InProcessSubgraph } from './gateway/in-process';
import { demandControl } from './gateway/demand';
import { edgeParseOptions, edgeProtection } from './gateway/edge';
import { RemoteSubgraph } from './gateway/remote';
import { creditOfficeFetches, gatewayIdentity } from './gateway/identity';
import { clientAddress, trustedProxies } from './http/client';
import { inProcessGraph, LateBoundGraph, noGraph, remoteGraph, type GraphClient } from './graph-client';
import { close, createGraphQLServer, listen, type Readiness } from './http/server';
import type { Logger } from './logger';
import { renderQrPage } from './pages/qr-page';
import { projectRoot, schemaDir } from './paths';
import { serveStatic } from './pages/static';
import { mintDevToken } from './auth/dev-keys';
import { SUBGRAPHS } from './subgraphs';
import { credit } from './subgraphs/credit';
import type { Subgraph, Worker } from './subgraphs/subgraph';
import { DEPARTMENTS } from './catalogue/types';
import { expireNegativeInformation } from './events/store';
import { CLIENT_CODES, forbidden, isDatabaseAway, MALFORMED_TEXT, unavailable } from './errors';

export interface RunningService {
  url: string;
  port: number;
  /** each subgraph's ORM that this process holds */
  orms: Partial<Record<SubgraphName, MikroORM>>;
  /** the graph as the subgraphs reach it (evaluations, objections) */
  graph: GraphClient;
  stop(): Promise<void>;
}

/** Opens each subgraph's ORM on its schema, brings its migrations up to date and ships its reference data. */
export async function openStores(names: readonly SubgraphName[], url: string, config: Config, log: Logger, prepare = true) {
  const orms = {} as Record<SubgraphName, MikroORM>;
  for (const name of names) {
    orms[name] = await openSubgraphOrm({ name, entities: SUBGRAPHS[name].entities, url, poolMax: config.DB_POOL_MAX, log });
    const applied = await migrate(orms[name], name);
    if (applied.length) log.info({ subgraph: name, applied }, 'migrations applied');
    if (prepare) await SUBGRAPHS[name].prepare?.(orms[name]);
  }
  return orms;
}

/** Ready when every store answers (their migrations were applied when they opened, before the service listened). */
async function storesReady(orms: Partial<Record<SubgraphName, MikroORM>>): Promise<Readiness> {
  await Promise.all(Object.values(orms).map((orm) => orm.em.getConnection().execute('select 1')));
  return { ready: true, status: 'ready' };
}

/** Withdraws negative information past its retention from the departments' views (at start, and by `npm run retention`). */
export async function applyRetention(orms: Partial<Record<SubgraphName, MikroORM>>, log: Logger): Promise<Record<string, number>> {
  const expired: Record<string, number> = {};
  for (const d of DEPARTMENTS) if (orms[d]) expired[d] = await expireNegativeInformation(orms[d]!, d);
  if (Object.values(expired).some(Boolean)) log.info({ expired }, 'retention: negative information past 5 years withdrawn');
  return expired;
}

/** Seeds the demo city into an empty database; says whether it did. */
export async function seedIfEmpty(orms: Record<SubgraphName, MikroORM>, config: Config, log: Logger): Promise<boolean> {
  if (config.demoMerchants === 0) return false;
  const [{ present }] = await orms.credit.em.getConnection().execute<{ present: boolean }[]>('select exists(select 1 from credit.merchant) as present');
  if (present) return false;
  const started = Date.now();
  const today = new Date(new Date().toISOString().slice(0, 10));
  const count = await seedDemoCity(Object.values(SUBGRAPHS), orms, { count: config.demoMerchants, seed: config.DEMO_SEED, today });
  log.info({ merchants: count, ms: Date.now() - started }, 'demo city seeded');
  return true;
}

/** Seeds the demo city into an empty database from outside the services (distributed mode, whose subgraphs do not seed). */
export async function seedDatabase(config: Config, log: Logger): Promise<boolean> {
  const db = await openDatabase(config, log);
  const orms = await openStores(SUBGRAPH_NAMES, db.url, config, log);
  try {
    return await seedIfEmpty(orms, config, log);
  } finally {
    await Promise.all(Object.values(orms).map((o) => o.close()));
    await db.stop();
  }
}

/** A new demo city gets three evaluated cycles, so its dashboards have grades and a trend to show. */
async function evaluateDemoCycles(orm: MikroORM, graph: GraphClient, config: Config, log: Logger): Promise<void> {
  const { evaluations } = credit.services(orm, { config, graph, log });
  const cycles = await evaluations.recentCycles(2);
  const ctx = requestContext({ ...PUBLIC, subject: 'demo', roles: ['admin'] }, 'demo-evaluation', log, consentsThroughGraph(graph), { internal: 'demo-evaluation' });
  for (const c of cycles) await evaluations.run(c, ctx);
  log.info({ cycles }, 'demo cycles evaluated');
}

/** Errors whose message is meant for the client; anything else may carry internals (SQL, hosts, stacks). */
const EXPECTED = new Set<string>([
  ...CLIENT_CODES, 'BAD_REQUEST', 'COST_LIMIT_EXCEEDED', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
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
    if (isDatabaseAway(error)) return { message: DATABASE_AWAY.message, path: formatted.path, locations: formatted.locations, extensions: DATABASE_AWAY.extensions };
    if (uncodedRefusal(formatted, error)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    if (!production || EXPECTED.has(formatted.extensions?.code as string)) return formatted;
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Logs every unexpected error with its request id, so a masked error can be found in the logs. */
function errorLogging(log: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const err of errors) {
            const code = err.extensions?.code;
            if (isDatabaseAway(err)) log.warn({ err: err.message, requestId: contextValue.requestId, operationName }, 'database unavailable');
            else if (!EXPECTED.has(code as string)) log.error({ err, requestId: contextValue.requestId, operationName }, 'unexpected error');
          }
        },
      };
    },
  };
}


/** Where in a variable value malformed text sits, if anywhere. */
function malformedAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return MALFORMED_TEXT.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const at = malformedAt(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (at) return at;
  }
  return null;
}

/** the access log keeps an operation's name; no real one is longer */
const MAX_OPERATION_NAME = 200;

/**
 * Refuses, before any subgraph sees it, what would otherwise fail deep inside as a 500: a document whose
 * operation cannot be chosen (several without an operationName, a name it lacks) or that the graph has no root
 * type for (a subscription), and text no database can store, in variables or in the document's own strings.
 */
const clientMistakes: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, schema, document }) {
        const refuse = (code: string, message: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
        if (!operation) {
          const message = request.operationName ? `the document has no operation named "${request.operationName}"` : 'the document has several operations: name the one to run in operationName';
          throw refuse('OPERATION_RESOLUTION_FAILURE', message);
        }
        if (!schema.getRootType(operation.operation)) throw refuse('OPERATION_RESOLUTION_FAILURE', `the graph has no ${operation.operation} operations`);
        if ((operation.name?.value ?? '').length > MAX_OPERATION_NAME) throw refuse('BAD_REQUEST', `an operation's name must be at most ${MAX_OPERATION_NAME} characters`);
        let at = malformedAt(request.variables ?? {}, 'variables');
        visit(document, { StringValue: (node) => void (at ??= MALFORMED_TEXT.test(node.value) ? `the string at line ${node.loc?.startToken.line ?? '?'}` : null) });
        if (at) throw refuse('BAD_USER_INPUT', `${at} holds a NUL character or half of a surrogate pair; send well-formed Unicode text`);
      },
    };
  },
};

/** Where a request's trail of reads is written: each subgraph's part into that subgraph's own access log. */
export type AuditSink = (ctx: HubContext) => Promise<void>;

export function accessLogSink(logs: Partial<Record<SubgraphName, AccessLog>>): AuditSink {
  return async (ctx) => {
    const entries = ctx.audit.entries();
    const names = [...new Set(entries.map((e) => e.subgraph as SubgraphName))];
    await Promise.all(names.map((name) => logs[name]!.record(entries.filter((e) => e.subgraph === name), ctx)));
  };
}

/**
 * Writes the request's trail of reads of non-public data once, at the end. If it cannot be written, the answer
 * is withheld: no look at someone's credit goes unrecorded.
 */
function auditing(sink: AuditSink, log: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!contextValue.audit.size) return;
          try {
            await sink(contextValue);
          } catch (err) {
            log.error({ err, requestId: contextValue.requestId }, 'access log not written; answer withheld');
            const withheld = unavailable('the access could not be recorded, so nothing is shown; try again');
            response.body = { kind: 'single', singleResult: { errors: [{ message: withheld.message, extensions: withheld.extensions }] } };
          }
        },
      };
    },
  };
}

/** The client's operation, for the access log: at a subgraph it came with the gateway's assertion instead. */
const operationName: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName: name }) {
        if (contextValue.operation === undefined) contextValue.operation = name ?? null;
      },
    };
  },
};

/** Refusals a subgraph answered with a status of their own keep it at the gateway (a client over its limit gets its 429). */
const refusalStatus: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (errors?.some((e) => e.extensions?.code === 'RATE_LIMITED') && (response.http.status ?? 200) === 200) response.http.status = 429;
      },
    };
  },
};

export function apolloOptions(config: Config, log: Logger, sink?: AuditSink, edge = false) {
  const production = config.NODE_ENV === 'production';
  const armor = edge ? edgeProtection(production) : { plugins: [], validationRules: [] };
  const demand = edge ? [demandControl(config.QUERY_COST_BUDGET)] : [];
  return {
    validationRules: armor.validationRules,
    parseOptions: edge ? edgeParseOptions : {},
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // the process stops the whole service on SIGTERM/SIGINT, in order (see main.ts)
    stopOnTerminationSignals: false,
    formatError: formatError(production),
    plugins: [...armor.plugins, ...demand, clientMistakes, operationName, errorLogging(log), refusalStatus, ...(sink ? [auditing(sink, log)] : []), ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
  };
}


/**
 * The gateway: all subgraphs in this process, or reached over HTTP when their URLs are configured.
 * `background: false` for a command that only needs the graph: no change feed, no demo evaluations.
 * `enforce: false` serves the subgraphs without their policy: only for measuring what the policy costs.
 */
export async function startHub(config: Config, log: Logger, { background = true, enforce = true } = {}): Promise<RunningService> {
  checkTokenConfig(config); // before anything starts: the gateway verifies every caller's token
  const distributed = Object.keys(config.subgraphUrls).length > 0;
  const missing = SUBGRAPH_NAMES.filter((n) => !config.subgraphUrls[n]);
  if (distributed && missing.length) throw new Error(`distributed mode needs the URL of every subgraph; missing: ${missing.join(', ')}`);

  let db: Database | undefined;
  let orms: Partial<Record<SubgraphName, MikroORM>> = {};
  const schemas = {} as Record<SubgraphName, GraphQLSchema>;
  const accessLogs: Partial<Record<SubgraphName, AccessLog>> = {};
  const graph = new LateBoundGraph();
  const workers: Worker[] = [];
  let seeded = false;
  if (!distributed) {
    db = await openDatabase(config, log);
    const all = await openStores(SUBGRAPH_NAMES, db.url, config, log);
    orms = all;
    seeded = await seedIfEmpty(all, config, log);
    await applyRetention(all, log);
    for (const name of SUBGRAPH_NAMES) {
      const built = await SUBGRAPHS[name].build(all[name], { config, graph, log });
      schemas[name] = enforce ? built.schema : built.unprotected;
      accessLogs[name] = built.accessLog;
      workers.push(...(built.workers ?? []));
    }
  }

  const supergraphSdl = await readFile(resolve(schemaDir, 'supergraph.graphql'), 'utf8');
  const consents = consentsThroughGraph(graph);
  const publicContext = (): HubContext => requestContext(PUBLIC, 'background', log, consents);
  const identity = distributed ? await gatewayIdentity(config, supergraphSdl) : undefined;
  const feedsCreditOffice = creditOfficeFetches(supergraphSdl);
  const gateway = new ApolloGateway({
    supergraphSdl,
    // the supergraph's URLs are the compose defaults; the configured ones win
    buildService: ({ name }) =>
      identity
        ? new RemoteSubgraph(name, config.subgraphUrls[name as SubgraphName]!, identity, config.SUBGRAPH_TIMEOUT_MS)
        : new InProcessSubgraph(schemas[name as SubgraphName], publicContext, feedsCreditOffice),
  });
  // distributed: each subgraph records the reads it serves; all-in-one: the request's trail, each subgraph's part in its own log
  const apollo = new ApolloServer<HubContext>({ gateway, ...apolloOptions(config, log, identity ? undefined : accessLogSink(accessLogs), true) });
  await apollo.start();
  graph.bind(inProcessGraph(apollo));

  // all-in-one verifies tokens here; a distributed gateway's identity does (and more)
  const verify = identity ? undefined : await createTokenVerifier(config);
  const proxies = trustedProxies(config.TRUSTED_PROXIES);
  const server = createGraphQLServer<HubContext>({
    apollo,
    log,
    context: async (req, requestId, body) => {
      if (identity) {
        const { principal, ...who } = await identity.identify({ method: req.method ?? 'GET', headers: req.headers, socketAddress: req.socket.remoteAddress, body, requestId });
        // a client's operation is named by its document; the credit office's own request keeps its caller's
        return requestContext(principal, who.requestId, log, consents, { ...who, operation: who.onBehalf ? who.operation : undefined });
      }
      const client = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, proxies);
      return requestContext(await verify!(req.headers.authorization), requestId, log, consents, { client });
    },
    ready: () => (distributed ? subgraphsReady(config) : storesReady(orms)),
    page: async (path, res, requestId) => {
      if (await serveStatic(resolve(projectRoot, 'dist/dashboard'), '/dashboard', path, res)) return true;
      const qr = /^\/m\/([A-Za-z0-9_-]{1,64})$/.exec(path);
      if (!qr) return false;
      await renderQrPage(res, qr[1]!, graph, consents, log, requestId);
      return true;
    },
  });
  const port = await listen(server, config.PORT, config.HOST);
  if (!background) workers.length = 0;
  if (config.CHANGE_FEED === 'on') workers.forEach((w) => w.start());
  if (background && seeded && config.NODE_ENV === 'development') void evaluateDemoCycles(orms.credit!, graph, config, log).catch((err) => log.error({ err }, 'demo cycles not evaluated'));
  log.info({ port, mode: distributed ? 'distributed' : 'all-in-one', database: db?.embedded ? 'embedded' : 'external' }, 'credit hub listening');
  if (config.devAuth && background) {
    await mintDevToken(config.DATA_DIR, { roles: ['department_analyst'], department: 'market', audience: config.AUTH_AUDIENCE, sub: 'dashboard' })
      .then((token) => {
        const url = `http://localhost:${port}/dashboard#token=${token}`;
        log.info({ url }, 'dashboard');
        console.log(`dashboard: ${url}`);
      })
      .catch((err) => log.warn({ err }, 'no dashboard token minted'));
  }
  return service(server, port, orms, graph, async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await apollo.stop();
    await Promise.all(Object.values(orms).map((o) => o.close()));
    await db?.stop();
  });
}

/**
 * A distributed gateway is ready while it can answer: with a subgraph down it still serves the rest (the missing
 * part refused, coded, retryable), so it stays ready and says which are missing; not ready only when none answers.
 */
async function subgraphsReady(config: Config): Promise<Readiness> {
  const names = Object.keys(config.subgraphUrls) as SubgraphName[];
  const answers = await Promise.all(
    names.map((name) =>
      fetch(new URL('/health/ready', config.subgraphUrls[name]), { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      ),
    ),
  );
  const missing = names.filter((_, i) => !answers[i]);
  if (missing.length === names.length) return { ready: false, status: 'not ready', missing };
  return missing.length ? { ready: true, status: 'degraded', missing } : { ready: true, status: 'ready' };
}

function service(server: Server, port: number, orms: Partial<Record<SubgraphName, MikroORM>>, graph: GraphClient, release: () => Promise<void>): RunningService {
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    orms,
    graph,
    stop: () => (stopping ??= close(server).then(release)),
  };
}

/**
 * One subgraph on its own port, for distributed mode. It answers only requests that carry the gateway's signed
 * assertion of who is asking (verified with the gateway's public key), and records the reads it serves.
 */
export async function startSubgraph(subgraph: Subgraph, port: number, config: Config, log: Logger): Promise<RunningService> {
  // several processes cannot share one embedded server's data directory
  if (!config.DATABASE_URL) throw new Error('a subgraph served on its own needs DATABASE_URL (the embedded database is for all-in-one mode)');
  // the QR codes the credit office makes point where the public reaches the gateway, which this process cannot know
  if (subgraph.name === 'credit' && config.NODE_ENV === 'production' && !config.PUBLIC_URL) throw new Error('the credit subgraph in production needs PUBLIC_URL, the address where the public reaches the gateway (its QR codes point there)');
  // the credit office signs its own work through the gateway (the change feed, evaluations); a department only verifies
  const keys = await loadGatewayKeys(config, subgraph.name === 'credit');
  const db = await openDatabase(config, log);
  const orms = await openStores([subgraph.name], db.url, config, log);
  await applyRetention(orms, log);
  const graph = config.GATEWAY_URL ? remoteGraph(config.GATEWAY_URL, keys) : noGraph(`set GATEWAY_URL so that the ${subgraph.name} subgraph can reach the graph`);
  const { schema, accessLog, workers = [] } = await subgraph.build(orms[subgraph.name], { config, graph, log });
  const options = apolloOptions(config, log, accessLogSink({ [subgraph.name]: accessLog }));
  // inline traces are for Apollo's hosted studio, which this hub does not report to
  const apollo = new ApolloServer<HubContext>({ schema, ...options, plugins: [...options.plugins, ApolloServerPluginInlineTraceDisabled()] });
  await apollo.start();
  // the credit office looks consents up itself; a department is told them by the gateway, for the merchants of each fetch
  const consents = subgraph.name === 'credit' ? consentsThroughGraph(graph) : assertedConsents;
  const verify = assertionVerifier(keys, subgraph.name);
  // the assertion's signature is checked from the headers, before a body is read; its body and single use after
  const admitted = new WeakMap<IncomingMessage, VerifiedAssertion>();
  const server = createGraphQLServer<HubContext>({
    apollo,
    log,
    // by POST only: the assertion holds for the body, which a GET does not run
    admit: async (req) => {
      if (req.method !== 'POST') throw forbidden('this service answers only its gateway, by POST');
      admitted.set(req, await verify(req.headers[ASSERTION_HEADER] as string | undefined));
    },
    maxBodyBytes: SUBGRAPH_MAX_BODY_BYTES,
    context: async (req, _requestId, body) => {
      let who: RequestIdentity;
      try {
        who = admitted.get(req)!.forBody(body);
      } catch (e) {
        throw new GraphQLError((e as GraphQLError).message, { extensions: { ...(e as GraphQLError).extensions, http: { status: 403 } } });
      }
      const { principal, requestId, ...facts } = who;
      return requestContext(principal, requestId, log, consents, facts);
    },
    ready: () => storesReady(orms),
  });
  const bound = await listen(server, port, config.HOST);
  // background work needs the whole graph: only where the gateway can be reached
  if (config.GATEWAY_URL && config.CHANGE_FEED === 'on') workers.forEach((w) => w.start());
  log.info({ subgraph: subgraph.name, port: bound }, 'subgraph listening');
  return service(server, bound, orms, graph, async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await apollo.stop();
    await orms[subgraph.name].close();
    await db.stop();
  });
}

/** A gateway's fetch carries the facts of a whole batch (a bank's 1,000 merchants): more than a client may send. */
const SUBGRAPH_MAX_BODY_BYTES = 64 * 1024 * 1024;
