import DataLoader from 'dataloader';
import { AuditTrail } from './auth/audit';
import type { RequestIdentity } from './auth/assertion';
import type { ConsentSource } from './auth/consent';
import type { Principal } from './auth/principal';
import type { Logger } from './logger';
import { acrossRequests, type Batch } from './coalesce';

export type { Batch } from './coalesce';

/**
 * The request's DataLoaders, one per batch function, shared by every subgraph the request reaches in-process. Each
 * de-duplicates its own request's keys; their statements carry the keys of every request in flight (`acrossRequests`).
 */
const own = <K, V>(batch: Batch<K, V>) => batch;

export class Loaders {
  private readonly loaders = new Map<Batch<never, unknown>, DataLoader<unknown, unknown>>();
  /** whether each batch's statements are shared with other requests */
  private readonly shared = new Map<Batch<never, unknown>, boolean>();

  /** A key of a batch that does not depend on who asks: read in one statement with other requests' keys. */
  load<K, V>(batch: Batch<K, V>, key: K): Promise<V> {
    return this.loader(batch, acrossRequests).load(key);
  }

  /** A key of a batch that depends on who asks (it reads the request's principal): its statements carry this request's keys only. */
  loadOwn<K, V>(batch: Batch<K, V>, key: K): Promise<V> {
    return this.loader(batch, own).load(key);
  }

  private loader<K, V>(batch: Batch<K, V>, calling: (b: Batch<K, V>) => Batch<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(batch as Batch<never, unknown>) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(calling(batch), { maxBatchSize: 1000 });
      this.loaders.set(batch as Batch<never, unknown>, loader as DataLoader<unknown, unknown>);
      this.shared.set(batch as Batch<never, unknown>, calling !== own);
    } else if (this.shared.get(batch as Batch<never, unknown>) !== (calling !== own)) {
      // a batch that reads who asks must never be joined with other requests' keys: one way of loading per batch
      throw new Error('a batch is loaded both across requests and for one request only');
    }
    return loader;
  }
}

export interface HubContext {
  principal: Principal;
  requestId: string;
  loaders: Loaders;
  log: Logger;
  /** every read of non-public data about a merchant in this request */
  audit: AuditTrail;
  consents: ConsentSource;
  /** the client's network address, for per-client limits */
  client?: string | null;
  /** when the request reached the hub: its reads are recorded at this time wherever they are served */
  startedAt: Date;
  /** the operation's name, for the access log */
  operation?: string | null;
  /** the hub's own work (the change feed, an evaluation), whose reads are not someone looking: only code sets it */
  internal?: string | null;
  /** a fetch that feeds a @requires of the credit office: only it reads the @inaccessible inputs (the judge's facts) */
  forCreditOffice?: boolean;
  /** a request the hub's own code sends through the graph (for its caller, or for its own work): its demand is that code's, not a client's */
  onBehalf?: boolean;
  /** at a department in distributed mode: the merchants of this fetch that consented to the reading bank, as the gateway asserted */
  consented?: readonly string[] | null;
}

/** What else a request brings besides who asks: all optional. */
export type RequestFacts = Pick<HubContext, 'client' | 'operation' | 'internal' | 'forCreditOffice' | 'onBehalf' | 'consented'> & { startedAt?: Date };

/** Orders rows under the keys they belong to: one list per key, empty where nothing matched. */
export function groupByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

/** One row (or null) per key. */
export function oneByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Who is asking in this context, as the gateway asserts it to a subgraph. */
export function identityOf(ctx: HubContext): RequestIdentity {
  return {
    principal: ctx.principal,
    client: ctx.client ?? null,
    requestId: ctx.requestId,
    operation: ctx.operation ?? null,
    startedAt: ctx.startedAt,
    internal: ctx.internal ?? null,
    forCreditOffice: ctx.forCreditOffice ?? false,
    consented: ctx.consented ?? null,
  };
}

/** A request's context: who asks, and the request's own loaders and audit trail. */
export function requestContext(principal: Principal, requestId: string, log: Logger, consents: ConsentSource, facts: RequestFacts = {}): HubContext {
  return {
    ...facts,
    principal,
    requestId,
    loaders: new Loaders(),
    log: log.child({ requestId }),
    audit: new AuditTrail(),
    consents,
    startedAt: facts.startedAt ?? new Date(),
  };
}
