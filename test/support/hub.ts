import { startHub, type RunningService } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { freshDatabase } from './database';
import { createTestIssuer, TEST_ISSUER, type TestIssuer } from './keys';

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestHub {
  service: RunningService;
  databaseUrl: string;
  issuer: TestIssuer;
  /** a signed token for the given claims (sub defaults to a test person) */
  token(claims: Record<string, unknown>): Promise<string>;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

/** The real gateway over the real subgraphs, on a fresh database of its own, listening on a free port. */
export async function startTestHub(env: Record<string, string> = {}): Promise<TestHub> {
  const db = await freshDatabase();
  const issuer = await createTestIssuer();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: db.url,
    DEMO_MERCHANTS: '0',
    AUTH_JWKS_FILE: issuer.jwksFile,
    AUTH_ISSUERS: TEST_ISSUER,
    DB_POOL_MAX: '4',
    ...env,
  });
  const service = await startHub(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  return {
    service,
    databaseUrl: db.url,
    issuer,
    token: (claims) => issuer.sign({ sub: 'test-person', ...claims }),
    query: (query, variables, token) => postGraphQL(service.url, query, variables, token),
    stop: async () => {
      await service.stop();
      await db.drop();
    },
  };
}

export async function postGraphQL<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResult<T>;
  return { ...body, status: res.status };
}

export const codes = (r: GraphQLResult) => (r.errors ?? []).map((e) => e.extensions?.code);
