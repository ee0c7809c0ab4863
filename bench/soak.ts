/**
 * A soak: the hub (all-in-one, production mode, its own process) under a mixed load of reads and writes for
 * some minutes, sampled for throughput, errors, the hub's memory and its database connections.
 *   npm run soak -- --minutes 10 [--clients 4] [--every 10]
 * Embedded PostgreSQL under .data/soak (or DATABASE_URL); DEMO_MERCHANTS, default 2000.
 */
import { recordMutation } from '../src/catalogue/types';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { BENCH_ISSUER, benchIssuer } from './issuer';
import { freePort, memoryKib, percentile } from './measure';

const positive = (v: string) => {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('a positive number');
  return n;
};
const options = new Command('soak')
  .option('--minutes <n>', 'how long the load runs', positive, 10)
  .option('--clients <n>', 'concurrent clients', positive, 4)
  .option('--every <seconds>', 'sampling interval', positive, 10)
  .parse()
  .opts<{ minutes: number; clients: number; every: number }>();

const DATA_DIR = resolve('.data/soak');
const PROFILE = `query Profile($u: CreditCode!) { merchant(uscc: $u) { uscc name marketEvents { code } urbanEvents { code } approvalEvents { code }
  financeEvents { code } penalties { decidedAt } commitments { status } credit { grade score breakdown { code points } approval { mode } } } }`;
const CHECK = 'query ApprovalWindow($u: CreditCode!) { approvalCheck(uscc: $u) { mode reasons warnings commitments { matter status } measures { id } } }';
const BATCH = 'query BankBatch($usccs: [CreditCode!]!) { merchants(usccs: $usccs) { uscc name district credit { grade } } }';
const DEPARTMENTS = [
  ['market', 'MKT-PEN-MINOR'],
  ['urban', 'URB-SAN-01'],
  ['approval', 'APR-PMT-LATE'],
  ['finance', 'FIN-TAX-B'],
] as const;
/** the mix: out of 20 requests */
type Kind = 'profile' | 'approvalCheck' | 'write' | 'bankBatch';
const MIX: readonly Kind[] = [...Array<Kind>(8).fill('profile'), ...Array<Kind>(6).fill('approvalCheck'), ...Array<Kind>(5).fill('write'), 'bankBatch'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);

