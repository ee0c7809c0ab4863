/**
 * `npm run bench`: the hub against what a city would pick instead, in one run on one machine, on the same rows.
 * Builds a benchmark city (BENCH_MERCHANTS, default 100,000), then serves it from separate processes: the hub
 * (all-in-one, production), the hub without graphql-shield, PostGraphile and a bare hand-written-SQL floor, and
 * drives each from this process with autocannon over loopback. Prints one table; writes bench/results/<date>-<merchants>.json.
 *   BENCH_MERCHANTS  merchants in the city (default 100000)
 *   BENCH_SECONDS    seconds of load per throughput scenario (default 10)
 *   DATABASE_URL     a PostgreSQL server to build on (its database credit_hub_bench is replaced); else embedded
 * The dashboards' aggregates are timed over 1,000,000 snapshots: the evaluated cycle's in a city of a million,
 * otherwise a cycle made for them.
 */
import 'reflect-metadata';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { demoMerchant } from '../src/demo/city';
import { DEPARTMENTS } from '../src/catalogue/types';
import { createLogger } from '../src/logger';
import { projectRoot } from '../src/paths';
import { addSnapshots, buildCity, type City } from './city';
import { queryOnce } from '../src/db/database';
import { BENCH_ISSUER, benchIssuer } from './issuer';
import { freePort, memoryKib, percentile } from './measure';

const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const IMPORT_ROWS = 1_000_000;
const BANK = 'bench-bank';
const dist = (file: string) => resolve(projectRoot, 'dist', file);
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString());

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

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** non-2xx answers, socket errors and answers carrying GraphQL errors */
  failures: number;
  /** the server's own CPU time per answer, which a busier machine changes little; the hub's SQL statements per answer */
  cpuMsPerRequest: number;
  statementsPerRequest?: number;
}
interface Server {
  url: string;
  child: ChildProcess;
  /** it answers `statements` with its count of SQL statements */
  counts: boolean;
  stop(): Promise<{ peakRssMiB: number }>;
}

const log = createLogger('warn');
const children = new Set<ChildProcess>();
// a failed run leaves no server behind
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
const say = (line: string) => console.log(line);
const mib = (kib: number) => Math.round(kib / 1024);

/** Starts a server script (built, under dist/, or an absolute path) in its own process and waits for the URL it reports. */
async function serve(script: string, env: Record<string, string>, args: string[] = []): Promise<Server> {
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
    url: message.url,
    child,
    counts: script === 'bench/hub.js',
    stop: async () => {
      const peak = await memoryKib(child.pid!, 'VmHWM');
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
      children.delete(child);
      return { peakRssMiB: mib(peak) };
    },
  };
}

/** Load from this process: `connections` clients, each sending the next request as soon as its answer is in. */
async function load(
  server: Server,
  connections: number,
  seconds: number,
  body: (i: number) => string,
  headers: Record<string, string> = {},
  url = server.url,
): Promise<Load> {
  let i = 0;
  let failed = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections,
      duration,
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
    });
  await run(Math.min(3, seconds)); // warm: JIT, plan caches, pools
  failed = 0;
  const before = await counters(server);
  const r = await run(seconds);
  const after = await counters(server);
  const per = (k: keyof Counters) => Math.round(((after[k] - before[k]) / r.requests.total) * 100) / 100;
  return {
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: failed + r.non2xx + r.errors,
    cpuMsPerRequest: per('cpuMs'),
    statementsPerRequest: server.counts ? per('statements') : undefined,
  };
}

async function post<T>(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ ms: number; body: T }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
  const body = (await res.json()) as T & { errors?: unknown };
  if (!res.ok || body.errors) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { ms: performance.now() - started, body };
}

