/**
 * `npm run bench`: the hub against what a city would pick instead, in one run on one machine, on the same rows.
 * Builds a benchmark city, then serves it from separate processes side by side: the hub (all-in-one,
 * production), the hub without graphql-shield, PostGraphile and a bare hand-written-SQL floor. autocannon drives
 * them from this process over loopback in rounds (each variant a short slice per round), and every slice is
 * metered: the server's CPU and its PostgreSQL backends' CPU from /proc, PostgreSQL's count of statements.
 * Prints one table; writes bench/results/<date>-<merchants>.json.
 *   BENCH_MERCHANTS       merchants in the city (default 100000; `npm run bench:million` builds a million)
 *   BENCH_ROUNDS          rounds after the warming-up round (default 6)
 *   BENCH_SLICE_SECONDS   seconds of load per variant per round (default 5)
 *   DATABASE_URL          a PostgreSQL server to build on (its database credit_hub_bench is replaced); else embedded
 * The dashboards' aggregates are timed over 1,000,000 snapshots: the evaluated cycle's in a city of a million,
 * otherwise a cycle made for them.
 */
import 'reflect-metadata';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { demoMerchant } from '../src/demo/city';
import { DEPARTMENTS } from '../src/catalogue/types';
import { SUBGRAPH_NAMES } from '../src/config';
import { createLogger } from '../src/logger';
import { projectRoot } from '../src/paths';
import { addSnapshots, buildCity, type City } from './city';
import { queryOnce } from '../src/db/database';
import { BENCH_ISSUER, benchIssuer } from './issuer';
import { freePort, memoryKib, percentile } from './measure';
import { cpuBetween, postgresMeter, processCpu, type PostgresMeter } from './meter';
import { interleave, summarize, type Slice, type Summary } from './rounds';

const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 5);
const CONNECTIONS = 32;
/** a bank's batch is timed this many times per round */
const BATCHES_PER_SLICE = 3;
const IMPORT_ROWS = 1_000_000;
const BANK = 'bench-bank';
const dist = (file: string) => resolve(projectRoot, 'dist', file);
/** the servers run side by side: PostgreSQL takes the pools of both hubs' subgraphs and of the two peers at once, and the meter's */
const POOL = Number(process.env.DB_POOL_MAX ?? 10);
const DATABASE_CONNECTIONS = (2 * SUBGRAPH_NAMES.length + 2) * POOL + 1;

const EVENT = 'id code occurredAt status summary';
const DIRECTORY = 'uscc name kind trade district street address registeredAt';
const PROFILE = (credit: boolean) =>
  `query Profile($u: CreditCode!) { merchant(uscc: $u) { ${DIRECTORY} ${DEPARTMENTS.map((d) => `${d}Events { ${EVENT} }`).join(' ')}${credit ? ' credit { score grade approval { mode } loan { eligible } }' : ''} } }`;
const PEER_PROFILE = `query Profile($u: String!) { merchantByUscc(uscc: $u) { ${DIRECTORY} ${DEPARTMENTS.map((d) => `${d}Events(orderBy: [OCCURRED_AT_DESC, PRIMARY_KEY_ASC]) { nodes { ${EVENT} } }`).join(' ')} } }`;
const BANK_BATCH =
  'query LoanPreCheck($usccs: [CreditCode!]!) { merchants(usccs: $usccs) { uscc name credit { grade score loan { eligible priority tier reasons } } } }';
const APPROVAL_CHECK =
  'query ApprovalWindow($u: CreditCode!) { approvalCheck(uscc: $u) { mode reasons warnings commitments { matter status } measures { id } } }';
const AGGREGATES = (cycle: string): Record<string, string> => ({
  'grades by district': `{ creditStatistics(cycle: "${cycle}", groupBy: [DISTRICT, GRADE]) { district grade count } }`,
  'grades by street': `{ creditStatistics(cycle: "${cycle}", groupBy: [DISTRICT, STREET, GRADE]) { street grade count } }`,
  'top violations': `{ topViolations(cycle: "${cycle}", first: 10) { code count } }`,
  'measure counts': `{ measureCounts(cycle: "${cycle}") { id count } }`,
});

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<{ peakRssMiB: number }>;
}
/** What the clients saw of one slice; the meter adds what it cost. */
type Work = Pick<Slice, 'answers' | 'seconds' | 'latencies' | 'failures'>;
/** A server under one scenario: one slice of it per round. */
interface Variant {
  scenario: string;
  server: Server;
  run(): Promise<Work>;
}

