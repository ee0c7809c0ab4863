import type { EntityData, MikroORM } from '@mikro-orm/postgresql';
import { oneByKey, type Batch, type HubContext } from '../../../context';
import type { SchemeCycle } from '../../../credit-engine';
import { prepared } from '../../../db/batch';
import { bulkInsert } from '../../../db/bulk';
import { GraphQLError } from 'graphql';
import { badInput } from '../../../errors';
import type { GraphClient, PartialAnswer } from '../../../graph-client';
import type { CycleEvaluations } from '../../subgraph';
import type { Rules } from '../rules/store';
import { EvaluationRecord, SnapshotRecord } from './entities';
import { reportEvaluationProgress } from '../../../telemetry/metrics';

const PAGE = /* GraphQL */ `
  query EvaluationPage($first: Int!, $after: String, $at: DateTime!) {
    merchantsPage(first: $first, after: $after) {
      nodes {
        uscc
        district
        street
        trade
        kind
        credit(at: $at) {
          score
          grade
          scheme {
            id
            version
          }
          digest
          breakdown {
            code
            points
          }
          measures {
            id
          }
          lists {
            kind
          }
          inspection {
            riskClass
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`;

interface Page {
  merchantsPage: {
    nodes: {
      uscc: string;
      district: string;
      street: string;
      trade: string;
      kind: string;
      credit: null | {
        score: number;
        grade: string;
        scheme: { id: string; version: number };
        digest: string;
        breakdown: { code: string; points: number }[];
        measures: { id: string }[];
        lists: { kind: string }[];
        inspection: { riskClass: string };
      };
    }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

/** The cycle's period: a year (`2026`) or a month (`2026-03`), as the scheme's cycle says. */
export function cyclePeriod(cycle: string, kind: SchemeCycle): { start: Date; end: Date } {
  const yearly = /^(\d{4})$/.exec(cycle);
  const monthly = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(cycle);
  if (kind === 'YEARLY' && yearly) {
    const y = Number(yearly[1]);
    return { start: new Date(Date.UTC(y, 0, 1)), end: new Date(Date.UTC(y + 1, 0, 1)) };
  }
  if (kind === 'MONTHLY' && monthly) {
    const [y, m] = [Number(monthly[1]), Number(monthly[2])];
    return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) };
  }
  throw badInput(`"${cycle}" is not a cycle of this ${kind.toLowerCase()} scheme: write ${kind === 'YEARLY' ? 'YYYY, e.g. 2026' : 'YYYY-MM, e.g. 2026-03'}`, {
    field: 'cycle',
  });
}

