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
import { CreditEventRecord } from './entities';

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
