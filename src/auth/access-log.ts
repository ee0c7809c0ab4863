import { Entity, Index, PrimaryKey, Property, Unique, type MikroORM } from '@mikro-orm/postgresql';
import { Directive, Field, ObjectType } from 'type-graphql';
import { acrossRequests } from '../coalesce';
import { groupByKey, type Batch, type HubContext } from '../context';
import { prepared } from '../db/batch';
import { unavailable } from '../errors';
import { timestamp } from '../db/timestamp';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { mergedOutcome, outcomeOf, type AccessRecord } from './audit';

/**
 * One request's reads of non-public data about one merchant in one subgraph: who, why, which fields, with what
 * outcome. Every subgraph keeps its own, in its own schema: a department keeps the trail of its own data.
 */
@Entity({ tableName: 'access_log' })
@Index({ properties: ['uscc', 'at', 'id'] })
@Unique({ properties: ['requestId', 'uscc', 'subject', 'at'] })
export class AccessLogRecord {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;

  @Property({ length: 18 })
  uscc!: string;

  @Property({ length: 200 })
  subject!: string;

  @Property({ length: 200, nullable: true })
  org!: string | null;

  @Property({ length: 200 })
  role!: string;

  @Property({ length: 20, nullable: true })
  department!: string | null;

  @Property({ type: 'text', nullable: true })
  purpose!: string | null;

  @Property({ type: 'json' })
  fields!: string[];

  @Property({ length: 200, nullable: true })
  operation!: string | null;

  @Property({ length: 100 })
  requestId!: string;

  @Property({ length: 10 })
  outcome!: string;
}

/** One look at a merchant's credit, as the merchant sees it: merged from what every subgraph recorded of the request. */
@Directive('@shareable')
@ObjectType({ description: "One look at a merchant's credit: who, for whom, why, what, and whether it was allowed." })
export class AccessLogEntry {
  @Field({ description: 'when the request reached the hub' })
  at!: Date;

  @Field({ description: "who looked: the person (the token's subject) or the system that read" })
  subject!: string;

  @Field(() => String, { nullable: true })
  org!: string | null;

  @Field()
  role!: string;

  @Field(() => String, { nullable: true })
  department!: string | null;

  @Field(() => String, { nullable: true, description: "why: the token's purpose claim, else the x-purpose header or an approval check's matter" })
  purpose!: string | null;

  @Field(() => [String], { description: 'the fields read, as Type.field' })
  fields!: string[];

  @Field(() => String, { nullable: true })
  operation!: string | null;

  @Field({ description: 'the request, as its x-request-id header named it' })
  requestId!: string;

  @Field({ description: 'ALLOWED, REFUSED, or PARTIAL when some fields were refused' })
  outcome!: string;
}

type Row = Omit<AccessLogRecord, 'id'>;

/** How many of a merchant's latest rows a department hands the credit office for the merged log. */
export const ROWS_IN_VIEW = 1000;

// the request's time is part of its key: a client that sends the same x-request-id again makes a new entry, never hides in an old one
const keyOf = (r: Pick<Row, 'requestId' | 'uscc' | 'subject' | 'at'>) => `${r.requestId}\u0000${r.uscc}\u0000${r.subject}\u0000${r.at.getTime()}`;

/** Parts of one request's look at a merchant merged into one: the fields of all, allowed only if every part was. */
function merge<T extends Row>(rows: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) {
    const seen = byKey.get(keyOf(r));
    if (!seen) byKey.set(keyOf(r), { ...r, fields: [...r.fields].sort() });
    else byKey.set(keyOf(r), { ...seen, fields: [...new Set([...seen.fields, ...r.fields])].sort(), outcome: mergedOutcome(seen.outcome, r.outcome) });
  }
  return [...byKey.values()];
}

/** A place in the merged log: `[at, requestId, subject]` as `accessLog` hands it out. */
function isLogPosition(position: string): boolean {
  try {
    const [at, rid, subject, ...rest] = JSON.parse(position) as unknown[];
    const year = typeof at === 'string' ? new Date(at).getUTCFullYear() : NaN;
    return (
      typeof at === 'string' &&
      year >= 1900 &&
      year <= 9999 &&
      new Date(at).toISOString() === at &&
      typeof rid === 'string' &&
      rid.length <= 100 &&
      typeof subject === 'string' &&
      subject.length <= 200 &&
      rest.length === 0
    );
  } catch {
    return false;
  }
}

/** A row as the driver hands it over: its time as PostgreSQL's text. */
const asRow = (r: Row): Row => ({ ...r, at: timestamp(r.at as Date | string) });

/** Newest first: by time, then request, then who; text compared by code point (collation C), as `newestFirst` compares it. */
const NEWEST_FIRST = 'at desc, request_id collate "C" desc, subject collate "C" desc';

/** Newest first: by time, then request, then who. */
const newestFirst = (a: Row, b: Row) =>
  b.at.getTime() - a.at.getTime() ||
  (a.requestId < b.requestId ? 1 : a.requestId > b.requestId ? -1 : a.subject < b.subject ? 1 : a.subject > b.subject ? -1 : 0);

