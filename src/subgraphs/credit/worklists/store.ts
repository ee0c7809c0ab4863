import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConsentSource } from '../../../auth/consent';
import { hasRole, PUBLIC, type Principal } from '../../../auth/principal';
import type { Department } from '../../../catalogue/types';
import { requestContext, type HubContext } from '../../../context';
import { timestamp } from '../../../db/timestamp';
import type { GraphClient } from '../../../graph-client';
import type { Logger } from '../../../logger';
import { decodeCursor, encodeCursor, isSequencePosition, pageSize } from '../../../pagination';
import { listed, WorkItemKind, type WorkingCalendar, type WorkItem, type Worklist } from '../../../worklist';
import { WorkNotice, WorklistNoticeRecord } from './entities';

/** one noticer at a time, across replicas */
const LOCK = 7_260_403;
/** items of each kind a page of the noticer's reads: within the gateway's cost budget for one request */
const PER_PAGE = 250;

/** How long a department has: an objection in calendar days, a repair decision in working days. */
export interface Deadlines {
  objectionDays: number;
  repairWorkingDays: number;
}

const ITEM = 'kind id department uscc subject openedAt dueAt overdue';
/** a page of every department's open items, as the noticer reads them through the graph */
const OPEN_WORK = `query OpenWork($first: Int, $offset: Int) { worklist {
  ${['objections', 'repairApplications', 'consumerReports', 'commitmentsDue'].map((l) => `${l}(first: $first, offset: $offset) { ${ITEM} }`).join(' ')} } }`;

/** an item as the graph answers: its dates ISO strings over HTTP, dates in this process */
type Wire = Omit<WorkItem, 'openedAt' | 'dueAt' | 'department'> & { openedAt: string | Date; dueAt: string | Date; department: string };
const time = (d: string | Date) => new Date(d).getTime();

const REQUESTS = {
  [WorkItemKind.OBJECTION]: { table: 'objection', opened: 'filed_at' },
  [WorkItemKind.REPAIR_APPLICATION]: { table: 'repair_application', opened: 'applied_at' },
} as const;

/**
 * The credit office's part of the worklists (the objections and repair applications its departments must decide),
 * and the notices of every department's items: new ones and those fallen due, each noticed once, in order.
 */
export class Worklists {
  constructor(
    private readonly orm: MikroORM,
    private readonly graph: GraphClient,
    private readonly consents: ConsentSource,
    private readonly log: Logger,
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: Deadlines,
  ) {}

  /** The pending requests of one kind in the worklist's scope, most urgent first (the deadline follows the filing). */
  async pending(kind: keyof typeof REQUESTS, w: Worklist, page: { first: number; offset: number }, ctx: HubContext): Promise<WorkItem[]> {
    const { table, opened } = REQUESTS[kind];
    const { rows } = await this.orm.em
      .getConnection()
      .getKnex()
      .raw(
        `select id, uscc, department, code, event_id, ${opened} as opened_at from "credit"."${table}"
         where state = 'PENDING' and (:department::text is null or department = :department) and (:uscc::text is null or uscc = :uscc)
         order by ${opened}, id limit :first offset :offset`,
        { department: w.department ?? null, uscc: w.uscc ?? null, ...page },
      );
    return listed(
      (rows as { id: string; uscc: string; department: Department; code: string; event_id: string; opened_at: string }[]).map((r) => {
        const openedAt = timestamp(r.opened_at);
        return {
          kind,
          id: r.id,
          department: r.department,
          uscc: r.uscc,
          subject: `${r.code} (event ${r.event_id})`,
          openedAt,
          dueAt:
            kind === WorkItemKind.OBJECTION
              ? this.calendar.afterDays(openedAt, this.deadlines.objectionDays)
              : this.calendar.afterWorkingDays(openedAt, this.deadlines.repairWorkingDays),
        };
      }),
      ctx,
      'credit',
      kind === WorkItemKind.OBJECTION ? 'objections' : 'repairApplications',
    );
  }

  /**
   * One round: reads every open item through the graph, then notices the new ones and those past their deadline,
   * each once (a unique key), under a lock so that replicas number them in one order. How many it noticed.
   */
  async notice(): Promise<number> {
    const system = requestContext({ ...PUBLIC, subject: 'worklist-notices', roles: ['admin'] }, 'worklist-notices', this.log, this.consents, {
      internal: 'worklist-notices',
    });
    const items: Wire[] = [];
    for (let offset = 0; ; offset += PER_PAGE) {
      const { worklist } = await this.graph.request<{ worklist: Record<string, Wire[]> }>(OPEN_WORK, { first: PER_PAGE, offset }, system);
      const lists = Object.values(worklist);
      items.push(...lists.flat());
      if (lists.every((l) => l.length < PER_PAGE)) break;
    }
    items.sort((a, b) => time(a.openedAt) - time(b.openedAt) || a.id.localeCompare(b.id));
    const notices = items.flatMap((i) =>
      [WorkNotice.NEW, ...(i.overdue ? [WorkNotice.OVERDUE] : [])].map((notice) => ({
        notice,
        item_kind: i.kind,
        item_id: i.id,
        department: i.department.toLowerCase(),
        uscc: i.uscc,
        subject: i.subject,
        due_at: i.dueAt,
      })),
    );
    if (!notices.length) return 0;
    // one statement, its own transaction: the lock it takes is held until it commits, so replicas never interleave numbers
    const result = await this.orm.em
      .getConnection()
      .getKnex()
      .raw(
        `insert into "credit"."worklist_notice" (notice, item_kind, item_id, department, uscc, subject, due_at)
         select notice, item_kind, item_id, department, uscc, subject, due_at
         from json_populate_recordset(null::"credit"."worklist_notice", ?::json) where pg_try_advisory_xact_lock(?)
         on conflict (item_kind, item_id, notice) do nothing`,
        [JSON.stringify(notices), LOCK],
      );
    return (result as { rowCount: number }).rowCount;
  }

  /** The notices after a cursor, in order: a department's own, or every department's for an administrator. */
  async page(since: string | null, first: number | null, p: Principal) {
    const n = pageSize(first, 100);
    const after = decodeCursor(since, isSequencePosition) ?? '0';
    const rows = await this.orm.em
      .fork()
      .find(
        WorklistNoticeRecord,
        { seq: { $gt: after }, ...(hasRole(p, 'admin') ? {} : { department: p.department! }) },
        { orderBy: { seq: 'asc' }, limit: n + 1, disableIdentityMap: true },
      );
    const nodes = rows.slice(0, n);
    const last = nodes.at(-1);
    return { nodes, pageInfo: { endCursor: last ? encodeCursor(last.seq) : since, hasNextPage: rows.length > n } };
  }
}
