import { z } from 'zod';

const SUBGRAPHS = ['market', 'urban', 'approval', 'finance', 'credit'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export const SUBGRAPH_NAMES: readonly SubgraphName[] = SUBGRAPHS;

const optionalText = z.string().trim().min(1).optional().catch(undefined);
const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    );

/** an empty variable counts as unset (a compose file's `NAME: ""`) */
const unsetIfBlank = <T extends z.ZodType>(type: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), type);
/** a port that may be left unset (the feature off); 0 asks for any free port */
const optionalPort = unsetIfBlank(z.coerce.number().int().min(0).max(65535).optional());

/**
 * OpenTelemetry tracing: off unless an OTLP endpoint is configured or TRACING=on (then the collector's default,
 * http://localhost:4318); TRACING=off turns it off whatever else is set. Read before anything else is loaded.
 */
const tracingFields = {
  TRACING: unsetIfBlank(z.enum(['on', 'off']).optional()),
  /** the OTLP/HTTP collector: traces go to <endpoint>/v1/traces */
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetIfBlank(z.url().optional()),
  /** the whole URL traces are posted to, when it is not <endpoint>/v1/traces */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unsetIfBlank(z.url().optional()),
  /** the service name on the spans (default credit-hub, credit-hub-<subgraph> for one subgraph, credit-hub-<command> for a command) */
  OTEL_SERVICE_NAME: unsetIfBlank(z.string().trim().min(1).optional()),
  /** the share of requests traced (whole traces: a subgraph follows its gateway's decision) */
  TRACING_SAMPLE_RATIO: unsetIfBlank(z.coerce.number().min(0).max(1).default(1)),
};
const tracingSchema = z.object(tracingFields);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalText,
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DEMO_MERCHANTS: z.coerce.number().int().min(0).optional(),
  DEMO_SEED: z.coerce.number().int().default(20260401),
  AUTH_JWKS_FILE: optionalText,
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUERS: csv(''),
  AUTH_AUDIENCE: z.string().default('credit-hub'),
  AUTH_ALGORITHMS: csv('RS256,ES256,EdDSA'),
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  /** all-in-one (default) or distributed: subgraphs reached by URL */
  SUBGRAPH_URLS: optionalText,
  SUBGRAPH_MARKET_URL: z.url().optional(),
  SUBGRAPH_URBAN_URL: z.url().optional(),
  SUBGRAPH_APPROVAL_URL: z.url().optional(),
  SUBGRAPH_FINANCE_URL: z.url().optional(),
  SUBGRAPH_CREDIT_URL: z.url().optional(),
  /** all-in-one: `direct` executes the API schema in one execution over the subgraphs' resolvers; `gateway` plans fetches as distributed mode does */
  EXECUTION: z.enum(['direct', 'gateway']).default('direct'),
  /** distributed mode: a subgraph that has not answered by then counts as unavailable (retryable) */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** the scheme that grades merchants (its latest version), and the internal risk-class scheme for inspections */
  CREDIT_SCHEME: z.string().default('rizhao-street-shop'),
  RISK_SCHEME: z.string().default('market-risk-class'),
  /** the hub's address as the public reaches it: QR codes point there (default http://localhost:PORT) */
  PUBLIC_URL: z.url().optional(),
  /** where a subgraph served on its own reaches the whole graph (distributed mode) */
  GATEWAY_URL: z.url().optional(),
  /** off: this process does not follow the fact logs or push webhooks (another replica does) */
  CHANGE_FEED: z.enum(['on', 'off']).default('on'),
  /** how often the credit office reads the departments' fact logs for the change feed */
  CHANGE_FEED_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** a holiday calendar of the operator's (JSON: nonWorking and working dates), over China's as shipped (src/worklist/china.json) */
  WORKING_CALENDAR_FILE: optionalText,
  /** a department answers an objection within this many calendar days of its filing */
  OBJECTION_ANSWER_DAYS: z.coerce.number().int().min(1).max(365).default(20),
  /** a department decides a repair application within this many working days of its filing */
  REPAIR_DECISION_WORKING_DAYS: z.coerce.number().int().min(1).max(250).default(7),
  /** urban management checks a consumer report within this many working days of its submission */
  CONSUMER_REPORT_CHECK_WORKING_DAYS: z.coerce.number().int().min(1).max(250).default(5),
  /** how often the credit office notices new and overdue worklist items */
  WORKLIST_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** days after its due date an unverified credit commitment is breached automatically (fractions allowed) */
  COMMITMENT_GRACE_DAYS: z.coerce.number().min(0).max(365).default(3),
  /** how often administrative approval looks for commitments past their due date and grace */
  COMMITMENT_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** distributed mode: the gateway's private key (a JWK), with which it signs who is asking for each subgraph fetch; the credit subgraph holds it too, for its own work through the gateway */
  GATEWAY_KEY_FILE: optionalText,
  /** distributed mode: the gateway's public key (a JWK), with which a department's subgraph verifies what the gateway asserts */
  GATEWAY_PUBLIC_KEY_FILE: optionalText,
  /** the only hosts webhooks may reach, when set (lower case; they may be private addresses); unset: any public address */
  WEBHOOK_HOSTS: csv('').transform((hosts) => hosts.map((h) => h.toLowerCase())),
  /** the most one request may cost, as the gateway estimates it before running it (see src/gateway/demand.ts) */
  QUERY_COST_BUDGET: z.coerce.number().int().min(100).max(100_000_000).default(30_000),
  /** addresses (or CIDR ranges) of reverse proxies in front of the hub, whose X-Forwarded-For names the client */
  TRUSTED_PROXIES: csv(''),
  /** Prometheus metrics at /metrics on a port of their own, never the API's; unset: no metrics served (see docs/observability.md) */
  METRICS_PORT: optionalPort,
  /** where the metrics port listens: loopback unless a scraper elsewhere must reach it (then protect it as an internal port) */
  METRICS_HOST: z.string().default('127.0.0.1'),
  ...tracingFields,
});