/** The cycle `back` cycles before the one `now` is in, named as cyclePeriod reads it. */
function cycleBefore(now: Date, kind: SchemeCycle, back: number): string {
  return kind === 'YEARLY'
    ? String(now.getUTCFullYear() - back)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

/**
 * Centralised evaluation: every merchant walked through the graph (the same path as a live query) and its
 * assessment kept as the cycle's snapshot. Re-running a cycle adds what is missing and changes nothing else.
 */
export class Evaluations implements CycleEvaluations {
  constructor(
    private readonly orm: MikroORM,
    private readonly graph: GraphClient,
    private readonly rules: Rules,
  ) {}

  readonly snapshotOf: Batch<string, SnapshotRecord | null> = async (keys) => {
    const pairs = keys.map((k) => JSON.parse(k) as [string, string]);
    // one statement text for any number of pairs: the merchants' codes and the cycles as two arrays side by side
    const rows = await prepared<EntityData<SnapshotRecord>>(
      this.orm,
      `select s.* from "credit"."snapshot" s join unnest(?::text[], ?::text[]) as k(uscc, cycle) on s.uscc = k.uscc and s.cycle = k.cycle`,
      [pairs.map(([uscc]) => uscc), pairs.map(([, cycle]) => cycle)],
    );
    const em = this.orm.em.fork();
    return oneByKey(
      keys,
      rows.map((r) => em.map(SnapshotRecord, r)),
      (r) => JSON.stringify([r.uscc, r.cycle]),
    );
  };

  async run(cycle: string, ctx: HubContext, onProgress?: (done: number, total: number) => void): Promise<EvaluationRecord> {
    const scheme = await this.rules.creditScheme();
    const { start, end } = cyclePeriod(cycle, scheme.cycle);
    const now = new Date();
    if (start > now) throw badInput(`cycle ${cycle} has not begun`, { field: 'cycle' });
    // the cycle's last moment, or now while it runs; the first run fixes it, so re-runs judge the same date
    const at = new Date(Math.min(end.getTime() - 1000, now.getTime()));
    const conn = this.orm.em.getConnection();
    await bulkInsert(conn, '"credit"."evaluation"', [{ cycle, started_at: now, evaluated_at: at, merchants: 0 }], '(cycle)');
    const evaluation = await this.orm.em.fork().findOneOrFail(EvaluationRecord, { cycle });
    const [{ count }] = await conn.execute<{ count: string }[]>('select count(*) from "credit"."merchant"');
    const total = Number(count);
    reportEvaluationProgress(cycle, 0, total);
    // snapshots kept before lists or risk classes were recorded get them from this run where it judges them alike
    const [{ missing }] = await conn.execute<{ missing: boolean }[]>(
      'select exists (select 1 from "credit"."snapshot" where cycle = ? and (lists is null or risk_class is null)) as missing',
      [cycle],
    );

    // the credit office's own work: judged as a system principal, not traced as someone looking
    const system: HubContext = { ...ctx, internal: 'evaluation' };
    let after: string | null = null;
    let done = 0;
    const unjudged = new Map<string, string>();
    // a page's snapshots are written while the graph judges the next page
    let writing: Promise<void> = Promise.resolve();
    try {
      do {
        const answer: PartialAnswer<Page> = await this.graph.requestPartial<Page>(
          PAGE,
          { first: 500, after, at: evaluation.evaluatedAt.toISOString() },
          system,
        );
        const page: Page = answer.data!;
        // a merchant with a record the judge cannot read stays unjudged; any other failure stops the run (to be run again)
        for (const e of answer.errors) {
          const node =
            e.path?.[0] === 'merchantsPage' && e.path[1] === 'nodes' && typeof e.path[2] === 'number' ? page?.merchantsPage.nodes[e.path[2]] : undefined;
          if (!node || e.extensions?.code !== 'RECORD_INVALID') throw new GraphQLError(e.message, { extensions: e.extensions });
          unjudged.set(node.uscc, e.message);
        }
        const rows = page.merchantsPage.nodes
          .flatMap((n) => (n.credit ? [{ ...n, credit: n.credit }] : []))
          .map((n) => ({
            cycle,
            uscc: n.uscc,
            score: n.credit.score,
            grade: n.credit.grade,
            scheme_id: n.credit.scheme.id,
            scheme_version: n.credit.scheme.version,
            digest: n.credit.digest,
            evaluated_at: evaluation.evaluatedAt,
            district: n.district,
            street: n.street,
            trade: n.trade,
            kind: n.kind,
            violations: `{${n.credit.breakdown
              .filter((b) => b.points < 0)
              .map((b) => b.code)
              .join(',')}}`,
            measures: `{${n.credit.measures.map((m) => m.id).join(',')}}`,
            lists: `{${[...new Set(n.credit.lists.map((l) => l.kind))].sort().join(',')}}`,
            risk_class: n.credit.inspection.riskClass,
          }));
        await writing;
        writing = bulkInsert(conn, '"credit"."snapshot"', rows, '(cycle, uscc)').then(async () => {
          if (missing) await this.fillIn(rows);
          done += rows.length;
          reportEvaluationProgress(cycle, done, total);
          onProgress?.(done, total);
        });
        after = page.merchantsPage.pageInfo.hasNextPage ? page.merchantsPage.pageInfo.endCursor : null;
      } while (after);
      await writing;
    } catch (e) {
      await writing.catch(() => undefined); // the first failure is the one to report
      throw e;
    }

    const [{ merchants }] = await conn.execute<{ merchants: string }[]>('select count(*) as merchants from "credit"."snapshot" where cycle = ?', [cycle]);
    await this.summarize(cycle);
    // a new cycle is unknown to the planner's statistics until analysed: the directory's filters by it would walk it row by row
    await conn.execute('analyze "credit"."snapshot"');
    const reasons = [...unjudged].map(([uscc, reason]) => ({ uscc, reason }));
    await conn.execute('update "credit"."evaluation" set merchants = ?, finished_at = now(), unjudged = ? where cycle = ?', [
      Number(merchants),
      JSON.stringify(reasons),
      cycle,
    ]);
    return this.orm.em.fork().findOneOrFail(EvaluationRecord, { cycle }, { disableIdentityMap: true });
  }

  /**
   * The lists and risk class of stored snapshots that have none (kept before they were recorded), from this run's
   * judgment of the same merchants: only where it judged the same inputs (the same digest), so they are the grade's own.
   */
  private async fillIn(rows: readonly { cycle: string; uscc: string; digest: string; lists: string; risk_class: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.orm.em
      .getConnection()
      .getKnex()
      .raw(
        `update "credit"."snapshot" s set lists = coalesce(s.lists, j.lists), risk_class = coalesce(s.risk_class, j.risk_class)
         from json_populate_recordset(null::"credit"."snapshot", ?::json) j
         where s.cycle = j.cycle and s.uscc = j.uscc and (s.lists is null or s.risk_class is null) and s.digest = j.digest`,
        [JSON.stringify(rows.map(({ cycle, uscc, digest, lists, risk_class }) => ({ cycle, uscc, digest, lists, risk_class })))],
      );
  }

  /** Sums a cycle's snapshots into the dashboards' summaries, replacing the cycle's previous sums in one transaction. */
  async summarize(cycle: string): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      // concurrent runs of one cycle sum one after the other
      await em.execute(`select pg_advisory_xact_lock(hashtext('snapshot summary ' || ?))`, [cycle]);
      await em.execute('delete from "credit"."snapshot_summary" where cycle = ?', [cycle]);
      await em.execute('delete from "credit"."snapshot_tally" where cycle = ?', [cycle]);
      await em.execute(
        `insert into "credit"."snapshot_summary" (cycle, district, street, trade, kind, grade, merchants)
         select cycle, district, street, trade, kind, grade, count(*) from "credit"."snapshot" where cycle = ? group by cycle, district, street, trade, kind, grade`,
        [cycle],
      );
      await em.execute(
        `insert into "credit"."snapshot_tally" (cycle, tally, item, merchants)
         select ?, 'violation', v, count(*) from "credit"."snapshot", unnest(violations) v where cycle = ? group by v
         union all
         select ?, 'measure', m, count(*) from "credit"."snapshot", unnest(measures) m where cycle = ? group by m`,
        [cycle, cycle, cycle, cycle],
      );
    });
  }

  async distribution(cycle: string): Promise<{ grade: string; count: number }[]> {
    const rows = await this.orm.em
      .getConnection()
      .execute<{ grade: string; count: string }[]>('select grade, count(*) from "credit"."snapshot" where cycle = ? group by grade order by grade', [cycle]);
    return rows.map((r) => ({ grade: r.grade, count: Number(r.count) }));
  }

  async recentCycles(back: number): Promise<string[]> {
    const { cycle } = await this.rules.creditScheme();
    const now = new Date();
    return Array.from({ length: back + 1 }, (_, i) => cycleBefore(now, cycle, back - i));
  }

  /** The evaluated cycles, newest first. */
  list(): Promise<EvaluationRecord[]> {
    return this.orm.em.fork().find(EvaluationRecord, {}, { orderBy: { evaluatedAt: 'desc' }, disableIdentityMap: true });
  }
}
