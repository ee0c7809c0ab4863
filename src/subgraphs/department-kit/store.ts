import { randomUUID } from 'node:crypto';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { catalogueEntry, catalogueOf } from '../../catalogue';
import type { Department } from '../../catalogue/types';
import { groupByKey, oneByKey, type Batch } from '../../context';
import { badInput, conflict, MALFORMED_TEXT } from '../../errors';
import { recordDateProblem } from '../../credit-engine';
import type { EventStatus } from '../../credit-engine/types';
import { prepared } from '../../db/batch';
import { timestamp } from '../../db/timestamp';
import { logInserted } from '../../events/fact-change';
import type { CreditEvent, RecordEventInput } from '../../events/types';
import { parseUscc } from '../../uscc';
import { isUuid } from '../../uuid';
import { CreditEventStatus } from '../../vocabulary';
import { CreditEventRecord, type DepartmentRecord } from './entities';
import type { DerivedRecord, RecordWrite } from './record-writes';

/** What is wrong with an event, and which input field is at fault. */
export interface EventProblem {
  field: keyof RecordEventInput;
  message: string;
}

/** An event that passed `validateEvent` for its department: normalised, ready to store. */
export interface ValidEvent {
  readonly department: Department;
  readonly uscc: string;
  readonly code: string;
  readonly occurredAt: Date;
  readonly endedAt: Date | null;
  readonly status: EventStatus;
  readonly sourceRecordId: string;
  readonly summary: string;
  readonly evidenceUrl: string | null;
}

export interface RecordManyResult {
  /** events this call stored */
  written: number;
  /** events whose record id was already stored with the same fact */
  present: number;
  /** events whose record id was already stored with another fact: their index in the input, and the API's CONFLICT message */
  conflicts: { index: number; message: string }[];
}

/**
 * The one validation of a department's credit event, shared by the API (`record`) and the bulk import: the
 * credit code (GB 32100, the CreditCode scalar's message), a catalogue code of this department, dates not in
 * the future with endedAt not before occurredAt, the department's record id, the summary, the evidence link.
 * Returns the first problem found, in that order.
 */
export function validateEvent(input: RecordEventInput, department: Department, now = Date.now()): { event: ValidEvent } | { problem: EventProblem } {
  const uscc = parseUscc(input.uscc);
  if ('problem' in uscc) return { problem: { field: 'uscc', message: uscc.problem } };
  const entry = catalogueEntry(input.code.trim().toUpperCase());
  if (!entry) return { problem: { field: 'code', message: `"${input.code}" is not a code of the credit-information catalogue` } };
  if (entry.department !== department) {
    return { problem: { field: 'code', message: `${entry.code} is a ${entry.department} code; the ${department} department records only its own codes` } };
  }
  const occurred = recordDateProblem(input.occurredAt, 'occurredAt', now);
  if (occurred) return { problem: { field: 'occurredAt', message: occurred } };
  if (input.endedAt && (input.endedAt < input.occurredAt || recordDateProblem(input.endedAt, 'endedAt', now))) {
    return { problem: { field: 'endedAt', message: 'endedAt must lie between occurredAt and now' } };
  }
  const sourceRecordId = input.sourceRecordId.trim();
  if (!/^[^\s\p{C}]{1,100}$/u.test(sourceRecordId)) {
    return { problem: { field: 'sourceRecordId', message: 'sourceRecordId must be 1–100 characters without spaces or control characters' } };
  }
  const summary = input.summary.trim();
  if (summary.length === 0 || summary.length > 2000) return { problem: { field: 'summary', message: 'summary must be 1–2000 characters' } };
  // the API refuses such text before it gets here; an import's rows come straight from the file
  if (MALFORMED_TEXT.test(summary)) return { problem: { field: 'summary', message: 'summary holds a NUL character or half of a surrogate pair' } };
  const evidenceUrl = input.evidenceUrl?.trim() || null;
  if (evidenceUrl && (evidenceUrl.length > 2000 || MALFORMED_TEXT.test(evidenceUrl) || !/^https?:$/.test(URL.parse(evidenceUrl)?.protocol ?? ''))) {
    return { problem: { field: 'evidenceUrl', message: 'evidenceUrl must be an http(s) URL of at most 2000 characters' } };
  }
  const endedAt = input.endedAt ?? null;
  const status = endedAt ? CreditEventStatus.ENDED : CreditEventStatus.ACTIVE;
  return { event: { department, uscc: uscc.uscc, code: entry.code, occurredAt: input.occurredAt, endedAt, status, sourceRecordId, summary, evidenceUrl } };
}