/** The trail of every look at merchants' data that one subgraph served, in that subgraph's own schema. */
export class AccessLog {
  private readonly table: string;

  constructor(
    private readonly orm: MikroORM,
    schema: string,
  ) {
    this.table = `"${schema}"."access_log"`;
  }

  /** Writes the rows of every request that finishes within the window in one statement (see `acrossRequests`). */
  private readonly write: Batch<Row[], void> = async (batches) => {
    const rows = merge(batches.flat()).map((r) => ({
      at: r.at,
      uscc: r.uscc,
      subject: r.subject,
      org: r.org,
      role: r.role,
      department: r.department,
      purpose: r.purpose,
      fields: r.fields,
      operation: r.operation,
      request_id: r.requestId,
      outcome: r.outcome,
    }));
    const columns = Object.keys(rows[0]!).join(', ');
    // a request that reaches this subgraph twice (two fetches, a consent looked up through the graph) stays one row
    await prepared(
      this.orm,
      `insert into ${this.table} as l (${columns}) select ${columns} from json_populate_recordset(null::${this.table}, ?::json)
       on conflict (request_id, uscc, subject, at) do update set
         fields = (select jsonb_agg(distinct f order by f) from jsonb_array_elements(l.fields || excluded.fields) f),
         outcome = case when l.outcome = excluded.outcome then l.outcome else 'PARTIAL' end`,
      [JSON.stringify(rows)],
    );
    return batches.map(() => undefined);
  };

  // each request waits for its own rows, and fails (its answer withheld) only if its own rows cannot be written
  private readonly writer = acrossRequests(this.write);

  /** Writes one row per merchant read in a request. */
  async record(entries: readonly AccessRecord[], ctx: HubContext): Promise<void> {
    if (!entries.length) return;
    const p = ctx.principal;
    const [written] = await this.writer([
      entries.map((e) => ({
        at: ctx.startedAt,
        uscc: e.uscc,
        subject: p.subject!,
        org: p.org,
        role: p.roles.join(','),
        department: p.department,
        purpose: p.purpose,
        fields: [...e.fields.keys()],
        operation: ctx.operation ?? null,
        requestId: ctx.requestId,
        outcome: outcomeOf(e.fields),
      })),
    ]);
    if (written instanceof Error) throw written;
  }

  /** The latest rows of each merchant, newest first: what this subgraph adds to the merged log. */
  readonly latestOf: Batch<string, AccessLogEntry[]> = async (usccs) => {
    const rows = await prepared<Row>(
      this.orm,
      `select at, uscc, subject, org, role, department, purpose, fields, operation, request_id as "requestId", outcome from (
         select *, row_number() over (partition by uscc order by ${NEWEST_FIRST}) as n from ${this.table} where uscc = any(?)
       ) l where n <= ${ROWS_IN_VIEW} order by ${NEWEST_FIRST}`,
      [usccs],
    );
    return groupByKey(usccs, rows.map(asRow), (r) => r.uscc);
  };

  /**
   * A page of the merged log, newest first: this subgraph's own rows and what the others recorded (handed over by
   * the gateway), one entry per request and reader. Null for a subgraph that could not answer: the trail is incomplete.
   */
  async page(uscc: string, first: number | null, after: string | null, others: Record<string, readonly AccessLogEntry[] | null | undefined>) {
    const missing = Object.keys(others).filter((k) => !Array.isArray(others[k]));
    if (missing.length)
      throw unavailable(`the access log cannot be shown now: ${missing.join(', ')} cannot be read; try again shortly`, { departments: missing });
    const n = pageSize(first, 50);
    const position = decodeCursor(after, isLogPosition);
    const [at, rid, subject] = position ? (JSON.parse(position) as [string, string, string]) : [null, '', ''];
    const { rows } = await this.orm.em
      .getConnection()
      .getKnex()
      .raw(
        `select at, uscc, subject, org, role, department, purpose, fields, operation, request_id as "requestId", outcome from ${this.table}
       where uscc = ? ${at ? 'and (at, request_id collate "C", subject collate "C") < (?, ?, ?)' : ''} order by ${NEWEST_FIRST} limit ${n + 1}`,
        at ? [uscc, new Date(at), rid, subject] : [uscc],
      );
    const cursor = at ? { at: new Date(at), requestId: rid, subject } : null;
    const before = (r: Row) => !cursor || newestFirst(cursor as Row, r) < 0;
    const theirs = Object.values(others).flatMap((list) => list!.map((r) => ({ ...r, uscc, at: new Date(r.at) }))); // ISO 8601, as the DateTime scalar writes it
    const entries = merge([...(rows as Row[]).map(asRow), ...theirs.filter(before)]).sort(newestFirst);
    const nodes = entries.slice(0, n);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: {
        endCursor: last ? encodeCursor(JSON.stringify([last.at.toISOString(), last.requestId, last.subject])) : null,
        hasNextPage: entries.length > n,
      },
    };
  }
}