const log = createLogger('warn');
const children = new Set<ChildProcess>();
// a failed run leaves no server behind
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
const say = (line: string) => console.log(line);
const mib = (kib: number) => Math.round(kib / 1024);

/** Starts a server script (built, under dist/, or an absolute path) in its own process and waits for the URL it reports. */
async function serve(name: string, script: string, env: Record<string, string>, args: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = fork(isAbsolute(script) ? script : dist(script), args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => Promise.reject(new Error(`${script} exited before it listened`))),
  ])) as [{ url: string }];
  return {
    name,
    url: message.url,
    child,
    stop: async () => {
      const peak = await memoryKib(child.pid!, 'VmHWM');
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
      children.delete(child);
      return { peakRssMiB: mib(peak) };
    },
  };
}

/** A slice of load from this process: `connections` clients, each sending the next request as soon as its answer is in. */
function load(url: string, connections: number, body: (i: number) => string, headers: Record<string, string> = {}): () => Promise<Work> {
  let i = 0;
  return async () => {
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    const r = await new Promise<autocannon.Result>((done, fail) =>
      autocannon(
        {
          url,
          connections,
          duration: SLICE_SECONDS,
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              setupRequest: (req: autocannon.Request) => ({ ...req, body: body(i++) }),
              onResponse: (status: number, text: string) => {
                if (status !== 200 || text.includes('"errors"')) failed++;
              },
            },
          ],
        },
        (e, result) => (e ? fail(e) : done(result)),
      ).on('response', (_client, _status, _bytes, ms) => latencies.push(ms)),
    );
    return { answers: latencies.length, seconds: (performance.now() - started) / 1000, latencies, failures: failed + r.errors };
  };
}

/** A slice of one client sending the same request `times` times, each when the last is answered. */
function repeat(url: string, payload: unknown, headers: Record<string, string>, times: number): () => Promise<Work> {
  return async () => {
    const started = performance.now();
    const latencies: number[] = [];
    for (let r = 0; r < times; r++) latencies.push((await post(url, payload, headers)).ms);
    return { answers: times, seconds: (performance.now() - started) / 1000, latencies, failures: 0 };
  };
}

async function post<T>(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ ms: number; body: T }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
  const body = (await res.json()) as T & { errors?: unknown };
  if (!res.ok || body.errors) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { ms: performance.now() - started, body };
}

/**
 * Runs the variants in rounds and meters every slice: between two readings taken around it, the CPU its server
 * used, the CPU of PostgreSQL's backends serving the benchmark's database, and the statements PostgreSQL ran.
 * Results by scenario, then by server.
 */
async function rounds(variants: Variant[], servers: Server[], meter: PostgresMeter): Promise<Record<string, Record<string, Summary>>> {
  const reading = async () => ({
    postgres: await meter.read(),
    servers: new Map(await Promise.all(servers.map(async (s) => [s, (await processCpu(s.child.pid!))!.cpuMs] as const))),
  });
  const byName = new Map(variants.map((v) => [`${v.scenario}: ${v.server.name}`, v]));
  let last = await reading();
  const slices = await interleave([...byName.keys()], ROUNDS, async (name) => {
    const variant = byName.get(name)!;
    const work = await variant.run();
    const now = await reading();
    const slice: Slice = {
      ...work,
      serverCpuMs: now.servers.get(variant.server)! - last.servers.get(variant.server)!,
      postgresCpuMs: now.postgres.backends.size ? cpuBetween(last.postgres.backends, now.postgres.backends) : null,
      statements: now.postgres.statements - last.postgres.statements,
    };
    last = now;
    return slice;
  });
  const out: Record<string, Record<string, Summary>> = {};
  for (const [name, variant] of byName) (out[variant.scenario] ??= {})[variant.server.name] = summarize(slices.get(name)!);
  return out;
}

