/** The benchmark city: the demo generator's merchants and their departments' records, written in streamed batches. */
import { Presets, SingleBar } from 'cli-progress';
import { openStores } from '../src/server/stores';
import { loadConfig, SUBGRAPH_NAMES } from '../src/config';
import { ensureDatabase, queryOnce } from '../src/db/database';
import { seedDemoCity } from '../src/server/seed';
import { noGraph } from '../src/graph-client';
import type { Logger } from '../src/logger';
import { SUBGRAPHS } from '../src/subgraphs';
import { credit } from '../src/subgraphs/credit';

/** The views PostGraphile serves: the directory and the four departments' events, related by credit code. */
export const PEER_VIEWS = `
  drop schema if exists peer cascade;
  create schema peer;
  create view peer.merchant as select uscc, name, kind, trade, district, street, address, registered_at from credit.merchant;
  comment on view peer.merchant is E'@primaryKey uscc';
  ${['market', 'urban', 'approval', 'finance']
    .map(
      (d) => `
  create view peer.${d}_event as select id, uscc, code, occurred_at, ended_at, status, summary from ${d}.credit_event;
  comment on view peer.${d}_event is E'@primaryKey id\\n@foreignKey (uscc) references peer.merchant (uscc)|@fieldName merchant|@foreignFieldName ${d}Events';`,
    )
    .join('')}
`;

export interface City {
  merchants: number;
  /** the departments' records of every kind, per merchant */
  recordsPerMerchant: number;
  /** of which credit events */
  eventsPerMerchant: number;
  seconds: number;
}

/** Drops and rebuilds the database at `url` with `count` merchants; the bank `org` has every merchant's consent. */
export async function buildCity(url: string, count: number, org: string, log: Logger): Promise<City> {
  const started = performance.now();
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await queryOnce(admin.toString(), `drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
  await ensureDatabase(url);
  const config = loadConfig({ ...process.env, DATABASE_URL: url, NODE_ENV: 'production', AUTH_JWKS_FILE: '/dev/null', AUTH_ISSUERS: 'bench' });
  const orms = await openStores(SUBGRAPH_NAMES, url, config, log);
  const bar = new SingleBar({ format: 'building the city {bar} {percentage}% | {value}/{total} merchants | {eta_formatted} left' }, Presets.shades_classic);
  bar.start(count, 0);
  try {
    await seedDemoCity(Object.values(SUBGRAPHS), orms, {
      count,
      seed: config.DEMO_SEED,
      today: new Date(new Date().toISOString().slice(0, 10)),
      batchSize: 2000,
      onProgress: (n) => bar.update(n),
    });
  } finally {
    bar.stop();
    await Promise.all(Object.values(orms).map((o) => o.close()));
  }
  await queryOnce(
    url,
    `${PEER_VIEWS};
    insert into credit.consent (uscc, org, granted_at, until) select uscc, '${org}', now(), now() + interval '1 year' from credit.merchant`,
  );
  await queryOnce(url, 'vacuum analyze');
  const [counts] = await queryOnce<{ records: string; events: string }>(
    url,
    `
    select (select sum(n_live_tup) from pg_stat_user_tables where schemaname in ('market', 'urban', 'approval', 'finance') and relname not in ('mikro_orm_migrations', 'fact_change')) records,
           (select sum(n_live_tup) from pg_stat_user_tables where schemaname in ('market', 'urban', 'approval', 'finance') and relname = 'credit_event') events`,
  );
  return {
    merchants: count,
    recordsPerMerchant: Number(counts!.records) / count,
    eventsPerMerchant: Number(counts!.events) / count,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * A cycle of `count` snapshots drawn from the city's own districts, streets, trades and kinds, with a spread of
 * grades, violations and measures, summed as an evaluation leaves them: the dashboards' million without a
 * million-merchant city.
 */
export async function addSnapshots(url: string, cycle: string, count: number, log: Logger): Promise<void> {
  await queryOnce(
    url,
    `insert into credit.snapshot (cycle, uscc, score, grade, scheme_id, scheme_version, digest, evaluated_at, district, street, trade, kind, violations, measures)
     -- the city's merchants numbered, joined by number (an element of a large text array is found by walking it)
     with m as (select (row_number() over (order by uscc) - 1)::int as i, district, street, trade, kind::text as kind from credit.merchant),
          c as (select count(*)::int as c from credit.merchant)
     select $1, lpad(n::text, 18, '0'), 1000 - (n % 7) * 40, (array['A','A','A','B','B','C','D'])[1 + n % 7], 'rizhao-street-shop', 1, md5(n::text) || md5(n::text), now(),
            m.district, m.street, m.trade, m.kind,
            case when n % 7 >= 3 then array['URB-SAN-0' || (1 + n % 5), 'MKT-PEN-GENERAL'] else '{}'::text[] end,
            case when n % 7 < 3 then array['A-GREEN-CHANNEL', 'A-SUBSIDY'] when n % 7 = 6 then array['D-NO-PROCUREMENT'] else '{}'::text[] end
     from generate_series(1, $2) n cross join c join m on m.i = n % c.c`,
    [cycle, count],
  );
  const config = loadConfig({ ...process.env, DATABASE_URL: url, NODE_ENV: 'production', AUTH_JWKS_FILE: '/dev/null', AUTH_ISSUERS: 'bench' });
  const { credit: orm } = await openStores(['credit'], url, config, log);
  try {
    await credit.services(orm, { config, graph: noGraph('summing snapshots reads no graph'), log }).evaluations.summarize(cycle);
  } finally {
    await orm.close();
  }
}