type Fact = { uscc: string; code: string; occurredAt: Date };

/** A record id names one fact: the same merchant, code and date. Another summary or link is the same fact sent again. */
const sameFact = (a: Fact, b: Fact) => a.uscc === b.uscc && a.code === b.code && a.occurredAt.getTime() === b.occurredAt.getTime();

const conflictMessage = (department: Department, sourceRecordId: string, existing: Fact) =>
  `the ${department} department already recorded "${sourceRecordId}" with other content (${existing.code} for ${existing.uscc} on ${existing.occurredAt.toISOString()}); a record id names one fact`;

const COLUMNS = 'id, uscc, code, occurred_at, ended_at, status, summary, evidence_url, source_record_id, recorded_at';
interface EventRow {
  id: string;
  uscc: string;
  code: string;
  // the ORM's driver leaves timestamps as PostgreSQL's text
  occurred_at: string;
  ended_at: string | null;
  status: EventStatus;
  summary: string;
  evidence_url: string | null;
  source_record_id: string;
  recorded_at: string;
}

/** Reads and records one department's credit events: batched reads, idempotent writes. */
export class CreditEventStore {
  private readonly table: string;

  constructor(
    private readonly orm: MikroORM,
    readonly department: Department,
  ) {
    this.table = `"${department}"."${orm.getMetadata().get(CreditEventRecord.name).tableName}"`;
  }

  /** Every event of each merchant, newest first. */
  readonly byMerchant: Batch<string, CreditEvent[]> = async (usccs) => {
    const rows = await this.find('uscc', usccs);
    return groupByKey(usccs, rows, (e) => e.uscc);
  };

  readonly byId: Batch<string, CreditEvent | null> = async (ids) => {
    const wellFormed = ids.filter((id) => isUuid(id));
    const rows = wellFormed.length ? await this.find('id', wellFormed) : [];
    return oneByKey(ids, rows, (e) => e.id);
  };

  /** Records an event once: the same sourceRecordId again returns the stored event, even when sent concurrently. */
  async record(input: RecordEventInput, recordedBy: string | null): Promise<CreditEvent> {
    const checked = validateEvent(input, this.department);
    if ('problem' in checked) throw badInput(checked.problem.message, { field: checked.problem.field });
    const v = checked.event;
    const [inserted] = await this.insert(
      // the fact and its line in the department's fact-change log are written by one statement
      `with inserted as (
         insert into ${this.table} (uscc, code, occurred_at, ended_at, status, summary, evidence_url, source_record_id, recorded_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (source_record_id) do nothing returning *
       ), logged as (${logInserted(this.department)})
       select * from inserted`,
      [v.uscc, v.code, v.occurredAt, v.endedAt, v.status, v.summary, v.evidenceUrl, v.sourceRecordId, recordedBy],
    );
    if (inserted) return inserted;
    const [existing] = await this.find('source_record_id', [v.sourceRecordId]);
    if (!existing) throw new Error(`event ${v.sourceRecordId} conflicted but cannot be read back`);
    if (!sameFact(existing, v)) throw conflict(conflictMessage(this.department, v.sourceRecordId, existing), { existingId: existing.id });
    return existing;
  }

