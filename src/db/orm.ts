import { readdirSync, existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MikroORM, type EntityClass, type EntitySchema, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import { SUBGRAPH_NAMES, type SubgraphName } from '../config';
import { compiled, projectRoot } from '../paths';
import type { Logger } from '../logger';

/** Where a subgraph's migrations are loaded from: the TypeScript sources under test, the compiled ones at run time. */
const migrationsDir = (name: SubgraphName) => resolve(projectRoot, compiled ? 'dist/migrations' : 'migrations', name);
/** The source folder the migration generator writes into. */
const migrationsSourceDir = (name: SubgraphName) => resolve(projectRoot, 'migrations', name);

function migrationsList(name: SubgraphName): MigrationObject[] {
  const dir = migrationsDir(name);
  if (!existsSync(dir)) return [];
  const ext = compiled ? '.js' : '.ts';
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => {
      const mod = require(resolve(dir, f)) as Record<string, MigrationObject['class']>;
      const cls = Object.values(mod)[0]!;
      return { name: basename(f, ext), class: cls };
    });
}

export interface SubgraphOrmOptions {
  name: SubgraphName;
  entities: (EntityClass<unknown> | EntitySchema)[];
  url: string;
  poolMax: number;
  /** false builds the metadata only (schema printing, no database) */
  connect?: boolean;
  /** where the database driver's own warnings go (a lost connection), instead of the console */
  log?: Logger;
}

/** One MikroORM per subgraph, confined to its own PostgreSQL schema and migration history. */
export async function openSubgraphOrm(o: SubgraphOrmOptions): Promise<MikroORM> {
  const options: Options = {
    clientUrl: o.url,
    schema: o.name,
    entities: o.entities,
    extensions: [Migrator],
    connect: o.connect ?? true,
    pool: { min: 0, max: o.poolMax, idleTimeoutMillis: 30_000 },
    // a database that is away fails requests within seconds (retryable) instead of holding them for knex's default minute
    driverOptions: {
      acquireConnectionTimeout: 10_000,
      connection: { application_name: `credit-hub:${o.name}`, connectionTimeoutMillis: 5_000 },
      ...(o.log && { log: driverLog(o.log.child({ subgraph: o.name })) }),
    },
    discovery: { disableDynamicFileAccess: true, warnWhenNoEntities: false },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    migrations: {
      tableName: `${o.name}.mikro_orm_migrations`,
      path: migrationsSourceDir(o.name),
      migrationsList: migrationsList(o.name),
      emit: 'ts',
      silent: true,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
    },
    schemaGenerator: { ignoreSchema: SUBGRAPH_NAMES.filter((n) => n !== o.name) },
  };
  return MikroORM.init(options);
}

const driverLog = (log: Logger) => ({
  warn: (m: unknown) => log.warn({ driver: String(m) }, 'database driver'),
  error: (m: unknown) => log.warn({ driver: String(m) }, 'database driver'),
  deprecate: (m: unknown) => log.debug({ driver: String(m) }, 'database driver'),
  debug: (m: unknown) => log.debug({ driver: String(m) }, 'database driver'),
});

/** Creates the subgraph's schema and applies its pending migrations. */
export async function migrate(orm: MikroORM, name: SubgraphName): Promise<string[]> {
  await orm.em.getConnection().execute(`create schema if not exists "${name}"`);
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
