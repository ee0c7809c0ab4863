import { GraphQLError } from 'graphql';
import { DEPARTMENTS } from '../../../catalogue/types';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { PUBLIC } from '../../../auth/principal';
import type { ConsentSource } from '../../../auth/consent';
import { requestContext, type HubContext } from '../../../context';
import { bulkInsert } from '../../../db/bulk';
import type { GraphClient } from '../../../graph-client';
import type { Logger } from '../../../logger';
import { decodeCursor, encodeCursor, isSequencePosition, pageSize } from '../../../pagination';
import { CreditChangeRecord, FeedCursor, FeedProblem, Standing } from './entities';
import { reportFeedRead } from '../../../telemetry/metrics';

const SOURCES = [...DEPARTMENTS, 'credit'] as const;
type Source = (typeof SOURCES)[number];
/** one worker at a time, across processes */
const LOCK = 7_260_401;
const BATCH = 500;

interface Judged {
  uscc: string;
  grade: string;
  measures: string[];
}

interface Change {
  seq: string;
  uscc: string;
  eventId: string;
  code: string;
  /** when the fact was written (its lag) */
  at: Date | string;
}

const FEED = (d: string) => `query FactLog($after: String, $first: Int) { ${d}Changes(after: $after, first: $first) { nodes { seq uscc eventId code at } } }`;
const ASSESS = 'query Standing($usccs: [CreditCode!]!) { merchants(usccs: $usccs) { uscc credit { grade measures { id } } } }';
/** merchants without a standing whose registration the feed has not yet read: they predate the feed (those it could not judge wait for a new fact) */
const UNJUDGED = `select uscc from "credit"."merchant" m
  where not exists (select 1 from "credit"."standing" s where s.uscc = m.uscc)
    and not exists (select 1 from "credit"."feed_problem" p where p.uscc = m.uscc)
    and not exists (select 1 from "credit"."fact_change" f where f.uscc = m.uscc and f.seq > coalesce((select position from "credit"."feed_cursor" where source = 'credit'), 0))
  order by uscc limit ${BATCH}`;

const CAUSE: Record<string, string> = {
  REGISTERED: 'registered in the directory',
  OBJECTION_REVOKED: 'objection decided: record revoked',
  OBJECTION_UPHELD: 'objection decided: record upheld',
  REPAIR_APPROVED: 'repair approved',
};

/**
 * The credit change feed. Follows the four departments' fact logs through the graph (and the credit office's
 * own decisions), re-judges the merchants they touch through the gateway, and records each change of grade or
 * measures once: the changes, the new standings and the advanced cursors commit together.
 */
