import { isDatabaseAway } from './errors';

/** Loads many keys in one go; answers in key order, an Error in place of a key that failed. */
export type Batch<K, V> = (keys: readonly K[]) => Promise<readonly (V | Error)[]>;

/** Keys enough for one statement: a window that gathers this many is sent at once, and the next keys open another. */
const MAX_KEYS = 5000;

interface Ask<K, V> {
  keys: readonly K[];
  resolve: (values: readonly (V | Error)[]) => void;
  reject: (error: unknown) => void;
}

/**
 * One batch function's work for every request in flight: the keys asked within one window go into one call, each
 * key once, and each request gets back its own keys' values, or Errors. The statement runs in the context of the
 * request that opened the window (its trace shows it).
 *
 * The window lasts until the end of the event loop's current turn (setImmediate), when every answer that came in
 * this turn (the database's, the clients') has been worked on: an idle hub waits for no clock, and the busier it
 * is, the more requests' keys a statement carries. Safe because every request reads with the same database role
 * and session settings, and authorization is in the graph, after the load: a row read for one request is the row
 * any other would read, and nothing is kept once the statement has answered.
 */
class Coalesced<K, V> {
  private asks: Ask<K, V>[] = [];
  private keyCount = 0;
  private window: NodeJS.Immediate | undefined;

  constructor(private readonly batch: Batch<K, V>) {}

  readonly load: Batch<K, V> = (keys) =>
    new Promise((resolve, reject) => {
      this.asks.push({ keys, resolve, reject });
      this.keyCount += keys.length;
      if (this.keyCount >= MAX_KEYS) this.dispatch();
      else this.window ??= setImmediate(() => this.dispatch());
    });

  private dispatch(): void {
    clearImmediate(this.window);
    const asks = this.asks;
    this.asks = [];
    this.keyCount = 0;
    this.window = undefined;
    void this.answer(asks);
  }

  private async answer(asks: readonly Ask<K, V>[]): Promise<void> {
    const keys = [...new Set(asks.flatMap((a) => a.keys))];
    let values: readonly (V | Error)[];
    try {
      values = await this.call(keys);
    } catch (error) {
      // a database that is away fails everyone alike; anything else may be one request's keys: each is tried on its own
      if (asks.length === 1 || isDatabaseAway(error)) asks.forEach((a) => a.reject(error));
      else await Promise.all(asks.map((a) => this.call(a.keys).then(a.resolve, a.reject)));
      return;
    }
    const byKey = new Map(keys.map((k, i) => [k, values[i]!]));
    for (const a of asks) a.resolve(a.keys.map((k) => byKey.get(k)!));
  }

  private async call(keys: readonly K[]): Promise<readonly (V | Error)[]> {
    const values = await this.batch(keys);
    if (values.length !== keys.length) throw new Error(`a batch answered ${values.length} values for ${keys.length} keys`);
    return values;
  }
}

const coalesced = new WeakMap<Batch<never, unknown>, Batch<never, unknown>>();

/**
 * The batch function shared by every request in flight: its keys are read with other requests' in one call. Only
 * for a batch that does not depend on who asks (no principal or request read inside it). Nothing is cached.
 */
export function acrossRequests<K, V>(batch: Batch<K, V>): Batch<K, V> {
  let shared = coalesced.get(batch as Batch<never, unknown>) as Batch<K, V> | undefined;
  if (!shared) {
    shared = new Coalesced(batch).load;
    coalesced.set(batch as Batch<never, unknown>, shared as Batch<never, unknown>);
  }
  return shared;
}
