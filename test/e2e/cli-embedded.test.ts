import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, HubProcess, PostgresProcess, runCli } from '../support/processes';
import { postGraphQL } from '../support/hub';
import { queryOnce } from '../../src/db/database';

/** Under the project's .data (the embedded server runs as the "postgres" user, who cannot enter a private temporary folder of root's). */
const ownDataDir = () => `.data/cli-embedded-${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * The command-line tools beside a hub that runs on the embedded PostgreSQL, as `npm start` runs it on a machine
 * without a database server: real processes, a data directory and ports of their own.
 */
describe('the command line beside a hub on the embedded database', () => {
  const dataDir = ownDataDir();
  const record = join(dataDir, 'embedded.json');
  let pgPort: number;
  let hub: HubProcess;
  // DATABASE_URL empty: the embedded database, whatever the suite runs on
  const env = () => ({ NODE_ENV: 'development', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), DATABASE_URL: '', LOG_LEVEL: 'warn' });
  const cli = (args: string[], more: Record<string, string> = {}) => runCli(args, { ...env(), ...more }, 120_000);

  beforeAll(async () => {
    pgPort = await freePort();
    hub = new HubProcess(await freePort(), { NODE_ENV: 'development', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), DEMO_MERCHANTS: '30' });
    await hub.start();
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records the running server for the commands, readable by its owner only', () => {
    expect(statSync(record).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(
      expect.objectContaining({ port: pgPort, user: 'postgres', password: expect.any(String), pid: hub.pid }),
    );
  });

  it('runs migrate, seed, retention, import and evaluate against the running server', async () => {
    const migrate = cli(['migrate']);
    expect([migrate.status, migrate.stderr]).toEqual([0, '']);

    const seed = cli(['seed']);
    expect([seed.status, seed.stderr, seed.stdout.trim()]).toEqual([0, '', 'the database already holds merchants: nothing seeded']);

    const retention = cli(['retention']);
    expect([retention.status, retention.stderr]).toEqual([0, '']);
    expect(retention.stdout).toMatch(/^retention: market \d+, urban \d+, approval \d+, finance \d+ records withdrawn$/m);

    const { data } = await postGraphQL<{ merchantsPage: { nodes: { uscc: string }[] } }>(hub.url, '{ merchantsPage(first: 1) { nodes { uscc } } }');
    const uscc = data!.merchantsPage.nodes[0]!.uscc;
    const file = join(dataDir, 'inspections.csv');
    writeFileSync(file, `uscc,code,occurredAt,sourceRecordId,summary\n${uscc},MKT-INS-RANDOM,2026-01-05T09:00:00Z,BESIDE-HUB-1,routine inspection\n`);
    const imported = cli(['import', 'market', file]);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/written\s+1\n/);

    // no cycle named: the current cycle of the scheme in force (yearly); no terminal: progress as lines
    const evaluated = cli(['evaluate']);
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toMatch(new RegExp(`^cycle ${new Date().getUTCFullYear()}: 30 merchants judged as of `, 'm'));
    expect(evaluated.stderr).toMatch(/^evaluating: 30\/30 merchants \(100 %\), \d+ merchants\/s$/m);
    expect(evaluated.stderr).not.toMatch(/\u001b\[/); // no bar drawn into a pipe

    // the hub went on serving throughout, on the same server the commands wrote to
    const after = await postGraphQL<{ merchantsPage: { totalCount: number } }>(hub.url, '{ merchantsPage(first: 1) { totalCount } }');
    expect(after.data).toEqual({ merchantsPage: { totalCount: 30 } });
    const server = `postgres://postgres:postgres@127.0.0.1:${pgPort}/credit_hub`;
    expect(await queryOnce(server, "select uscc from market.credit_event where source_record_id = 'BESIDE-HUB-1'")).toEqual([{ uscc }]);
    expect(await queryOnce(server, 'select count(*)::int as n from credit.snapshot where cycle = $1', [String(new Date().getUTCFullYear())])).toEqual([
      { n: 30 },
    ]);
    expect(existsSync(record)).toBe(true);
  }, 300_000);

  it('refuses a second hub on the same data directory in one line that says what to do', () => {
    const second = cli(['start'], { PORT: '0', HOST: '127.0.0.1' });
    expect(second.status).toBe(1);
    expect(second.stderr.trim().split('\n')).toEqual([
      `credit-hub: another hub (process ${hub.pid}) runs the embedded database of ${dataDir} on port ${pgPort}: stop it first, or give this one another DATA_DIR or a DATABASE_URL`,
    ]);
  }, 60_000);

  it('removes the record when the hub stops cleanly', async () => {
    await hub.stop('SIGTERM');
    expect(existsSync(record)).toBe(false);
  }, 60_000);
});

describe('a command that cannot start the embedded database', () => {
  it("says PostgreSQL's own reason and what to do, never `undefined`", async () => {
    const dataDir = ownDataDir();
    // a server on the directory that no hub recorded (a command's, a hub's started before records existed)
    const other = new PostgresProcess(dataDir, await freePort());
    await other.start();
    try {
      const out = runCli(
        ['migrate'],
        { NODE_ENV: 'development', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '', LOG_LEVEL: 'warn' },
        60_000,
      );
      expect(out.status).toBe(1);
      const lines = out.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^credit-hub: embedded PostgreSQL did not start on port \d+: FATAL: lock file "postmaster\.pid" already exists .*another PostgreSQL \(PID \d+\) runs on /,
      );
      expect(out.stderr).not.toMatch(/undefined/);
    } finally {
      await other.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a record left by a crash', () => {
  it('is not followed to another server on its port: the command starts its own, and the record goes', async () => {
    const dataDir = ownDataDir();
    mkdirSync(dataDir, { recursive: true });
    // the suite's own server answers on the recorded port, with the recorded login: a server, but not this directory's
    const foreign = new URL(process.env.TEST_PG_URL!);
    const gone = spawnSync('true').pid!;
    const record = join(dataDir, 'embedded.json');
    writeFileSync(
      record,
      JSON.stringify({ port: Number(foreign.port || 5432), user: 'postgres', password: 'postgres', pid: gone, startedAt: new Date().toISOString() }),
    );
    try {
      const out = runCli(
        ['migrate'],
        { NODE_ENV: 'development', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '', LOG_LEVEL: 'info' },
        120_000,
      );
      expect(out.status).toBe(0);
      expect(`${out.stdout}${out.stderr}`).not.toMatch(/using the running hub's embedded PostgreSQL/);
      expect(existsSync(record)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