async function main() {
  await mkdir(DATA_DIR, { recursive: true });
  const { jwksFile, token } = await benchIssuer();
  const port = await freePort();
  const pgPort = await freePort();
  const databaseUrl = process.env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${pgPort}/credit_hub`;
  const url = `http://127.0.0.1:${port}/graphql`;
  const logFile = resolve(DATA_DIR, 'hub.log');
  const hub = spawn(process.execPath, [resolve(__dirname, '../src/main.js'), 'start'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR,
      EMBEDDED_PG_PORT: String(pgPort),
      DEMO_MERCHANTS: process.env.DEMO_MERCHANTS ?? '2000',
      AUTH_JWKS_FILE: jwksFile,
      AUTH_ISSUERS: BENCH_ISSUER,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  hub.stdout.pipe(log);
  hub.stderr.pipe(log);
  const hubExit = new Promise<number | null>((r) => hub.once('exit', r));
  const stop = async () => {
    if (hub.exitCode === null) hub.kill('SIGTERM');
    await hubExit;
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  try {
    for (let started = Date.now(); ; await sleep(200)) {
      if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}); see ${logFile}`);
      if (
        await fetch(url.replace(/graphql$/, 'health/ready')).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() - started > 120_000) throw new Error(`the hub was not ready within 2 minutes; see ${logFile}`);
    }
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const usccs = (await db.query<{ uscc: string }>('select uscc from credit.merchant order by uscc')).rows.map((r) => r.uscc);
    if (!usccs.length) throw new Error('no merchants: set DEMO_MERCHANTS, or use a database that has some');
    const tokens = {
      admin: await token({ roles: ['admin'] }),
      clerk: await token({ roles: ['approval_clerk'] }),
      bank: await token({ roles: ['bank_officer'], org: 'soak-bank', purpose: 'LOAN_REVIEW' }),
      ...Object.fromEntries(await Promise.all(DEPARTMENTS.map(async ([d]) => [d, await token({ roles: ['department_officer'], department: d })]))),
    } as Record<string, string>;

    const run = Date.now().toString(36);
    let written = 0;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const request = (kind: Kind): [string, Record<string, unknown>, string] => {
      if (kind === 'profile') return [PROFILE, { u: pick(usccs) }, tokens.admin!];
      if (kind === 'approvalCheck') return [CHECK, { u: pick(usccs) }, tokens.clerk!];
      if (kind === 'bankBatch') {
        const from = Math.floor(Math.random() * Math.max(1, usccs.length - 100));
        return [BATCH, { usccs: usccs.slice(from, from + 100) }, tokens.bank!];
      }
      const [department, code] = pick(DEPARTMENTS);
      const mutation = recordMutation(department);
      const input = {
        uscc: pick(usccs),
        code,
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
        sourceRecordId: `SOAK-${run}-${++written}`,
        summary: 'recorded by the soak',
      };
      return [`mutation($i: RecordEventInput!) { ${mutation}(input: $i) { id } }`, { i: input }, tokens[department]!];
    };

    const counts = Object.fromEntries(MIX.map((k) => [k, { requests: 0, errors: 0, ms: [] as number[] }])) as Record<
      Kind,
      { requests: number; errors: number; ms: number[] }
    >;
    const firstErrors = new Map<string, number>();
    let requests = 0;
    let errors = 0;
    const endAt = Date.now() + options.minutes * 60_000;
    const clients = Array.from({ length: options.clients }, async () => {
      while (Date.now() < endAt) {
        const kind = pick(MIX);
        const [query, variables, bearer] = request(kind);
        const began = performance.now();
        let problem: string | undefined;
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
            body: JSON.stringify({ query, variables }),
          });
          const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
          if (res.status !== 200 || body.errors)
            problem = `${kind}: ${res.status} ${body.errors?.[0]?.extensions?.code ?? ''} ${body.errors?.[0]?.message ?? ''}`;
        } catch (e) {
          problem = `${kind}: ${(e as Error).message}`;
        }
        const c = counts[kind];
        c.requests++;
        c.ms.push(performance.now() - began);
        requests++;
        if (problem) {
          c.errors++;
          errors++;
          firstErrors.set(problem, (firstErrors.get(problem) ?? 0) + 1);
        }
      }
    });

    type Sample = { second: number; rps: number; errors: number; rssMb: number; connections: number };
    const samples: Sample[] = [];
    console.log(`soak: ${options.minutes} min, ${options.clients} clients, ${usccs.length} merchants, hub pid ${hub.pid}, log ${logFile}`);
    console.log('   time   req/s  errors  hub RSS MB  db connections');
    const started = Date.now();
    let last = { at: started, requests: 0, errors: 0 };
    const sampler = setInterval(async () => {
      const now = Date.now();
      const [rss, connections] = await Promise.all([
        memoryKib(hub.pid!, 'VmRSS'),
        db.query<{ n: number }>(`select count(*)::int n from pg_stat_activity where application_name like 'credit-hub:%'`).then((r) => r.rows[0]!.n),
      ]);
      const s = {
        second: Math.round((now - started) / 1000),
        rps: ((requests - last.requests) * 1000) / (now - last.at),
        errors: errors - last.errors,
        rssMb: mb(rss),
        connections,
      };
      samples.push(s);
      last = { at: now, requests, errors };
      console.log(
        `${String(s.second).padStart(6)} s ${s.rps.toFixed(0).padStart(7)} ${String(s.errors).padStart(7)} ${String(s.rssMb).padStart(11)} ${String(s.connections).padStart(15)}`,
      );
    }, options.every * 1000);
    await Promise.all(clients);
    clearInterval(sampler);
    await db.end();

    const seconds = (Date.now() - started) / 1000;
    console.log(`\n${requests} requests in ${seconds.toFixed(0)} s: ${(requests / seconds).toFixed(0)} req/s, ${errors} errors`);
    for (const [kind, c] of Object.entries(counts)) {
      const q = (p: number) => percentile(c.ms, p).toFixed(0);
      console.log(`  ${kind.padEnd(14)} ${String(c.requests).padStart(7)} requests, ${c.errors} errors, p50 ${q(50)} ms, p99 ${q(99)} ms`);
    }
    for (const [problem, n] of firstErrors) console.log(`  ${n} × ${problem.slice(0, 200)}`);
    const third = Math.floor(samples.length / 3);
    if (third > 0) {
      const maxOf = (xs: Sample[]) => Math.max(...xs.map((s) => s.rssMb));
      const middle = maxOf(samples.slice(third, 2 * third));
      const lastThird = maxOf(samples.slice(2 * third));
      const growth = ((lastThird - middle) / middle) * 100;
      // a plateau: the last third's peak within 5 % of the middle third's
      console.log(
        `hub RSS: middle third max ${middle} MB, last third max ${lastThird} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %): ${growth <= 5 ? 'plateaus' : 'still growing'}`,
      );
      console.log(
        `db connections: ${Math.min(...samples.map((s) => s.connections))}–${Math.max(...samples.map((s) => s.connections))} (pool ${process.env.DB_POOL_MAX ?? 10} per subgraph, 5 subgraphs)`,
      );
    }
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
