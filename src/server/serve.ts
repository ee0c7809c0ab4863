import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import { resolve } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { AccessLog } from '../auth/access-log';
import { ASSERTION_HEADER, assertionVerifier, loadGatewayKeys, type GatewayKeys, type RequestIdentity, type VerifiedAssertion } from '../auth/assertion';
import { assertedConsents, consentsThroughGraph } from '../auth/consent';
import { mintDevToken } from '../auth/dev-keys';
import { PUBLIC } from '../auth/principal';
import { PURPOSE_HEADER, withRequestPurpose } from '../auth/purpose';
import { createTokenVerifier } from '../auth/tokens';
import { checkTokenConfig, SUBGRAPH_NAMES, type Config, type SubgraphName } from '../config';
import { requestContext, type HubContext } from '../context';
import { openDatabase, type Database, type DatabaseUser } from '../db/database';
import { forbidden } from '../errors';
import { directExecution, directSchema } from '../gateway/direct';
import { creditOfficeFetches, gatewayIdentity } from '../gateway/identity';
import { InProcessSubgraph } from '../gateway/in-process';
import { RemoteSubgraph } from '../gateway/remote';
import { inProcessGraph, LateBoundGraph, noGraph, remoteGraph, type GraphClient } from '../graph-client';
import { clientAddress, trustedProxies } from '../http/client';
import { close, createGraphQLServer, listen, type GraphQLHttpOptions, type Readiness } from '../http/server';
import type { Logger } from '../logger';
import { PUBLISHED, renderPublishedList, type PublishedPath } from '../pages/published-lists';
import { renderQrPage } from '../pages/qr-page';
import { serveStatic } from '../pages/static';
import { projectRoot, schemaDir } from '../paths';
import { SUBGRAPHS } from '../subgraphs';
import { credit } from '../subgraphs/credit';
import type { Worker } from '../subgraphs/subgraph';
import { enableMetrics, watchPool, type PoolFigures } from '../telemetry/metrics';
import { startMetricsServer, type MetricsServer } from '../telemetry/metrics-server';
import { apolloOptions } from './apollo';
import { accessLogSink } from './plugins/auditing';
import { applyRetention, closeStores, openStores, seedIfEmpty, storesReady, type Stores } from './stores';

/**
 * What one process serves. The hub: the gateway, with the five subgraphs in this process (all-in-one) or reached
 * over HTTP when their URLs are configured (distributed); `background: false` for a command that only needs the
 * graph (no change feed, no demo evaluations); `enforce: false` serves the subgraphs without their policy, only to
 * measure what the policy costs. Or one subgraph on its own port, for distributed mode.
 */
export type Serving = { subgraph?: undefined; background?: boolean; enforce?: boolean } | { subgraph: SubgraphName; port: number };

export interface RunningService {
  url: string;
  port: number;
  /** where Prometheus scrapes this process (METRICS_PORT), on a port of its own; unset: no metrics served */
  metricsUrl?: string;
  /** each subgraph's ORM that this process holds */
  orms: Stores;
  /** the graph as the subgraphs reach it (evaluations, objections) */
  graph: GraphClient;
  stop(): Promise<void>;
}

/** The subgraphs this process holds: their stores, schemas, trails of reads and background work. */
interface Hosted {
  db?: Database;
  orms: Stores;
  schemas: Partial<Record<SubgraphName, GraphQLSchema>>;
  accessLogs: Partial<Record<SubgraphName, AccessLog>>;
  workers: Worker[];
  seeded: boolean;
}

/** How requests come in: the Apollo Server that answers them and the HTTP front's part of the work. */
interface Front {
  apollo: ApolloServer<HubContext>;
  http: Omit<GraphQLHttpOptions<HubContext>, 'apollo' | 'log'>;
  port: number;
  /** whether the background work may start (it needs the whole graph) */
  background: boolean;
  describe: Record<string, unknown>;
  /** after it listens (the demo city's evaluations, the dashboard's link) */
  listening?(port: number): Promise<void>;
}

