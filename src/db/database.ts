import pg from 'pg';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { recordedEmbedded, startEmbeddedPostgres } from './embedded';

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'credit_hub';

/**
 * Who opens the database. The hub runs the embedded server and records it under the data directory; a command
 * (migrate, seed, evaluate, import, retention) uses the server a running hub recorded, or starts its own.
 */
export type DatabaseUser = 'hub' | 'command';

/** The configured PostgreSQL server, or the embedded one when DATABASE_URL is unset. */
export async function openDatabase(config: Config, log: Logger, user: DatabaseUser = 'command'): Promise<Database> {
  if (config.DATABASE_URL) {
    await ensureDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const running = await recordedEmbedded(config.DATA_DIR);
  if (running) {
    if (user === 'hub') {
      throw new Error(
        running.hubRunning
          ? `another hub (process ${running.pid}) runs the embedded database of ${config.DATA_DIR} on port ${running.port}: stop it first, or give this one another DATA_DIR or a DATABASE_URL`
          : `a PostgreSQL left running by a hub that is gone (process ${running.pid}) holds ${config.DATA_DIR} on port ${running.port}: stop it (its PID is the first line of ${config.DATA_DIR}/pg/postmaster.pid), then start again`,
      );
    }
    log.info({ port: running.port, hub: running.pid }, "using the running hub's embedded PostgreSQL");
    const url = running.url(EMBEDDED_DATABASE);
    await ensureDatabase(url);
    // the hub's server: the hub stops it
    return { url, embedded: true, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, log, { record: user === 'hub' });
  const url = server.url(EMBEDDED_DATABASE);
  try {
    await ensureDatabase(url);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url, embedded: true, stop: () => server.stop() };
}

/** Creates the database named in the URL when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error(`DATABASE_URL ${redact(url)} names no database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`database unreachable at ${redact(url)}: ${(e as Error).message}`);
  }
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database ${pg.escapeIdentifier(name)}`).catch((e) => {
        if (e.code !== '42P04') throw e; // created meanwhile by a concurrent start
      });
    }
  } finally {
    await client.end();
  }
}

/** Statements on a connection of their own, closed after: for commands, tools and tests, not for requests. */
export async function queryOnce<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text, params);
    // several statements in one text answer with one result each: the last one's rows
    return (Array.isArray(result) ? result.at(-1)! : result).rows as T[];
  } finally {
    await client.end();
  }
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
