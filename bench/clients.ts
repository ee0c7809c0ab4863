/**
 * The clients' own questions, measured: the approval window's `approvalCheck` (p50/p99 under load, from a
 * second process on loopback: autocannon), and the dashboards' aggregates over 1,000,000 snapshots.
 *   npm run bench:clients        (embedded PostgreSQL, or DATABASE_URL; BENCH_SNAPSHOTS, default 1000000)
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { startHub } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { summarize } from '../src/subgraphs/credit/evaluations';
import { BENCH_ISSUER, benchIssuer } from './issuer';

const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 1_000_000);
const CHECK = 'query ApprovalWindow($u: CreditCode!) { approvalCheck(uscc: $u) { mode reasons warnings commitments { matter status } measures { id } } }';
const DASHBOARD: Record<string, string> = {
  'grades by district': '{ creditStatistics(cycle: "bench", groupBy: [DISTRICT, GRADE]) { district grade count } }',
  'grades by street': '{ creditStatistics(cycle: "bench", groupBy: [DISTRICT, STREET, GRADE]) { street grade count } }',
  'grades by trade': '{ creditStatistics(cycle: "bench", groupBy: [TRADE, GRADE]) { trade grade count } }',
  'top violations': '{ topViolations(cycle: "bench", first: 10) { code count } }',
  'measure counts': '{ measureCounts(cycle: "bench") { id count } }',
};

async function main() {
  const { jwksFile, token } = await benchIssuer();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO_MERCHANTS: process.env.DEMO_MERCHANTS ?? '2000',
    AUTH_JWKS_FILE: jwksFile,
    AUTH_ISSUERS: BENCH_ISSUER,
    CHANGE_FEED: 'off',
    LOG_LEVEL: 'warn',
  });
  const hub = await startHub(config, createLogger('warn'));
  const conn = hub.orms.credit!.em.getConnection();
  try {
    const merchants = await conn.execute<{ uscc: string; district: string; street: string; trade: string; kind: string }[]>('select uscc, district, street, trade, kind from credit.merchant');
    const clerk = await token({ roles: ['approval_clerk'] });
    let i = 0;
    const connections = Number(process.env.BENCH_CONNECTIONS ?? 4);
    const result = await autocannon({
      url: hub.url,
      connections,
      duration: 10,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}` },
          setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify({ query: CHECK, variables: { u: merchants[i++ % merchants.length]!.uscc } }) }),
        },
      ],
    });
    console.log(`approvalCheck, ${connections} connections, 10 s: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);

    // a million snapshots of one cycle, with the city's own dimensions, grades, violations and measures
    await conn.execute(`delete from credit.snapshot where cycle = 'bench'`);
    await conn.execute(
      `insert into credit.snapshot (cycle, uscc, score, grade, scheme_id, scheme_version, digest, evaluated_at, district, street, trade, kind, violations, measures)
       with m as (select array_agg(district) d, array_agg(street) s, array_agg(trade) t, array_agg(kind::text) k, count(*)::int c from credit.merchant)
       select 'bench', lpad(n::text, 18, '0'), 1000 - (n % 7) * 40, (array['A','A','A','B','B','C','D'])[1 + n % 7], 'rizhao-street-shop', 1, md5(n::text) || md5(n::text), now(),
              m.d[1 + n % m.c], m.s[1 + n % m.c], m.t[1 + n % m.c], m.k[1 + n % m.c],
              case when n % 7 >= 3 then array['URB-SAN-0' || (1 + n % 5), 'MKT-PEN-GENERAL'] else '{}'::text[] end,
              case when n % 7 < 3 then array['A-GREEN-CHANNEL', 'A-SUBSIDY'] when n % 7 = 6 then array['D-NO-PROCUREMENT'] else '{}'::text[] end
       from generate_series(1, ?) n, m`,
      [SNAPSHOTS],
    );
    await conn.execute('analyze credit.snapshot');
    const summing = performance.now();
    await summarize(hub.orms.credit!, 'bench');
    console.log(`summing ${SNAPSHOTS.toLocaleString('en')} snapshots at the end of the evaluation: ${(performance.now() - summing).toFixed(0)} ms`);
    const analyst = await token({ roles: ['department_analyst'], department: 'market' });
    for (const [name, query] of Object.entries(DASHBOARD)) {
      const times: number[] = [];
      for (let r = 0; r < 7; r++) {
        const started = performance.now();
        const res = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` }, body: JSON.stringify({ query }) });
        const body = (await res.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`${name} over ${SNAPSHOTS.toLocaleString('en')} snapshots: median ${times[3]!.toFixed(0)} ms (best ${times[0]!.toFixed(0)}, worst ${times[6]!.toFixed(0)})`);
    }
    await conn.execute(`delete from credit.snapshot where cycle = 'bench'`);
    await summarize(hub.orms.credit!, 'bench');
  } finally {
    await hub.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
