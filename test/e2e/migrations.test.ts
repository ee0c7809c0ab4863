import type { MikroORM } from '@mikro-orm/postgresql';
import { openStores } from '../../src/server/stores';
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../../src/config';
import { createLogger } from '../../src/logger';
import { freshDatabase } from '../support/database';

let orms: Record<SubgraphName, MikroORM>;
let drop: () => Promise<void>;
const config = loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '2' });
const log = createLogger('silent');

beforeAll(async () => {
  const db = await freshDatabase();
  drop = db.drop;
  orms = await openStores(SUBGRAPH_NAMES, db.url, config, log);
});
afterAll(async () => {
  await Promise.all(Object.values(orms ?? {}).map((o) => o.close()));
  await drop?.();
});

describe('migrations', () => {
  it.each(SUBGRAPH_NAMES)('bring the %s schema exactly to its entities (run `npm run migration:create` after changing them)', async (name) => {
    expect(await orms[name].getMigrator().checkMigrationNeeded()).toBe(false);
  });

  it('keep every subgraph in its own PostgreSQL schema with its own migration history', async () => {
    const rows = await orms.credit.em
      .getConnection()
      .execute<{ table_schema: string; table_name: string }[]>(
        `select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
      );
    const bySchema = new Map<string, string[]>();
    for (const r of rows) bySchema.set(r.table_schema, [...(bySchema.get(r.table_schema) ?? []), r.table_name]);
    expect([...bySchema.keys()].sort()).toEqual([...SUBGRAPH_NAMES].sort());
    for (const name of SUBGRAPH_NAMES) expect(bySchema.get(name)).toContain('mikro_orm_migrations');
  });

  it('apply nothing twice when the hub starts again', async () => {
    const db = orms.credit.config.get('clientUrl')!;
    const again = await openStores(SUBGRAPH_NAMES, db, config, log);
    try {
      for (const name of SUBGRAPH_NAMES) expect(await again[name].getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await Promise.all(Object.values(again).map((o) => o.close()));
    }
  });
});