export class ChangeFeed {
  private baselined = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly graph: GraphClient,
    private readonly consents: ConsentSource,
    private readonly log: Logger,
  ) {}

  private get system(): HubContext {
    return requestContext({ ...PUBLIC, subject: 'change-feed', roles: ['admin'] }, 'change-feed', this.log, this.consents, { internal: 'change-feed' });
  }

  /**
   * One round: returns how many changes it recorded. The graph is read outside any transaction (a transaction's
   * context would follow the calls into the other subgraphs' stores); the writes then commit together, and only
   * if no other worker moved the cursors meanwhile.
   */
  async runOnce(): Promise<number> {
    if (!this.baselined) {
      await this.baseline();
      this.baselined = true;
    }
    const em = this.orm.em.fork();
    const cursors = new Map((await em.find(FeedCursor, {}, { disableIdentityMap: true })).map((c) => [c.source, c.position]));
    const read = await Promise.all(SOURCES.map((s) => this.read(s, cursors.get(s) ?? '0')));
    read.forEach((changes, i) => reportFeedRead(SOURCES[i]!, changes));
    const touched = new Map<string, string[]>();
    read.forEach((changes, i) => {
      for (const c of changes) touched.set(c.uscc, [...(touched.get(c.uscc) ?? []), causeOf(SOURCES[i]!, c)]);
    });
    if (touched.size === 0) return 0;
    const judged = await this.assess([...touched.keys()]);
    return this.orm.em.fork().transactional(async (tx) => {
      const [{ locked }] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [LOCK]);
      const now = new Map((await tx.find(FeedCursor, {})).map((c) => [c.source, c.position]));
      if (!locked || SOURCES.some((s) => (now.get(s) ?? '0') !== (cursors.get(s) ?? '0'))) return 0;
      const recorded = await this.record(tx, judged, touched);
      for (const [i, changes] of read.entries()) {
        if (changes.length) await tx.upsert(FeedCursor, { source: SOURCES[i]!, position: changes.at(-1)!.seq });
      }
      return recorded;
    });
  }

  private async read(source: Source, after: string): Promise<Change[]> {
    if (source === 'credit') {
      const rows = await this.orm.em
        .getConnection()
        .execute<{ seq: string; uscc: string; event_id: string; code: string; at: Date }[]>(
          `select seq, uscc, event_id, code, at from "credit"."fact_change" where seq > ? order by seq limit ${BATCH}`,
          [after],
        );
      return rows.map((r) => ({ seq: String(r.seq), uscc: r.uscc, eventId: r.event_id, code: r.code, at: r.at }));
    }
    const data = await this.graph.request<Record<string, { nodes: Change[] }>>(FEED(source), { after, first: BATCH }, this.system);
    return data[`${source}Changes`]!.nodes;
  }

  /** Merchants judged for the first time enter the feed quietly: their standing is where changes start. */
  private async baseline(): Promise<void> {
    const conn = this.orm.em.getConnection();
    for (;;) {
      const usccs = (await conn.execute<{ uscc: string }[]>(UNJUDGED)).map((r) => r.uscc);
      if (!usccs.length) return;
      const judged = await this.assess(usccs);
      await bulkInsert(
        conn,
        '"credit"."standing"',
        judged.map((j) => ({ uscc: j.uscc, grade: j.grade, measures: j.measures, assessed_at: new Date() })),
        '(uscc)',
      );
    }
  }

  /**
   * Judges the merchants through the graph. One whose record the judge cannot read is passed by, its reason kept in
   * `feed_problem` until it can be judged again, so that one bad row never holds back every other merchant's changes.
   */
  private async assess(usccs: string[]): Promise<Judged[]> {
    const judged: Judged[] = [];
    const problems: FeedProblem[] = [];
    for (let i = 0; i < usccs.length; i += BATCH) {
      const { data, errors } = await this.graph.requestPartial<{
        merchants: ({ uscc: string; credit: { grade: string; measures: { id: string }[] } | null } | null)[];
      }>(ASSESS, { usccs: usccs.slice(i, i + BATCH) }, this.system);
      for (const e of errors) {
        const m = e.path?.[0] === 'merchants' && typeof e.path[1] === 'number' ? data?.merchants[e.path[1]] : undefined;
        if (!m || e.extensions?.code !== 'RECORD_INVALID') throw new GraphQLError(e.message, { extensions: e.extensions });
        problems.push({ uscc: m.uscc, reason: e.message, at: new Date() });
      }
      for (const m of data!.merchants) if (m?.credit) judged.push({ uscc: m.uscc, grade: m.credit.grade, measures: m.credit.measures.map((x) => x.id).sort() });
    }
    const em = this.orm.em.fork();
    if (problems.length) {
      this.log.warn(
        { merchants: problems.map((p) => p.uscc) },
        'change feed: merchants with a record the judge cannot read were passed by (see credit.feed_problem)',
      );
      await em.upsertMany(FeedProblem, problems);
    }
    if (judged.length) await em.nativeDelete(FeedProblem, { uscc: { $in: judged.map((j) => j.uscc) } });
    return judged;
  }

  private async record(em: EntityManager, judged: Judged[], touched: Map<string, string[]>): Promise<number> {
    const standings = new Map((await em.find(Standing, { uscc: { $in: judged.map((j) => j.uscc) } })).map((s) => [s.uscc, s]));
    const standing: Partial<Standing>[] = [];
    for (const j of judged) {
      const before = standings.get(j.uscc);
      const added = j.measures.filter((m) => !before?.measures.includes(m));
      const removed = (before?.measures ?? []).filter((m) => !j.measures.includes(m));
      if (before && before.grade === j.grade && !added.length && !removed.length) continue;
      em.persist(
        em.create(CreditChangeRecord, {
          uscc: j.uscc,
          gradeBefore: before?.grade ?? null,
          gradeAfter: j.grade,
          measuresAdded: added,
          measuresRemoved: removed,
          cause: touched.get(j.uscc)!.join('; '),
        } as CreditChangeRecord),
      );
      standing.push({ uscc: j.uscc, grade: j.grade, measures: j.measures, assessedAt: new Date() });
    }
    // one statement for every merchant whose standing moved, not one each, while the feed's lock is held
    if (standing.length) await em.upsertMany(Standing, standing);
    await em.flush();
    return standing.length;
  }

  /** The feed, in order, after a cursor; `since` null reads from the start. */
  async page(since: string | null, first: number | null) {
    const n = pageSize(first, 100);
    const after = decodeCursor(since, isSequencePosition) ?? '0';
    const rows = await this.orm.em
      .fork()
      .find(CreditChangeRecord, { seq: { $gt: after } }, { orderBy: { seq: 'asc' }, limit: n + 1, disableIdentityMap: true });
    const nodes = rows.slice(0, n);
    const last = nodes.at(-1);
    return { nodes, pageInfo: { endCursor: last ? encodeCursor(last.seq) : since, hasNextPage: rows.length > n } };
  }
}

function causeOf(source: Source, c: Change): string {
  return source === 'credit'
    ? `${CAUSE[c.code] ?? c.code}${c.code === 'REGISTERED' ? '' : ` (event ${c.eventId})`}`
    : `${source} recorded ${c.code} (event ${c.eventId})`;
}
