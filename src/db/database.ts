import pg from 'pg';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedPostgres } from './embedded';

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'credit_hub';

/** The configured PostgreSQL server, or the embedded one when DATABASE_URL is unset. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.DATABASE_URL) {
    await ensureDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, log);
  const url = server.url(EMBEDDED_DATABASE);
  await ensureDatabase(url);
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
