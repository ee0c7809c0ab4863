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
import { RULES_TTL_MS } from '../rules/store';
import { CreditChangeRecord, FeedCursor, FeedProblem, Standing, type Ending } from './entities';
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
  endings: Ending[];
}

interface Change {
  seq: string;
  uscc: string;
  eventId: string;
  code: string;
  /** RECORDED or ENDED (the credit office's own log has only decisions) */
  change?: string;
  /** when the fact was written (its lag) */
  at: Date | string;
}

const FEED = (d: string) =>
  `query FactLog($after: String, $first: Int) { ${d}Changes(after: $after, first: $first) { nodes { seq uscc eventId code change at } } }`;
const ASSESS = 'query Standing($usccs: [CreditCode!]!) { merchants(usccs: $usccs) { uscc credit { grade measures { id } breakdown { eventId code until } } } }';
/** the rules' change log is followed as one more source, merchant by merchant */
const RULES = 'rules';
/** merchants with a record whose publicity period has ended since they were last judged */
const PUBLICITY_ENDED = `select uscc, endings from "credit"."standing" s
  where changes_at <= now() and not exists (select 1 from "credit"."feed_problem" p where p.uscc = s.uscc)
  order by changes_at limit ${BATCH}`;
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
   * One round: returns how many changes it recorded. It re-judges the merchants that new facts and decisions touch,
   * those whose record's publicity period has ended, and a batch of every merchant after a change of the rules.
   * The graph is read outside any transaction (a transaction's context would follow the calls into the other
   * subgraphs' stores); the writes then commit together, and only if no other worker moved the cursors meanwhile.
   */
  async runOnce(): Promise<number> {
    if (!this.baselined) {
      await this.baseline();
      this.baselined = true;
    }
    const em = this.orm.em.fork();
    const cursors = await em.find(FeedCursor, {}, { disableIdentityMap: true });
    const positions = new Map(cursors.map((c) => [c.source, c.position]));
    const read = await Promise.all(SOURCES.map((s) => this.read(s, positions.get(s) ?? '0')));
    read.forEach((changes, i) => reportFeedRead(SOURCES[i]!, changes));
    const touched = new Map<string, string[]>();
    const touch = (uscc: string, cause: string) => touched.set(uscc, [...(touched.get(uscc) ?? []), cause]);
    read.forEach((changes, i) => {
      for (const c of changes) touch(c.uscc, causeOf(SOURCES[i]!, c));
    });
    for (const { uscc, endings } of await em.getConnection().execute<{ uscc: string; endings: Ending[] }[]>(PUBLICITY_ENDED)) {
      for (const e of endings.filter((x) => new Date(x.until) <= new Date())) {
        touch(uscc, `publicity period of ${e.code} (event ${e.eventId}) ended on ${e.until.slice(0, 10)}`);
      }
    }
    const sweep = await this.rulesSweep(cursors.find((c) => c.source === RULES)!);
    for (const uscc of sweep?.usccs ?? []) touch(uscc, sweep!.cause);
    if (touched.size === 0 && !sweep) return 0;
    const judged = await this.assess([...touched.keys()]);
    return this.orm.em.fork().transactional(async (tx) => {
      const [{ locked }] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [LOCK]);
      if (!locked || !sameCursors(await tx.find(FeedCursor, {}), cursors)) return 0;
      const recorded = await this.record(tx, judged, touched);
      for (const [i, changes] of read.entries()) {
        if (changes.length) await tx.upsert(FeedCursor, { source: SOURCES[i]!, position: changes.at(-1)!.seq });
      }
      if (sweep) await tx.upsert(FeedCursor, { source: RULES, ...sweep.next });
      return recorded;
    });
  }

  /**
   * The next batch of merchants to re-judge after a change of the rules (a scheme published, a measure added or
   * retired), in the order of their credit codes, and where the sweep stands after it; null when the rules have not
   * changed. A change is swept once every replica applies it (they keep the rules a few seconds), one after another.
   */
  private async rulesSweep(cursor: FeedCursor): Promise<{ usccs: string[]; cause: string; next: Pick<FeedCursor, 'position' | 'afterMerchant'> } | null> {
    const conn = this.orm.em.getConnection();
    const pending = await conn.execute<{ seq: string; change: string; applied: boolean }[]>(
      `select seq, change, at <= now() - make_interval(secs => ?) as applied from "credit"."rules_change" where seq > ? order by seq`,
      [RULES_TTL_MS / 1000, cursor.position],
    );
    if (!pending[0]?.applied) return null;
    const usccs = (
      await conn.execute<{ uscc: string }[]>(`select uscc from "credit"."standing" where uscc > ? order by uscc limit ${BATCH}`, [cursor.afterMerchant ?? ''])
    ).map((r) => r.uscc);
    // a merchant is judged under every change made so far (this process applies its own at once): each one is its cause
    const cause = pending.map((p) => p.change).join('; ');
    const done = usccs.length < BATCH;
    return {
      usccs,
      cause,
      next: done ? { position: String(pending[0]!.seq), afterMerchant: null } : { position: cursor.position, afterMerchant: usccs.at(-1)! },
    };
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
    // the rules' changes before the feed's first standings are in them already
    await conn.execute(
      `insert into "credit"."feed_cursor" (source, position) select ?, coalesce(max(seq), 0) from "credit"."rules_change" on conflict (source) do nothing`,
      [RULES],
    );
    for (;;) {
      const usccs = (await conn.execute<{ uscc: string }[]>(UNJUDGED)).map((r) => r.uscc);
      if (!usccs.length) return;
      const judged = await this.assess(usccs);
      await bulkInsert(
        conn,
        '"credit"."standing"',
        judged.map((j) => {
          const { changesAt, ...standing } = standingOf(j);
          return { ...standing, assessed_at: new Date(), changes_at: changesAt };
        }),
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
        merchants: ({ uscc: string; credit: { grade: string; measures: { id: string }[]; breakdown: Ending[] } | null } | null)[];
      }>(ASSESS, { usccs: usccs.slice(i, i + BATCH) }, this.system);
      for (const e of errors) {
        const m = e.path?.[0] === 'merchants' && typeof e.path[1] === 'number' ? data?.merchants[e.path[1]] : undefined;
        if (!m || e.extensions?.code !== 'RECORD_INVALID') throw new GraphQLError(e.message, { extensions: e.extensions });
        problems.push({ uscc: m.uscc, reason: e.message, at: new Date() });
      }
      for (const m of data!.merchants) {
        if (!m?.credit) continue;
        // kept as ISO 8601 text, which sorts by time
        const endings = m.credit.breakdown
          .map((b) => ({ eventId: b.eventId, code: b.code, until: new Date(b.until).toISOString() }))
          .sort((a, b) => a.until.localeCompare(b.until));
        judged.push({ uscc: m.uscc, grade: m.credit.grade, measures: m.credit.measures.map((x) => x.id).sort(), endings });
      }
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
    // every standing is renewed, changed or not: when its records next end moves on too
    const standing = judged.map((j) => ({ ...standingOf(j), assessedAt: new Date() }));
    let recorded = 0;
    for (const j of judged) {
      const before = standings.get(j.uscc);
      const added = j.measures.filter((m) => !before?.measures.includes(m));
      const removed = (before?.measures ?? []).filter((m) => !j.measures.includes(m));
      if (before && before.grade === j.grade && !added.length && !removed.length) continue;
      recorded++;
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
    }
    // one statement for every merchant judged, not one each, while the feed's lock is held
    if (standing.length) await em.upsertMany(Standing, standing);
    await em.flush();
    return recorded;
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

/** A merchant's standing as judged: its grade, measures, and when its records' publicity next ends. */
/** when the standing next changes by itself: the first ending still to come (a past one would be re-judged every round) */
const nextEnding = (endings: Ending[], now = new Date().toISOString()) => {
  const next = endings.find((e) => e.until > now);
  return next ? new Date(next.until) : null;
};

function standingOf(j: Judged): Pick<Standing, 'uscc' | 'grade' | 'measures' | 'endings' | 'changesAt'> {
  return { uscc: j.uscc, grade: j.grade, measures: j.measures, endings: j.endings, changesAt: nextEnding(j.endings) };
}

/** Whether the cursors stand where they stood when the round began. */
function sameCursors(now: FeedCursor[], then: FeedCursor[]): boolean {
  const at = (cs: FeedCursor[]) => new Map(cs.map((c) => [c.source, `${c.position} ${c.afterMerchant ?? ''}`]));
  const a = at(now);
  const b = at(then);
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function causeOf(source: Source, c: Change): string {
  return source === 'credit'
    ? `${CAUSE[c.code] ?? c.code}${c.code === 'REGISTERED' ? '' : ` (event ${c.eventId})`}`
    : `${source} ${c.change === 'ENDED' ? 'ended' : 'recorded'} ${c.code} (event ${c.eventId})`;
}
