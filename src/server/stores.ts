import type { MikroORM } from '@mikro-orm/postgresql';
import { SUBGRAPH_NAMES, type Config, type SubgraphName } from '../config';
import { openDatabase } from '../db/database';
import { migrate, openSubgraphOrm } from '../db/orm';
import { noGraph } from '../graph-client';
import type { Readiness } from '../http/server';
import type { Logger } from '../logger';
import { SUBGRAPHS } from '../subgraphs';
import { seedDemoCity } from './seed';

export type Stores = Partial<Record<SubgraphName, MikroORM>>;

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

export const closeStores = (orms: Stores) => Promise.all(Object.values(orms).map((o) => o.close()));

/** Ready when every store answers (their migrations were applied when they opened, before the service listened). */
export async function storesReady(orms: Stores): Promise<Readiness> {
  await Promise.all(Object.values(orms).map((orm) => orm.em.getConnection().execute('select 1')));
  return { ready: true, status: 'ready' };
}

/** Withdraws negative information past its retention from the departments' views (at start, and by `npm run retention`). */
export async function applyRetention(orms: Stores, config: Config, log: Logger): Promise<Record<string, number>> {
  const expired: Record<string, number> = {};
  const env = { config, graph: noGraph('retention reads nothing of the graph'), log };
  for (const name of SUBGRAPH_NAMES) {
    const retention = orms[name] && SUBGRAPHS[name].services(orms[name], env).retention;
    if (retention) expired[name] = await retention();
  }
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
    await closeStores(orms);
    await db.stop();
  }
}