/** Starts a service: the same steps for the hub and for one subgraph; what differs is its front. */
export async function serve(config: Config, log: Logger, what: Serving = {}): Promise<RunningService> {
  const distributed = !what.subgraph && Object.keys(config.subgraphUrls).length > 0;
  preflight(config, what, distributed);
  // recorded from the start (the demo city's evaluations), served once the API listens
  if (config.METRICS_PORT !== undefined) enableMetrics(what.subgraph ?? 'hub');
  // the credit office signs its own work through the gateway (the change feed, evaluations); a department only verifies
  const keys = what.subgraph ? await loadGatewayKeys(config, what.subgraph === 'credit') : undefined;
  const graph = what.subgraph ? subgraphGraph(config, what.subgraph, keys!) : new LateBoundGraph();
  const local = what.subgraph ? [what.subgraph] : distributed ? [] : SUBGRAPH_NAMES;
  // the hub runs (and records) the embedded database; a command's graph uses the one a running hub recorded
  const database: DatabaseUser = !what.subgraph && what.background !== false ? 'hub' : 'command';
  const hosted = await host(local, config, log, graph, { seed: !what.subgraph, enforce: what.subgraph !== undefined || what.enforce !== false, database });
  let front: Front | undefined;
  let server: Server;
  let port: number;
  let metrics: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  try {
    front = what.subgraph
      ? await subgraphFront(what.subgraph, what.port, hosted, keys!, graph, config, log)
      : await gatewayFront(hosted, graph as LateBoundGraph, distributed, what.background ?? true, config, log);
    server = createGraphQLServer<HubContext>({ apollo: front.apollo, log, ...front.http });
    port = await listen(server, front.port, config.HOST);
    metrics =
      config.METRICS_PORT === undefined ? undefined : await serveMetrics(config, hosted.orms, log).catch((e) => close(server).then(() => Promise.reject(e)));
  } catch (e) {
    // a service that cannot listen leaves no database server behind it (the embedded one would hold its directory)
    await front?.apollo.stop().catch(() => {});
    await closeStores(hosted.orms).catch(() => {});
    await hosted.db?.stop().catch(() => {});
    throw e;
  }
  const workers = front.background ? hosted.workers : [];
  if (config.CHANGE_FEED === 'on') workers.forEach((w) => w.start());
  log.info({ port, ...(metrics && { metrics: metrics.url }), ...front.describe }, what.subgraph ? 'subgraph listening' : 'credit hub listening');
  await front.listening?.(port);
  const apollo = front.apollo;
  return running(server, port, metrics?.url, hosted.orms, graph, async () => {
    await metrics?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await apollo.stop();
    await closeStores(hosted.orms);
    await hosted.db?.stop();
  });
}

/** /metrics on its own port, with the pools of the stores this process holds. */
async function serveMetrics(config: Config, orms: Stores, log: Logger): Promise<MetricsServer & { url: string }> {
  const unwatch = Object.entries(orms).map(([name, orm]) =>
    watchPool(name, config.DB_POOL_MAX, () => (orm!.em.getConnection().getKnex().client as { pool?: PoolFigures }).pool),
  );
  const server = await startMetricsServer(config.METRICS_HOST, config.METRICS_PORT!, log);
  return {
    ...server,
    close: async () => {
      unwatch.forEach((stop) => stop());
      await server.close();
    },
  };
}

/** The configuration a service cannot start without, checked before anything opens. */
function preflight(config: Config, what: Serving, distributed: boolean) {
  if (!what.subgraph) {
    checkTokenConfig(config); // the gateway verifies every caller's token
    const missing = SUBGRAPH_NAMES.filter((n) => !config.subgraphUrls[n]);
    if (distributed && missing.length) throw new Error(`distributed mode needs the URL of every subgraph; missing: ${missing.join(', ')}`);
    return;
  }
  // several processes cannot share one embedded server's data directory
  if (!config.DATABASE_URL) throw new Error('a subgraph served on its own needs DATABASE_URL (the embedded database is for all-in-one mode)');
  // the QR codes the credit office makes point where the public reaches the gateway, which this process cannot know
  if (what.subgraph === 'credit' && config.NODE_ENV === 'production' && !config.PUBLIC_URL) {
    throw new Error('the credit subgraph in production needs PUBLIC_URL, the address where the public reaches the gateway (its QR codes point there)');
  }
}

