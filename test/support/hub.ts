import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type RunningService } from '../../src/server/serve';
import { seedDatabase } from '../../src/server/stores';
import { newGatewayKeyPair } from '../../src/auth/assertion';
import { loadConfig, SUBGRAPH_NAMES } from '../../src/config';
import { createLogger } from '../../src/logger';
import { freshDatabase } from './database';
import { createTestIssuer, TEST_ISSUER, type TestIssuer } from './keys';
import { freePort, SubgraphProcess } from './processes';

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export type HubMode = 'all-in-one' | 'distributed';

/** The mode the suite runs in: the jest project `distributed` runs the e2e suites that run in both modes against a distributed hub. */
export const HUB_MODE: HubMode = process.env.TEST_HUB_MODE === 'distributed' ? 'distributed' : 'all-in-one';

export interface TestHub {
  mode: HubMode;
  service: RunningService;
  databaseUrl: string;
  issuer: TestIssuer;
  /** distributed mode: each subgraph's own process */
  subgraphs: SubgraphProcess[];
  /** distributed mode: the gateway's key files (the private one signs, the public one verifies) */
  gatewayKeys?: { privateFile: string; publicFile: string };
  /** a signed token for the given claims (sub defaults to a test person) */
  token(claims: Record<string, unknown>): Promise<string>;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

/** The gateway's key pair written as JWK files, as an operator keeps them. */
export async function gatewayKeyFiles(): Promise<{ privateFile: string; publicFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'credit-hub-gateway-'));
  const { privateJwk, publicJwk } = await newGatewayKeyPair();
  const files = { privateFile: join(dir, 'gateway-key.json'), publicFile: join(dir, 'gateway-key.pub.json') };
  await writeFile(files.privateFile, JSON.stringify(privateJwk), { mode: 0o600 });
  await writeFile(files.publicFile, JSON.stringify(publicJwk));
  return files;
}

/**
 * The real gateway over the real subgraphs, on a fresh database of its own, listening on a free port. All-in-one:
 * one hub in this process. Distributed: each subgraph in a process of its own as a department runs it, and the
 * gateway in this process calling them over HTTP with its signed assertions.
 */
export async function startTestHub(env: Record<string, string> = {}, mode: HubMode = HUB_MODE): Promise<TestHub> {
  const db = await freshDatabase();
  const issuer = await createTestIssuer();
  const common = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    DEMO_MERCHANTS: '0',
    AUTH_JWKS_FILE: issuer.jwksFile,
    AUTH_ISSUERS: TEST_ISSUER,
    DB_POOL_MAX: '4',
    // `EXECUTION=gateway npm test`: the all-in-one suites through the gateway's query plans instead of one execution of the API schema
    ...(process.env.EXECUTION && { EXECUTION: process.env.EXECUTION }),
    ...env,
  };
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  let subgraphs: SubgraphProcess[] = [];
  let gatewayKeys: TestHub['gatewayKeys'];
  let service: RunningService;
  if (mode === 'all-in-one') {
    service = await serve(loadConfig({ ...common, PORT: '0' }), log);
  } else {
    gatewayKeys = await gatewayKeyFiles();
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}/graphql`;
    subgraphs = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        // only the credit office holds the gateway's private key besides the gateway; a department holds the public one
        const key: Record<string, string> =
          name === 'credit' ? { GATEWAY_KEY_FILE: gatewayKeys!.privateFile } : { GATEWAY_PUBLIC_KEY_FILE: gatewayKeys!.publicFile };
        // the public reaches the hub at the gateway, unless the test says otherwise
        const where = { PUBLIC_URL: `http://127.0.0.1:${port}`, GATEWAY_URL: gatewayUrl };
        return new SubgraphProcess(name, await freePort(), { ...where, ...common, ...key, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' });
      }),
    );
    try {
      // the subgraphs do not seed: the demo city is written first, as `npm run seed` does
      await seedDatabase(loadConfig(common), log);
      await Promise.all(subgraphs.map((s) => s.start()));
      const urls = subgraphs.map((s) => `${s.name}=${s.url}`).join(',');
      service = await serve(loadConfig({ ...common, PORT: String(port), SUBGRAPH_URLS: urls, GATEWAY_KEY_FILE: gatewayKeys.privateFile }), log);
    } catch (e) {
      await Promise.all(subgraphs.map((s) => s.stop('SIGKILL')));
      await db.drop();
      throw e;
    }
  }
  return {
    mode,
    service,
    databaseUrl: db.url,
    issuer,
    subgraphs,
    gatewayKeys,
    token: (claims) => issuer.sign({ sub: 'test-person', ...claims }),
    query: (query, variables, token) => postGraphQL(service.url, query, variables, token),
    stop: async () => {
      await service.stop();
      await Promise.all(subgraphs.map((s) => s.stop()));
      await db.drop();
    },
  };
}

export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResult<T>;
  return { ...body, status: res.status };
}

export const codes = (r: GraphQLResult) => (r.errors ?? []).map((e) => e.extensions?.code);
