import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus figures: one registry per process (the hub, or one subgraph served on its own). Nothing
 * is recorded until `enableMetrics` (a metrics port is configured): until then every report below returns at once.
 *
 * The subgraphs report their own figures (the change feed's lag, webhook deliveries, an evaluation's progress)
 * through the functions exported here; the gateway, the HTTP front and the pools are measured by the kernel.
 */
const registry = new Registry();
let enabled = false;

/** latency buckets (seconds): a cached profile answers in milliseconds, a bank's batch or an evaluation page in seconds */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A label whose values a client chooses (an operation's name): the first ones kept, the rest counted together. */
class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly overflow: string,
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}
const operations = new BoundedLabel(500, '(other)');

const requests = new Histogram({
  name: 'credit_hub_graphql_request_duration_seconds',
  help: 'GraphQL requests by operation name and type and outcome (ok: no errors; partial: data with errors; error: no data), from start to the answer',
  labelNames: ['operation', 'type', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const errors = new Counter({
  name: 'credit_hub_graphql_errors_total',
  help: 'errors in GraphQL answers by operation name and extensions.code, as the client sees them (one answer may carry several)',
  labelNames: ['operation', 'code'] as const,
  registers: [registry],
});

const fetches = new Histogram({
  name: 'credit_hub_subgraph_fetch_duration_seconds',
  help: "the gateway's fetches from each subgraph by outcome (ok; errors: answered with errors; unreachable: did not answer; failed: the fetch threw)",
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/** the pools whose figures are read at each scrape */
const pools = new Map<string, { pool: () => PoolFigures | undefined; max: number }>();

/** What a connection pool tells (knex's tarn pool). */
export interface PoolFigures {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

new Gauge({
  name: 'credit_hub_db_pool_connections',
  help: "each subgraph's database pool: used (lent to a query), free (open, idle), pending (queries waiting for a connection), creating (connections being opened)",
  labelNames: ['subgraph', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [subgraph, { pool }] of pools) {
      const p = pool();
      if (!p) continue;
      this.set({ subgraph, state: 'used' }, p.numUsed());
      this.set({ subgraph, state: 'free' }, p.numFree());
      this.set({ subgraph, state: 'pending' }, p.numPendingAcquires());
      this.set({ subgraph, state: 'creating' }, p.numPendingCreates());
    }
  },
});

new Gauge({
  name: 'credit_hub_db_pool_max',
  help: "the most connections each subgraph's pool opens (DB_POOL_MAX)",
  labelNames: ['subgraph'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [subgraph, { max }] of pools) this.set({ subgraph }, max);
  },
});

/** per source: when the oldest fact the change feed had not yet processed was written (null: none waiting) */
const feedWaiting = new Map<string, Date | null>();

new Gauge({
  name: 'credit_hub_change_feed_lag_seconds',
  help: 'how far the credit change feed is behind each fact log: the age of the oldest fact it had not processed when its last round began (0: caught up); grows while rounds fail',
  labelNames: ['source'] as const,
  registers: [registry],
  collect() {
    const now = Date.now();
    for (const [source, since] of feedWaiting) this.set({ source }, since ? Math.max(0, (now - since.getTime()) / 1000) : 0);
  },
});

const feedFacts = new Counter({
  name: 'credit_hub_change_feed_facts_read_total',
  help: 'facts the credit change feed has read from each fact log',
  labelNames: ['source'] as const,
  registers: [registry],
});

const webhooks = new Counter({
  name: 'credit_hub_webhook_deliveries_total',
  help: "webhook deliveries by the webhook's owner (a department, or admin) and outcome (delivered; failed: refused, unreachable or not 2xx, retried later)",
  labelNames: ['owner', 'outcome'] as const,
  registers: [registry],
});

const judged = new Gauge({
  name: 'credit_hub_evaluation_merchants_judged',
  help: 'merchants whose snapshot the evaluation of a cycle has written so far (compare credit_hub_evaluation_merchants)',
  labelNames: ['cycle'] as const,
  registers: [registry],
});

const toJudge = new Gauge({
  name: 'credit_hub_evaluation_merchants',
  help: 'merchants the evaluation of a cycle judges in all',
  labelNames: ['cycle'] as const,
  registers: [registry],
});

const rounds = new Counter({
  name: 'credit_hub_background_rounds_total',
  help: 'rounds of background work (the change feed, webhook deliveries) by worker and outcome (ok, failed)',
  labelNames: ['worker', 'outcome'] as const,
  registers: [registry],
});

const lastRound = new Gauge({
  name: 'credit_hub_background_last_success_timestamp_seconds',
  help: 'when a round of each background worker last succeeded (Unix time)',
  labelNames: ['worker'] as const,
  registers: [registry],
});

/**
 * Starts recording, with the process's own label (`service`: hub, or the subgraph it serves) and the Node runtime's
 * default figures (memory, event loop lag, garbage collection, handles). Once per process.
 */
export function enableMetrics(service: string): Registry {
  if (enabled) return registry;
  enabled = true;
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The figures in Prometheus's text format. */
export const metricsText = () => registry.metrics();
export const METRICS_CONTENT_TYPE = registry.contentType;

/** Measures one GraphQL request (called once its answer is known). */
export function reportRequest(r: { operation: string | null; type: string | null; seconds: number; data: boolean; codes: readonly string[] }): void {
  if (!enabled) return;
  const operation = operations.of(r.operation ?? '(anonymous)');
  const outcome = r.codes.length === 0 ? 'ok' : r.data ? 'partial' : 'error';
  requests.observe({ operation, type: r.type ?? '(none)', outcome }, r.seconds);
  for (const code of r.codes) errors.inc({ operation, code });
}

/** Counts the errors of a request refused before it ran (a token refused: its context could not be made). */
export function reportRefusal(code: string): void {
  if (enabled) errors.inc({ operation: '(not run)', code });
}

export type FetchOutcome = 'ok' | 'errors' | 'unreachable' | 'failed';

/** Measures one of the gateway's fetches from a subgraph. */
export function reportFetch(subgraph: string, outcome: FetchOutcome, seconds: number): void {
  if (enabled) fetches.observe({ subgraph, outcome }, seconds);
}

/** Reads a subgraph's pool at each scrape, until the returned function is called. */
export function watchPool(subgraph: string, max: number, pool: () => PoolFigures | undefined): () => void {
  pools.set(subgraph, { pool, max });
  return () => void pools.delete(subgraph);
}

/** Counts a background round (the Poller reports each of its rounds). */
export function reportRound(worker: string, ok: boolean): void {
  if (!enabled) return;
  rounds.inc({ worker, outcome: ok ? 'ok' : 'failed' });
  if (ok) lastRound.set({ worker }, Date.now() / 1000);
}

/**
 * The change feed, at the start of each round, for each fact log it follows: the facts it read after its cursor, in
 * order (their `at`: when each was written). The lag is then the age of the first one, or 0 when none was waiting.
 */
export function reportFeedRead(source: string, facts: readonly { at: Date | string }[]): void {
  if (!enabled) return;
  feedWaiting.set(source, facts.length ? new Date(facts[0]!.at) : null);
  feedFacts.inc({ source }, facts.length);
}

/** A webhook delivery's outcome, with the webhook's owner (a department, or admin). */
export function reportWebhookDelivery(owner: string, outcome: 'delivered' | 'failed'): void {
  if (enabled) webhooks.inc({ owner, outcome });
}

/** An evaluation's progress: merchants judged so far of the cycle's total. */
export function reportEvaluationProgress(cycle: string, done: number, total: number): void {
  if (!enabled) return;
  judged.set({ cycle }, done);
  toJudge.set({ cycle }, total);
}