/** A command of the hub's CLI, timed, with its peak RSS. */
async function command(args: string[], env: Record<string, string>): Promise<{ seconds: number; peakRssMiB: number; output: string }> {
  const started = performance.now();
  const child = fork(dist('src/main.js'), args, {
    env: { ...process.env, ...env },
    execArgv: ['-r', dist('bench/probe.js')],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`${args.join(' ')} failed:\n${output.slice(-2000)}`);
  const rss = Number(/bench:max-rss-kib=(\d+)/.exec(output)?.[1] ?? 0);
  return { seconds: (performance.now() - started) / 1000, peakRssMiB: mib(rss), output };
}

/** PostGraphile, the peer the hub is compared with, is a package of its own: the hub's install does not carry it. */
const PEERS = resolve(projectRoot, 'bench/peers');

/** Installs the peers from their lockfile the first time the benchmark runs (and when their pinned version changed). */
function installPeers() {
  const read = (file: string) =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string; dependencies?: Record<string, string> }) : {};
  const wanted = read(join(PEERS, 'package.json')).dependencies?.postgraphile;
  if (read(join(PEERS, 'node_modules/postgraphile/package.json')).version === wanted) return;
  say(`installing the benchmark's peers (PostGraphile ${wanted}) into bench/peers/node_modules`);
  // their engine warnings (PostGraphile asks for Node 22; the one thing it lacks on Node 20 is supplied) are not the reader's concern
  execFileSync('npm', ['ci', '--prefix', PEERS, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
}

async function main() {
  installPeers();
  // pg_stat_statements counts the statements of the embedded server (a server given by DATABASE_URL is counted as it is configured)
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(resolve(projectRoot, '.data/bench'), 54_340, log, {
        settings: { shared_preload_libraries: 'pg_stat_statements', max_connections: String(DATABASE_CONNECTIONS + 20) },
      });
  const server = new URL(process.env.DATABASE_URL ?? embedded!.url('postgres'));
  await roomFor(DATABASE_CONNECTIONS, server.toString());
  server.pathname = '/credit_hub_bench';
  const databaseUrl = server.toString();
  const results: Record<string, unknown> = {};
  try {
    say(`building a city of ${MERCHANTS.toLocaleString('en')} merchants ${embedded ? 'on the embedded PostgreSQL' : 'on DATABASE_URL'}`);
    const city: City = await buildCity(databaseUrl, MERCHANTS, BANK, log);
    say(
      `built in ${city.seconds.toFixed(0)} s: ${city.recordsPerMerchant.toFixed(1)} department records per merchant, ${city.eventsPerMerchant.toFixed(1)} of them credit events`,
    );
    results.city = city;

    const issuer = await benchIssuer();
    const token = async (claims: Record<string, unknown>) => `Bearer ${await issuer.token(claims, '4h')}`;
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      AUTH_JWKS_FILE: issuer.jwksFile,
      AUTH_ISSUERS: BENCH_ISSUER,
      CHANGE_FEED: 'off',
      DEMO_MERCHANTS: '0',
      LOG_LEVEL: 'warn',
    };
    const admin = { authorization: await token({ roles: ['admin'] }) };
    const bank = { authorization: await token({ roles: ['bank_officer'], org: BANK, purpose: 'LOAN_REVIEW' }) };
    const clerk = { authorization: await token({ roles: ['approval_clerk'] }) };
    const analyst = { authorization: await token({ roles: ['department_analyst'], department: 'market' }) };

    // the same merchants, in the same random order, for every server
    const sample = (n: number) =>
      Array.from({ length: n }, (_, i) => demoMerchant((i * 7919) % MERCHANTS, Number(process.env.DEMO_SEED ?? 20260401), new Date()).uscc);
    const usccs = sample(Math.min(MERCHANTS, 10_000));
    const hubProfile = (credit: boolean) => (i: number) => JSON.stringify({ query: PROFILE(credit), variables: { u: usccs[i % usccs.length] } });
    const peerProfile = (i: number) => JSON.stringify({ query: PEER_PROFILE, variables: { u: usccs[i % usccs.length] } });
    const floorProfile = (i: number) => JSON.stringify({ uscc: usccs[i % usccs.length] });

    // 4. evaluation: the whole city, through the graph, as `npm run evaluate` does it
    const cycle = String(new Date().getUTCFullYear());
    const evaluation = await command(['evaluate', cycle], env);
    results.evaluation = {
      merchants: MERCHANTS,
      seconds: evaluation.seconds,
      perSecond: Math.round(MERCHANTS / evaluation.seconds),
      peakRssMiB: evaluation.peakRssMiB,
    };
    say(`evaluation: ${MERCHANTS.toLocaleString('en')} merchants in ${evaluation.seconds.toFixed(1)} s, peak RSS ${evaluation.peakRssMiB} MiB`);

    // 5. the dashboards read per-cycle sums; at a million snapshots, whatever the city's size
    const million = MERCHANTS >= 1_000_000 ? cycle : 'bench-million';
    if (million !== cycle) await addSnapshots(databaseUrl, million, 1_000_000, log);

    say('serving the city side by side: the hub, the hub without graphql-shield, PostGraphile, the floor');
    const hub = await serve('hub', 'bench/hub.js', env);
    const bare = await serve('hubWithoutShield', 'bench/hub.js', env, ['--no-policy']);
    const peer = await serve('postgraphile', join(PEERS, 'postgraphile.mjs'), env);
    const floor = await serve('floor', 'bench/peers/floor.js', env);
    const servers = [hub, bare, peer, floor];

    // the answers are checked once before they are timed
    const hubAnswer = await post<{ data: { merchant: Record<string, unknown[]> } }>(hub.url, JSON.parse(hubProfile(true)(0)), admin);
    const hubEvents = DEPARTMENTS.reduce((n, d) => n + hubAnswer.body.data.merchant[`${d}Events`]!.length, 0);
    const peerAnswer = await post<{ data: { merchantByUscc: Record<string, { nodes: unknown[] }> } }>(peer.url, JSON.parse(peerProfile(0)));
    const peerEvents = DEPARTMENTS.reduce((n, d) => n + peerAnswer.body.data.merchantByUscc[`${d}Events`]!.nodes.length, 0);
    if (peerEvents !== hubEvents) throw new Error(`PostGraphile served ${peerEvents} events of the first merchant, the hub ${hubEvents}`);

    const batch = (n: number) => ({ query: BANK_BATCH, variables: { usccs: usccs.slice(0, n) } });
    const variants: Variant[] = [
      ...[hub, bare].flatMap((s) => [
        { scenario: 'profile', server: s, run: load(s.url, CONNECTIONS, hubProfile(true), admin) },
        { scenario: 'profileData', server: s, run: load(s.url, CONNECTIONS, hubProfile(false), admin) },
        { scenario: 'bank1000', server: s, run: repeat(s.url, batch(1000), bank, BATCHES_PER_SLICE) },
      ]),
      { scenario: 'bank10', server: hub, run: repeat(hub.url, batch(10), bank, BATCHES_PER_SLICE) },
      {
        scenario: 'approvalCheck',
        server: hub,
        run: load(hub.url, 4, (i) => JSON.stringify({ query: APPROVAL_CHECK, variables: { u: usccs[i % usccs.length] } }), clerk),
      },
      { scenario: 'profileData', server: peer, run: load(peer.url, CONNECTIONS, peerProfile) },
      { scenario: 'profile', server: floor, run: load(`${floor.url}?credit`, CONNECTIONS, floorProfile) },
      { scenario: 'profileData', server: floor, run: load(floor.url, CONNECTIONS, floorProfile) },
    ];
    const meter = await postgresMeter(databaseUrl);
    say(`${variants.length} variants, ${ROUNDS} rounds of ${SLICE_SECONDS} s slices after a warming-up round; statements from ${meter.source}`);
    try {
      Object.assign(results, await rounds(variants, servers, meter));
      results.method = { rounds: ROUNDS, sliceSeconds: SLICE_SECONDS, statements: meter.source };
    } finally {
      await meter.close();
    }
    results.profileEvents = hubEvents;

    const dashboard: Record<string, number> = {};
    for (const [name, q] of Object.entries(AGGREGATES(million))) {
      const times: number[] = [];
      for (let r = 0; r < 9; r++) times.push((await post(hub.url, { query: q }, analyst)).ms);
      dashboard[name] = Math.round(percentile(times, 50) * 10) / 10;
    }
    results.dashboard = dashboard;
    results.peakRssMiB = Object.fromEntries(await Promise.all(servers.map(async (s) => [s.name, (await s.stop()).peakRssMiB] as const)));

    // 6. bulk import: a department's export of 1,000,000 rows about the city's merchants
    const file = join(tmpdir(), `credit-hub-bench-import-${process.pid}.csv`);
    await writeImportFile(
      file,
      (await queryOnce<{ uscc: string }>(databaseUrl, 'select uscc from credit.merchant')).map((m) => m.uscc),
    );
    const imported = await command(['import', 'market', file], env);
    results.import = { rows: IMPORT_ROWS, seconds: imported.seconds, perSecond: Math.round(IMPORT_ROWS / imported.seconds), peakRssMiB: imported.peakRssMiB };

    results.machine = {
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: (await queryOnce<{ v: string }>(databaseUrl, "select current_setting('server_version') as v"))[0]!.v,
    };
    results.date = new Date().toISOString();
    report(results as unknown as Results);
    await mkdir(resolve(projectRoot, 'bench/results'), { recursive: true });
    const out = resolve(projectRoot, `bench/results/${new Date().toISOString().slice(0, 10)}-${MERCHANTS}.json`);
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
    say(`\nwritten to ${out.slice(projectRoot.length + 1)}`);
  } finally {
    await embedded?.stop();
  }
}