const subgraphGraph = (config: Config, name: SubgraphName, keys: GatewayKeys): GraphClient =>
  config.GATEWAY_URL ? remoteGraph(config.GATEWAY_URL, keys) : noGraph(`set GATEWAY_URL so that the ${name} subgraph can reach the graph`);

/** Opens the stores of the subgraphs this process holds and builds their schemas; the hub seeds an empty demo city. */
async function host(
  names: readonly SubgraphName[],
  config: Config,
  log: Logger,
  graph: GraphClient,
  o: { seed: boolean; enforce: boolean; database: DatabaseUser },
): Promise<Hosted> {
  const hosted: Hosted = { orms: {}, schemas: {}, accessLogs: {}, workers: [], seeded: false };
  if (!names.length) return hosted;
  hosted.db = await openDatabase(config, log, o.database);
  hosted.orms = await openStores(names, hosted.db.url, config, log);
  if (o.seed) hosted.seeded = await seedIfEmpty(hosted.orms as Record<SubgraphName, MikroORM>, config, log);
  await applyRetention(hosted.orms, config, log);
  for (const name of names) {
    const built = await SUBGRAPHS[name].build(hosted.orms[name]!, { config, graph, log });
    hosted.schemas[name] = o.enforce ? built.schema : built.unprotected;
    hosted.accessLogs[name] = built.accessLog;
    hosted.workers.push(...(built.workers ?? []));
  }
  return hosted;
}

/** The hub's front: the gateway verifies each caller's token and plans every request over the subgraphs. */
async function gatewayFront(hosted: Hosted, graph: LateBoundGraph, distributed: boolean, background: boolean, config: Config, log: Logger): Promise<Front> {
  const supergraphSdl = await readFile(resolve(schemaDir, 'supergraph.graphql'), 'utf8');
  const consents = consentsThroughGraph(graph);
  const publicContext = (): HubContext => requestContext(PUBLIC, 'background', log, consents);
  const identity = distributed ? await gatewayIdentity(config, supergraphSdl) : undefined;
  const feedsCreditOffice = creditOfficeFetches(supergraphSdl);
  const direct = !distributed && config.EXECUTION === 'direct';
  const gateway = direct
    ? directExecution(directSchema(supergraphSdl, hosted.schemas), supergraphSdl)
    : new ApolloGateway({
        supergraphSdl,
        // the supergraph's URLs are the compose defaults; the configured ones win
        buildService: ({ name }) =>
          identity
            ? new RemoteSubgraph(name, config.subgraphUrls[name as SubgraphName]!, identity, config.SUBGRAPH_TIMEOUT_MS)
            : new InProcessSubgraph(name, hosted.schemas[name as SubgraphName]!, publicContext, feedsCreditOffice),
      });
  // distributed: each subgraph records the reads it serves; all-in-one: the request's trail, each subgraph's part in its own log
  const apollo = new ApolloServer<HubContext>({ gateway, ...apolloOptions(config, log, identity ? undefined : accessLogSink(hosted.accessLogs), true) });
  await apollo.start();
  graph.bind(inProcessGraph(apollo));

  // all-in-one verifies tokens here; a distributed gateway's identity does (and more)
  const verify = identity ? undefined : await createTokenVerifier(config);
  const proxies = trustedProxies(config.TRUSTED_PROXIES);
  return {
    apollo,
    port: config.PORT,
    background,
    describe: {
      mode: distributed ? 'distributed' : 'all-in-one',
      ...(!distributed && { execution: config.EXECUTION }),
      database: hosted.db?.embedded ? 'embedded' : 'external',
    },
    http: {
      context: async (req, requestId, body) => {
        if (identity) {
          const { principal, ...who } = await identity.identify({
            method: req.method ?? 'GET',
            headers: req.headers,
            socketAddress: req.socket.remoteAddress,
            body,
            requestId,
          });
          // a client's operation is named by its document; the credit office's own request keeps its caller's
          return requestContext(principal, who.requestId, log, consents, { ...who, operation: who.onBehalf ? who.operation : undefined });
        }
        const client = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, proxies);
        const principal = withRequestPurpose(await verify!(req.headers.authorization), req.headers[PURPOSE_HEADER]);
        return requestContext(principal, requestId, log, consents, { client });
      },
      // GraphQL over HTTP: an application/json client gets 200 for a document refused before it ran
      jsonClientStatus: true,
      ready: () => (distributed ? subgraphsReady(config) : storesReady(hosted.orms)),
      page: async (path, res, requestId, query) => {
        if (await serveStatic(resolve(projectRoot, 'dist/dashboard'), '/dashboard', path, res)) return true;
        if (Object.hasOwn(PUBLISHED, path)) {
          await renderPublishedList(res, path as PublishedPath, query, graph, consents, log, requestId);
          return true;
        }
        const qr = /^\/m\/([A-Za-z0-9_-]{1,64})$/.exec(path);
        if (!qr) return false;
        await renderQrPage(res, qr[1]!, graph, consents, log, requestId, query.get('lang') === 'en' ? 'en' : 'zh');
        return true;
      },
    },
    listening: async (port) => {
      if (!background) return;
      if (hosted.seeded && config.NODE_ENV === 'development')
        void evaluateDemoCycles(hosted.orms.credit!, graph, config, log).catch((err) => log.error({ err }, 'demo cycles not evaluated'));
      if (config.devAuth) await announceDashboard(port, config, log);
    },
  };
}