interface Counters {
  statements: number;
  cpuMs: number;
}
/** The server's CPU time so far (from /proc), and for the hub the SQL statements it has sent (it counts them itself). */
async function counters(server: Server): Promise<Counters> {
  const stat = (await readFile(`/proc/${server.child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const cpuMs = ((Number(stat[11]) + Number(stat[12])) * 1000) / CLOCK_TICKS;
  if (!server.counts) return { statements: NaN, cpuMs };
  server.child.send('statements');
  const [m] = (await once(server.child, 'message')) as [{ statements: number }];
  return { statements: m.statements, cpuMs };
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
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(resolve(projectRoot, '.data/bench'), 54_340, log);
  const server = new URL(process.env.DATABASE_URL ?? embedded!.url('postgres'));
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

    const hubRun = async (policy: boolean) => {
      const hub = await serve('bench/hub.js', env, policy ? [] : ['--no-policy']);
      const out: Record<string, unknown> = {};
      // the answers are checked once before they are timed
      const sampleAnswer = await post<{ data: { merchant: Record<string, unknown[]> } }>(hub.url, JSON.parse(hubProfile(true)(0)), admin);
      out.profileEvents = DEPARTMENTS.reduce((n, d) => n + sampleAnswer.body.data.merchant[`${d}Events`]!.length, 0);
      out.profile = await load(hub, CONNECTIONS, SECONDS, hubProfile(true), admin);
      out.profileData = await load(hub, CONNECTIONS, SECONDS, hubProfile(false), admin);
      const batch = async (n: number, runs: number) => {
        const variables = { usccs: usccs.slice(0, n) };
        for (let w = 0; w < 3; w++) await post(hub.url, { query: BANK_BATCH, variables }, bank);
        const times: number[] = [];
        const before = await counters(hub);
        for (let r = 0; r < runs; r++) times.push((await post(hub.url, { query: BANK_BATCH, variables }, bank)).ms);
        const after = await counters(hub);
        return {
          p50: Math.round(percentile(times, 50)),
          p99: Math.round(percentile(times, 99)),
          statements: (after.statements - before.statements) / runs,
          cpuMs: Math.round((after.cpuMs - before.cpuMs) / runs),
        };
      };
      out.bank1000 = await batch(1000, 15);
      out.bank10 = await batch(10, 15);
      if (policy) {
        out.approvalCheck = await load(hub, 4, SECONDS, (i) => JSON.stringify({ query: APPROVAL_CHECK, variables: { u: usccs[i % usccs.length] } }), clerk);
        const aggregates: Record<string, number> = {};
        for (const [name, q] of Object.entries(AGGREGATES(million))) {
          const times: number[] = [];
          for (let r = 0; r < 9; r++) times.push((await post(hub.url, { query: q }, analyst)).ms);
          aggregates[name] = Math.round(percentile(times, 50) * 10) / 10;
        }
        out.dashboard = aggregates;
      }
      out.peakRssMiB = (await hub.stop()).peakRssMiB;
      return out;
    };
    say('the hub, with its policy');
    const hub = await hubRun(true);
    say('the hub without graphql-shield');
    const bare = await hubRun(false);

    say('PostGraphile');
    const peer = await serve(join(PEERS, 'postgraphile.mjs'), env);
    const peerBody = (i: number) => JSON.stringify({ query: PEER_PROFILE, variables: { u: usccs[i % usccs.length] } });
    const peerAnswer = await post<{ data: { merchantByUscc: Record<string, { nodes: unknown[] }> } }>(peer.url, JSON.parse(peerBody(0)));
    const peerEvents = DEPARTMENTS.reduce((n, d) => n + peerAnswer.body.data.merchantByUscc[`${d}Events`]!.nodes.length, 0);
    const postgraphile = {
      profileEvents: peerEvents,
      profileData: await load(peer, CONNECTIONS, SECONDS, peerBody),
      peakRssMiB: (await peer.stop()).peakRssMiB,
    };

    say('the floor: hand-written SQL behind node:http');
    const floorServer = await serve('bench/peers/floor.js', env);
    const floorBody = (i: number) => JSON.stringify({ uscc: usccs[i % usccs.length] });
    const floor = {
      profile: await load(floorServer, CONNECTIONS, SECONDS, floorBody, {}, `${floorServer.url}?credit`),
      profileData: await load(floorServer, CONNECTIONS, SECONDS, floorBody),
      peakRssMiB: (await floorServer.stop()).peakRssMiB,
    };
    if (peerEvents !== hub.profileEvents) throw new Error(`PostGraphile served ${peerEvents} events of the first merchant, the hub ${hub.profileEvents}`);
    Object.assign(results, { hub, hubWithoutShield: bare, postgraphile, floor });

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

interface Results {
  city: City;
  evaluation: { merchants: number; seconds: number; perSecond: number; peakRssMiB: number };
  hub: Record<string, any>;
  hubWithoutShield: Record<string, any>;
  postgraphile: Record<string, any>;
  floor: Record<string, any>;
  import: { rows: number; perSecond: number; peakRssMiB: number };
  machine: { cores: number };
}

function report(r: Results) {
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const l = (v: Load) => `${v.rps} req/s, p50 ${v.p50} / p99 ${v.p99} ms, ${v.cpuMsPerRequest} ms CPU each${v.failures ? `, ${v.failures} FAILED` : ''}`;
  const rows: [string, string, string][] = [
    [
      'profile with credit, 32 conn.',
      l(r.hub.profile),
      `without shield: ${l(r.hubWithoutShield.profile)}; floor: ${l(r.floor.profile)}; hub/floor ${x(r.hub.profile.rps, r.floor.profile.rps)}`,
    ],
    [
      'profile, data only, 32 conn.',
      l(r.hub.profileData),
      `PostGraphile: ${l(r.postgraphile.profileData)}; floor: ${l(r.floor.profileData)}; hub/PostGraphile ${x(r.hub.profileData.rps, r.postgraphile.profileData.rps)}, hub/floor ${x(r.hub.profileData.rps, r.floor.profileData.rps)}`,
    ],
    [
      'bank batch of 1,000',
      `p50 ${r.hub.bank1000.p50} / p99 ${r.hub.bank1000.p99} ms, ${r.hub.bank1000.cpuMs} ms CPU, ${r.hub.bank1000.statements} statements`,
      `without shield: p50 ${r.hubWithoutShield.bank1000.p50} ms, ${r.hubWithoutShield.bank1000.cpuMs} ms CPU; batch of 10: ${r.hub.bank10.statements} statements`,
    ],
    ['approval check, 4 conn.', l(r.hub.approvalCheck), ''],
    [
      'evaluation',
      `${r.evaluation.perSecond} merchants/s, peak RSS ${r.evaluation.peakRssMiB} MiB`,
      `${r.evaluation.merchants.toLocaleString('en')} merchants in ${r.evaluation.seconds.toFixed(0)} s`,
    ],
    [
      'dashboard, 1,000,000 snapshots',
      Object.entries(r.hub.dashboard as Record<string, number>)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', '),
      '',
    ],
    ['bulk import of 1,000,000 rows', `${r.import.perSecond} rows/s, peak RSS ${r.import.peakRssMiB} MiB`, ''],
  ];
  say(`\n${r.city.merchants.toLocaleString('en')} merchants, ${r.city.recordsPerMerchant.toFixed(1)} records each; ${r.machine.cores} cores`);
  for (const [name, hub, peers] of rows) say(`${name.padEnd(30)} ${hub}${peers ? `\n${''.padEnd(30)}   ${peers}` : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