export type Config = z.infer<typeof schema> & {
  demoMerchants: number;
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  devAuth: boolean;
};

export class ConfigError extends Error {}

/** Where tokens are verified (the gateway, the all-in-one hub): a subgraph behind the gateway verifies the gateway's assertions instead. */
export function checkTokenConfig(c: Config): void {
  if (c.NODE_ENV === 'production' && !c.AUTH_JWKS_FILE && !c.AUTH_JWKS_URL) {
    throw new ConfigError('invalid configuration: production needs AUTH_JWKS_FILE or AUTH_JWKS_URL');
  }
  if (!c.devAuth && c.AUTH_ISSUERS.length === 0) {
    throw new ConfigError('invalid configuration: AUTH_ISSUERS must name the trusted token issuers');
  }
}

export interface TracingConfig {
  /** where the spans are posted (OTLP/HTTP, JSON) */
  url: string;
  serviceName: string | undefined;
  sampleRatio: number;
}

/** Whether to trace, and where to: null when tracing is off. */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig | null {
  const parsed = tracingSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const t = parsed.data;
  if (t.TRACING === 'off' || (t.TRACING !== 'on' && !t.OTEL_EXPORTER_OTLP_ENDPOINT && !t.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)) return null;
  const base = (t.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/+$/, '');
  return { url: t.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${base}/v1/traces`, serviceName: t.OTEL_SERVICE_NAME, sampleRatio: t.TRACING_SAMPLE_RATIO };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  const subgraphUrls = parseSubgraphUrls(c);
  const devAuth = c.NODE_ENV !== 'production' && !c.AUTH_JWKS_FILE && !c.AUTH_JWKS_URL;
  const demoMerchants = c.DEMO_MERCHANTS ?? (c.NODE_ENV === 'development' ? 2000 : 0);
  return { ...c, demoMerchants, subgraphUrls, devAuth };
}

function parseSubgraphUrls(c: z.infer<typeof schema>): Partial<Record<SubgraphName, string>> {
  const urls: Partial<Record<SubgraphName, string>> = {};
  for (const pair of (c.SUBGRAPH_URLS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, url] = pair.split('=', 2).map((p) => p?.trim());
    if (!SUBGRAPHS.includes(name as SubgraphName) || !url || !URL.canParse(url)) {
      throw new ConfigError(`invalid configuration: SUBGRAPH_URLS entry "${pair}" is not <subgraph>=<url>`);
    }
    urls[name as SubgraphName] = url;
  }
  const one: Record<SubgraphName, string | undefined> = {
    market: c.SUBGRAPH_MARKET_URL,
    urban: c.SUBGRAPH_URBAN_URL,
    approval: c.SUBGRAPH_APPROVAL_URL,
    finance: c.SUBGRAPH_FINANCE_URL,
    credit: c.SUBGRAPH_CREDIT_URL,
  };
  for (const name of SUBGRAPHS) if (one[name]) urls[name] = one[name];
  return urls;
}
