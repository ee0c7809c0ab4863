import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureDatabase, queryOnce } from '../../src/db/database';

/** A fresh, empty database on the suite's server; dropped by the returned function. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_PG_URL;
  if (!server) throw new Error('TEST_PG_URL is unset: run the tests through jest (npm test)');
  const url = new URL(server);
  url.pathname = `/hub_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      const admin = new URL(server);
      admin.pathname = '/postgres';
      await queryOnce(admin.toString(), `drop database if exists ${pg.escapeIdentifier(url.pathname.slice(1))} with (force)`);
    },
  };
}