/** Fails before the long work when the PostgreSQL server cannot take `connections` more. */
async function roomFor(connections: number, url: string): Promise<void> {
  const [{ free }] = await queryOnce<{ free: number }>(
    url,
    `select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
            - (select count(*) from pg_stat_activity where backend_type = 'client backend')::int as free`,
  );
  if (free < connections)
    throw new Error(
      `PostgreSQL takes ${free} more connections; the servers side by side need up to ${connections} (${POOL} per pool): raise its max_connections or lower DB_POOL_MAX`,
    );
}

/** Market supervision's export: new inspections and honours of known merchants, one per row. */
async function writeImportFile(file: string, usccs: string[]): Promise<void> {
  const out = createWriteStream(file);
  out.write('uscc,code,occurredAt,sourceRecordId,summary\n');
  const codes = ['MKT-PEN-MINOR', 'MKT-POS-MODEL', 'MKT-INS-RANDOM'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const at = new Date(Date.UTC(2025, 0, 1) + (i % 300) * 86_400_000).toISOString();
    if (!out.write(`${usccs[i % usccs.length]},${codes[i % codes.length]},${at},BENCH-IMPORT-${i},bench import row ${i}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

type ByServer = Record<string, Summary>;
interface Results {
  city: City;
  evaluation: { merchants: number; seconds: number; perSecond: number; peakRssMiB: number };
  profile: ByServer;
  profileData: ByServer;
  bank1000: ByServer;
  bank10: ByServer;
  approvalCheck: ByServer;
  dashboard: Record<string, number>;
  method: { rounds: number; sliceSeconds: number; statements: string };
  import: { rows: number; perSecond: number; peakRssMiB: number };
  machine: { cores: number };
}

function report(r: Results) {
  const x = (a: Summary, b: Summary) => `${(a.rps / b.rps).toFixed(2)}×`;
  const cpu = (v: Summary) => `CPU ${v.cpuMsPerAnswer.server} ms + PostgreSQL ${v.cpuMsPerAnswer.postgres ?? '?'} ms, ${v.statementsPerAnswer} statements each`;
  const l = (v: Summary) => `${v.rps} req/s, p50 ${v.p50} / p99 ${v.p99} ms, ${cpu(v)}${v.failures ? `, ${v.failures} FAILED` : ''}`;
  const b = (v: Summary) => `p50 ${v.p50} / p99 ${v.p99} ms, ${cpu(v)}`;
  const rows: [string, string, string[]][] = [
    [
      'profile with credit, 32 conn.',
      l(r.profile.hub!),
      [
        `hub with credit/PostGraphile without: ${x(r.profile.hub!, r.profileData.postgraphile!)}`,
        `without shield: ${l(r.profile.hubWithoutShield!)}`,
        `floor: ${l(r.profile.floor!)}; hub/floor ${x(r.profile.hub!, r.profile.floor!)}`,
      ],
    ],
    [
      'profile, data only, 32 conn.',
      l(r.profileData.hub!),
      [
        `without shield: ${l(r.profileData.hubWithoutShield!)}`,
        `PostGraphile: ${l(r.profileData.postgraphile!)}; hub/PostGraphile ${x(r.profileData.hub!, r.profileData.postgraphile!)}`,
        `floor: ${l(r.profileData.floor!)}; hub/floor ${x(r.profileData.hub!, r.profileData.floor!)}`,
      ],
    ],
    ['bank batch of 1,000', b(r.bank1000.hub!), [`without shield: ${b(r.bank1000.hubWithoutShield!)}`, `batch of 10: ${b(r.bank10.hub!)}`]],
    ['approval check, 4 conn.', l(r.approvalCheck.hub!), []],
    [
      'evaluation',
      `${r.evaluation.perSecond} merchants/s, peak RSS ${r.evaluation.peakRssMiB} MiB`,
      [`${r.evaluation.merchants.toLocaleString('en')} merchants in ${r.evaluation.seconds.toFixed(0)} s`],
    ],
    [
      'dashboard, 1,000,000 snapshots',
      Object.entries(r.dashboard)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', '),
      [],
    ],
    ['bulk import of 1,000,000 rows', `${r.import.perSecond} rows/s, peak RSS ${r.import.peakRssMiB} MiB`, []],
  ];
  say(
    `\n${r.city.merchants.toLocaleString('en')} merchants, ${r.city.recordsPerMerchant.toFixed(1)} records each; ${r.machine.cores} cores; ${r.method.rounds} rounds of ${r.method.sliceSeconds} s; statements from ${r.method.statements}`,
  );
  for (const [name, hub, peers] of rows) say([`${name.padEnd(30)} ${hub}`, ...peers.map((p) => `${''.padEnd(30)}   ${p}`)].join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
