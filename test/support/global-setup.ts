import { ensureDatabase } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { createLogger } from '../../src/logger';

/**
 * The suite's PostgreSQL server: the one DATABASE_URL names, or an embedded one (the hub's own default).
 * Each test file then creates its own database on it, so files run in parallel without sharing data.
 */
export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    await ensureDatabase(process.env.DATABASE_URL); // fails early, and clearly, when the server is unreachable
    process.env.TEST_PG_URL = process.env.DATABASE_URL;
    return;
  }
  const server = await startEmbeddedPostgres('.data/test', 54339, createLogger('silent'));
  (globalThis as { embeddedPostgres?: typeof server }).embeddedPostgres = server;
  process.env.TEST_PG_URL = server.url('postgres');
}