/**
 * One subgraph's front, for distributed mode. It answers only requests that carry the gateway's signed assertion
 * of who is asking (verified with the gateway's public key), and records the reads it serves.
 */
async function subgraphFront(
  name: SubgraphName,
  port: number,
  hosted: Hosted,
  keys: GatewayKeys,
  graph: GraphClient,
  config: Config,
  log: Logger,
): Promise<Front> {
  const options = apolloOptions(config, log, accessLogSink(hosted.accessLogs));
  // inline traces are for Apollo's hosted studio, which this hub does not report to
  const apollo = new ApolloServer<HubContext>({
    schema: hosted.schemas[name]!,
    ...options,
    plugins: [...options.plugins, ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  // the credit office looks consents up itself; a department is told them by the gateway, for the merchants of each fetch
  const consents = name === 'credit' ? consentsThroughGraph(graph) : assertedConsents;
  const verify = assertionVerifier(keys, name);
  // the assertion's signature is checked from the headers, before a body is read; its body and single use after
  const admitted = new WeakMap<IncomingMessage, VerifiedAssertion>();
  return {
    apollo,
    port,
    // background work needs the whole graph: only where the gateway can be reached
    background: Boolean(config.GATEWAY_URL),
    describe: { subgraph: name },
    http: {
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
      ready: () => storesReady(hosted.orms),
    },
  };
}

/** A gateway's fetch carries the facts of a whole batch (a bank's 1,000 merchants): more than a client may send. */
const SUBGRAPH_MAX_BODY_BYTES = 64 * 1024 * 1024;

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

/** A new demo city gets three evaluated cycles, so its dashboards have grades and a trend to show. */
async function evaluateDemoCycles(orm: MikroORM, graph: GraphClient, config: Config, log: Logger): Promise<void> {
  const { evaluations } = credit.services(orm, { config, graph, log });
  const cycles = await evaluations.recentCycles(2);
  const ctx = requestContext({ ...PUBLIC, subject: 'demo', roles: ['admin'] }, 'demo-evaluation', log, consentsThroughGraph(graph), {
    internal: 'demo-evaluation',
  });
  for (const c of cycles) await evaluations.run(c, ctx);
  log.info({ cycles }, 'demo cycles evaluated');
}

/** In development, a link to the dashboard with a market analyst's token. */
async function announceDashboard(port: number, config: Config, log: Logger) {
  await mintDevToken(config.DATA_DIR, { roles: ['department_analyst'], department: 'market', audience: config.AUTH_AUDIENCE, sub: 'dashboard' })
    .then((token) => {
      const url = `http://localhost:${port}/dashboard#token=${token}`;
      log.info({ url }, 'dashboard');
      console.log(`dashboard: ${url}`);
    })
    .catch((err) => log.warn({ err }, 'no dashboard token minted'));
}

function running(server: Server, port: number, metricsUrl: string | undefined, orms: Stores, graph: GraphClient, release: () => Promise<void>): RunningService {
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    metricsUrl,
    orms,
    graph,
    stop: () => (stopping ??= close(server).then(release)),
  };
}
