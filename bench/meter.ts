/**
 * What a server and PostgreSQL spend on the benchmark's answers: CPU time from the kernel's own accounting
 * (/proc/<pid>/stat), which a busier machine changes little, and PostgreSQL's count of the statements it ran.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import pg from 'pg';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString());

/** A process's name and the CPU time (user + system, in ms) it has used so far, from the text of its /proc/<pid>/stat. */
export function parseStat(stat: string): { name: string; cpuMs: number } {
  // the name, in parentheses, may itself hold spaces and parentheses: the fields start after the last ')'
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // fields 14 and 15 of proc(5), utime and stime; the list here starts at field 3
  return { name: stat.slice(stat.indexOf('(') + 1, close), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS };
}

/** The process's name and CPU time so far; undefined once it is gone or when it is not on this machine. */
export const processCpu = (pid: number) => readFile(`/proc/${pid}/stat`, 'utf8').then(parseStat, () => undefined);

/** The CPU time each process spent between two readings (pid → ms so far): one that started in between counts whole. */
export function cpuBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

export interface PostgresReading {
  statements: number;
  /** the CPU time so far of each backend serving the database, by pid; empty when PostgreSQL runs on another machine */
  backends: Map<number, number>;
}

/**
 * Reads, for one database, PostgreSQL's statements so far and its backends' CPU. It connects to the server's
 * `postgres` database, so that its own statements and backend are not counted. Statements come from
 * pg_stat_statements when the server preloads it, else from pg_stat_database's transactions (each statement
 * outside a transaction block is one); `source` says which.
 */
export async function postgresMeter(databaseUrl: string) {
  const database = new URL(databaseUrl).pathname.slice(1);
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  const { rows } = await client.query<{ preloaded: boolean }>(
    "select 'pg_stat_statements' = any(string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) as preloaded",
  );
  const source = rows[0]!.preloaded ? ('pg_stat_statements' as const) : ('pg_stat_database transactions' as const);
  if (source === 'pg_stat_statements') await client.query('create extension if not exists pg_stat_statements');
  const count =
    source === 'pg_stat_statements'
      ? 'select coalesce(sum(s.calls), 0)::float8 as n from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1'
      : 'select (xact_commit + xact_rollback)::float8 as n from pg_stat_database where datname = $1';
  return {
    source,
    async read(): Promise<PostgresReading> {
      // what was in flight is finished; and an idle backend reports its transactions to pg_stat_database within 10 s
      await new Promise((r) => setTimeout(r, source === 'pg_stat_statements' ? 1000 : 10_500));
      const [statements, backends] = await Promise.all([
        client.query<{ n: number }>(count, [database]),
        client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]),
      ]);
      const cpu = await Promise.all(backends.rows.map(async ({ pid }) => [pid, await processCpu(pid)] as const));
      return {
        statements: statements.rows[0]!.n,
        // a pid of this machine that is not a postgres process is not the backend: PostgreSQL runs elsewhere
        backends: new Map(cpu.flatMap(([pid, p]) => (p?.name === 'postgres' ? [[pid, p.cpuMs] as const] : []))),
      };
    },
    close: () => client.end(),
  };
}
export type PostgresMeter = Awaited<ReturnType<typeof postgresMeter>>;