  /**
   * Records many validated events with the idempotency of `record()`: ONE insert statement (`on conflict
   * (source_record_id) do nothing … returning`) writes the new ones; one select, only when some were not
   * written, reads the stored ones back: the same fact is present, another fact under the same record id is
   * a conflict. A record id repeated within `events` is written once, from its first occurrence; its repeats
   * are present or conflicts like any other. Call it batch after batch (not concurrently) and each batch
   * sees what the ones before it wrote.
   */
  async recordMany(events: readonly ValidEvent[], recordedBy: string | null): Promise<RecordManyResult> {
    if (events.length === 0) return { written: 0, present: 0, conflicts: [] };
    const stray = events.find((e) => e.department !== this.department);
    if (stray) throw new Error(`a ${stray.department} event cannot be recorded by the ${this.department} store`);
    // knex's raw query sends the JSON as a bind parameter; the ORM's execute() would inline it into the
    // statement, escaping megabytes of text on every batch (about half the import's time)
    const knex = this.orm.em.getConnection().getKnex();
    const query = async <T>(sql: string, params: unknown[]): Promise<T[]> => (await knex.raw(sql, params as Knex.RawBinding[])).rows;
    const rows = events.map((e) => ({
      uscc: e.uscc,
      code: e.code,
      occurred_at: e.occurredAt.toISOString(),
      ended_at: e.endedAt?.toISOString() ?? null,
      status: e.status,
      summary: e.summary,
      evidence_url: e.evidenceUrl,
      source_record_id: e.sourceRecordId,
    }));
    // one statement writes the new events and their lines in the fact-change log
    const inserted = await query<{ source_record_id: string }>(
      `with inserted as (
         insert into ${this.table} (uscc, code, occurred_at, ended_at, status, summary, evidence_url, source_record_id, recorded_by)
         select r.uscc, r.code, r.occurred_at, r.ended_at, r.status, r.summary, r.evidence_url, r.source_record_id, ?::varchar
         from json_populate_recordset(null::${this.table}, ?::json) with ordinality as r
         order by r.ordinality
         on conflict (source_record_id) do nothing
         returning id, uscc, code, source_record_id
       ), logged as (${logInserted(this.department)})
       select source_record_id from inserted`,
      [recordedBy, JSON.stringify(rows)],
    );
    // the first occurrence of each inserted record id is the one written (rows go in in input order)
    const fresh = new Set(inserted.map((r) => r.source_record_id));
    const pending = [...events.keys()].filter((i) => !fresh.delete(events[i]!.sourceRecordId));
    const written = events.length - pending.length;
    if (pending.length === 0) return { written, present: 0, conflicts: [] };

    const stored = await query<{ source_record_id: string; uscc: string; code: string; occurred_at: Date | string }>(
      `select source_record_id, uscc, code, occurred_at from ${this.table}
       where source_record_id in (select json_array_elements_text(?::json))`,
      [JSON.stringify([...new Set(pending.map((i) => events[i]!.sourceRecordId))])],
    );
    const byId = new Map(stored.map((r) => [r.source_record_id, { uscc: r.uscc, code: r.code, occurredAt: timestamp(r.occurred_at) }]));
    const conflicts: RecordManyResult['conflicts'] = [];
    for (const i of pending) {
      const e = events[i]!;
      const existing = byId.get(e.sourceRecordId);
      if (!existing) throw new Error(`event ${e.sourceRecordId} conflicted but cannot be read back`);
      if (!sameFact(existing, e)) conflicts.push({ index: i, message: conflictMessage(this.department, e.sourceRecordId, existing) });
    }
    return { written, present: pending.length - conflicts.length, conflicts };
  }

  /** newest first; plain rows rather than entities, as a batch reads thousands of events per request */
  private async find(column: 'uscc' | 'id' | 'source_record_id', values: readonly string[]): Promise<CreditEvent[]> {
    const rows = await prepared<EventRow>(this.orm, `select ${COLUMNS} from ${this.table} where ${column} = any(?) order by occurred_at desc, id`, [values]);
    return rows.map((r) => this.toEvent(r));
  }

  private async insert(sql: string, params: unknown[]): Promise<CreditEvent[]> {
    const rows = await this.orm.em.getConnection().execute<EventRow[]>(sql, params);
    return rows.map((r) => this.toEvent(r));
  }

  private toEvent(r: EventRow): CreditEvent {
    return {
      id: r.id,
      uscc: r.uscc,
      code: r.code,
      department: this.department,
      occurredAt: timestamp(r.occurred_at),
      endedAt: r.ended_at ? timestamp(r.ended_at) : null,
      status: r.status,
      summary: r.summary,
      evidenceUrl: r.evidence_url,
      sourceRecordId: r.source_record_id,
      recordedAt: timestamp(r.recorded_at),
    };
  }
}

/**
 * Retention: negative information 5 years past the end of the behaviour is withdrawn from every view but the
 * administrators' (status EXPIRED), and the change is logged like any other so the credit feed re-judges.
 */
export async function expireNegativeInformation(orm: MikroORM, department: Department, years = 5): Promise<number> {
  const negative = catalogueOf(department)
    .filter((c) => c.kind === 'NEGATIVE')
    .map((c) => c.code);
  const rows = await orm.em.getConnection().execute<{ id: string }[]>(
    `with inserted as (
       update "${department}"."credit_event" set status = 'EXPIRED'
       where status <> 'EXPIRED' and code = any(?::text[]) and coalesce(ended_at, occurred_at) < now() - make_interval(years => ?)
       returning id, uscc, code
     ), logged as (${logInserted(department)})
     select id from inserted`,
    [`{${negative.join(',')}}`, years],
  );
  return rows.length;
}

/** What became of one typed record of a write: stored now, stored before with the same fact, or refused as a conflict. */
export type RecordOutcome = { state: 'written' | 'present'; row: Record<string, unknown> } | { state: 'conflict'; message: string; existingId?: string };

const camel = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * Writes one kind of a department's typed records. ONE statement stores the records and the credit events they
 * imply, with the events' lines in the fact-change log, so a record and its event never part; `on conflict
 * (source_record_id) do nothing` makes it idempotent on the department's record id, concurrently too. A record id
 * already stored is read back: the same fact is returned, another fact is a conflict.
 */
export class TypedRecordStore {
  private readonly table: string;
  private readonly events: string;

  constructor(
    private readonly orm: MikroORM,
    readonly department: Department,
    readonly write: RecordWrite,
  ) {
    const meta = orm.getMetadata();
    this.table = `"${department}"."${meta.get(write.entity.name).tableName}"`;
    this.events = `"${department}"."${meta.get(CreditEventRecord.name).tableName}"`;
  }

  /** Records one record: the stored record, or a CONFLICT error. */
  async record(record: DerivedRecord, recordedBy: string | null): Promise<DepartmentRecord> {
    const [outcome] = await this.recordMany([record], recordedBy);
    if (outcome!.state === 'conflict') throw conflict(outcome!.message, outcome!.existingId ? { existingId: outcome!.existingId } : undefined);
    return this.orm.em.fork().map(this.write.entity, outcome!.row);
  }

  /** Records many records, each with its outcome, in input order; a record id repeated within them is written once. */
  async recordMany(records: readonly DerivedRecord[], recordedBy: string | null): Promise<RecordOutcome[]> {
    if (records.length === 0) return [];
    try {
      return await this.insert(records, recordedBy);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // another unique key (a decision number, a year's rating) or a record id naming another fact: row by row, each says which
      if (records.length > 1) {
        const outcomes: RecordOutcome[] = [];
        for (const r of records) outcomes.push(...(await this.recordMany([r], recordedBy)));
        return outcomes;
      }
      const [outcome] = await this.readBack(records, [0]);
      return [outcome ?? { state: 'conflict', message: this.uniqueMessage(e, records[0]!) }];
    }
  }

  private async insert(records: readonly DerivedRecord[], recordedBy: string | null): Promise<RecordOutcome[]> {
    const rows = records.map((r) => ({ ...this.row(r), event_id: r.event ? randomUUID() : null }));
    const implied = records.flatMap((r, i) =>
      r.event
        ? [
            {
              id: rows[i]!.event_id,
              code: r.event.code,
              occurred_at: r.event.occurredAt.toISOString(),
              ended_at: r.event.endedAt?.toISOString() ?? null,
              status: r.event.endedAt ? CreditEventStatus.ENDED : CreditEventStatus.ACTIVE,
              summary: r.event.summary,
              evidence_url: r.event.evidenceUrl ?? null,
              source_record_id: r.sourceRecordId,
            },
          ]
        : [],
    );
    const columns = Object.keys(rows[0]!).join(', ');
    const inserted = await this.query(
      `with record as (
         insert into ${this.table} (${columns})
         select ${columns} from json_populate_recordset(null::${this.table}, ?::json) with ordinality as r order by r.ordinality
         on conflict (source_record_id) do nothing
         returning *
       ), inserted as (
         insert into ${this.events} (id, uscc, code, occurred_at, ended_at, status, summary, evidence_url, source_record_id, recorded_by)
         select e.id, record.uscc, e.code, e.occurred_at, e.ended_at, e.status, e.summary, e.evidence_url, e.source_record_id, ?::varchar
         from record join json_populate_recordset(null::${this.events}, ?::json) e on e.id = record.event_id
         returning id, uscc, code
       ), logged as (${logInserted(this.department)})
       select * from record`,
      [JSON.stringify(rows), recordedBy, JSON.stringify(implied)],
    );
    // the first occurrence of each record id is the one written (rows go in in input order)
    const fresh = new Map(inserted.map((r) => [r.source_record_id as string, r]));
    const outcomes: (RecordOutcome | undefined)[] = records.map((r) => {
      const row = fresh.get(r.sourceRecordId);
      fresh.delete(r.sourceRecordId);
      return row ? { state: 'written', row } : undefined;
    });
    const pending = [...outcomes.keys()].filter((i) => !outcomes[i]);
    if (pending.length) (await this.readBack(records, pending)).forEach((o, k) => (outcomes[pending[k]!] = o));
    return outcomes.map((o, i) => o ?? { state: 'conflict', message: `${records[i]!.sourceRecordId} was neither written nor found` });
  }

  /** The stored records under the record ids of `indexes`: the same fact (compared in SQL, as stored) or a conflict. */
  private async readBack(records: readonly DerivedRecord[], indexes: number[]): Promise<(RecordOutcome | undefined)[]> {
    const facts = ['uscc', ...this.write.sameFact];
    const rows = indexes.map((i) => this.row(records[i]!));
    const stored = await this.query(
      `select s.*, (${facts.map((c) => `s.${c}`).join(', ')}) is not distinct from (${facts.map((c) => `i.${c}`).join(', ')}) as same_fact, i.ordinality
       from json_populate_recordset(null::${this.table}, ?::json) with ordinality as i join ${this.table} s on s.source_record_id = i.source_record_id`,
      [JSON.stringify(rows)],
    );
    const byIndex = new Map(stored.map((s) => [Number(s.ordinality) - 1, s]));
    return indexes.map((_, k) => {
      const s = byIndex.get(k);
      if (!s) return undefined;
      const { same_fact, ordinality, ...row } = s;
      if (same_fact) return { state: 'present', row };
      const fact = this.write.sameFact.map((c) => `${camel(c)} ${describe(row[c])}`).join(', ');
      return {
        state: 'conflict',
        existingId: row.id as string,
        message: `the ${this.department} department already recorded "${row.source_record_id}" with other content (for ${row.uscc}: ${fact}); a record id names one fact`,
      };
    });
  }

  private row(r: DerivedRecord): Record<string, unknown> {
    const columns = Object.fromEntries(Object.entries(r.columns).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
    return { uscc: r.uscc, source_record_id: r.sourceRecordId, ...columns };
  }

  private async query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    // knex sends the JSON as a bind parameter; the ORM's execute() would inline it into the statement
    const knex = this.orm.em.getConnection().getKnex();
    return (await knex.raw(sql, params as Knex.RawBinding[])).rows;
  }

  private uniqueMessage(e: unknown, r: DerivedRecord): string {
    const { detail, table } = e as { detail?: string; table?: string };
    const [, column, value] = /^Key \((.+?)\)=\((.*)\) already exists/.exec(detail ?? '') ?? [];
    if (table === 'credit_event') return `"${r.sourceRecordId}" already names another ${this.department} credit event; a record id names one fact`;
    if (!column) return `the ${this.department} department already holds a record that this one repeats`;
    return `the ${this.department} department already holds a ${this.write.kind} record with ${column.split(', ').map(camel).join(', ')} ${value}`;
  }
}

const describe = (v: unknown) =>
  v instanceof Date ? v.toISOString() : typeof v === 'string' && /^\d{4}-\d\d-\d\d[ T]/.test(v) ? timestamp(v).toISOString() : JSON.stringify(v);

/** PostgreSQL's unique_violation, as the driver throws it. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';
