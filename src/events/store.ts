import type { EntityClass, FilterQuery, MikroORM } from '@mikro-orm/postgresql';
import { catalogueEntry } from '../catalogue';
import type { Department } from '../catalogue/types';
import { groupByKey, oneByKey, type Batch } from '../context';
import { badInput, conflict } from '../errors';
import type { CreditEventRecord } from './record.entity';
import { type CreditEvent, CreditEventStatus, DepartmentName, type RecordEventInput } from './types';

/** Clock skew tolerated between a department's systems and the hub before a date counts as future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and records one department's credit events: batched reads, idempotent writes. */
export class CreditEventStore {
  private readonly table: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly entity: EntityClass<CreditEventRecord>,
    readonly department: Department,
  ) {
    const meta = orm.getMetadata().get(entity.name);
    this.table = `"${department}"."${meta.tableName}"`;
  }

  /** Every event of each merchant, newest first. */
  readonly byMerchant: Batch<string, CreditEvent[]> = async (usccs) => {
    const rows = await this.find({ uscc: { $in: [...usccs] } });
    return groupByKey(usccs, rows, (e) => e.uscc);
  };

  readonly byId: Batch<string, CreditEvent | null> = async (ids) => {
    const wellFormed = ids.filter((id) => UUID.test(id));
    const rows = wellFormed.length ? await this.find({ id: { $in: wellFormed } }) : [];
    return oneByKey(ids, rows, (e) => e.id);
  };

  /** Records an event once: the same sourceRecordId again returns the stored event, even when sent concurrently. */
  async record(input: RecordEventInput, recordedBy: string | null): Promise<CreditEvent> {
    const v = this.validate(input);
    const [inserted] = await this.insert(
      `insert into ${this.table} (uscc, code, occurred_at, ended_at, status, summary, evidence_url, source_record_id, recorded_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (source_record_id) do nothing returning *`,
      [v.uscc, v.code, v.occurredAt, v.endedAt, v.endedAt ? CreditEventStatus.ENDED : CreditEventStatus.ACTIVE, v.summary, v.evidenceUrl, v.sourceRecordId, recordedBy],
    );
    if (inserted) return inserted;
    const [existing] = await this.find({ sourceRecordId: v.sourceRecordId });
    if (!existing) throw new Error(`event ${v.sourceRecordId} conflicted but cannot be read back`);
    if (existing.uscc !== v.uscc || existing.code !== v.code || existing.occurredAt.getTime() !== v.occurredAt.getTime()) {
      throw conflict(
        `the ${this.department} department already recorded "${v.sourceRecordId}" with other content (${existing.code} for ${existing.uscc} on ${existing.occurredAt.toISOString()}); a record id names one fact`,
        { existingId: existing.id },
      );
    }
    return existing;
  }

  private validate(input: RecordEventInput) {
    const entry = catalogueEntry(input.code.trim().toUpperCase());
    if (!entry) throw badInput(`"${input.code}" is not a code of the credit-information catalogue`, { field: 'code' });
    if (entry.department !== this.department) {
      throw badInput(`${entry.code} is a ${entry.department} code; the ${this.department} department records only its own codes`, { field: 'code' });
    }
    const now = Date.now();
    if (input.occurredAt.getTime() > now + FUTURE_TOLERANCE_MS) {
      throw badInput(`occurredAt ${input.occurredAt.toISOString()} is in the future`, { field: 'occurredAt' });
    }
    if (input.endedAt && (input.endedAt < input.occurredAt || input.endedAt.getTime() > now + FUTURE_TOLERANCE_MS)) {
      throw badInput('endedAt must lie between occurredAt and now', { field: 'endedAt' });
    }
    const sourceRecordId = input.sourceRecordId.trim();
    if (!/^[^\s\p{C}]{1,100}$/u.test(sourceRecordId)) {
      throw badInput('sourceRecordId must be 1–100 characters without spaces or control characters', { field: 'sourceRecordId' });
    }
    const summary = input.summary.trim();
    if (summary.length === 0 || summary.length > 2000) throw badInput('summary must be 1–2000 characters', { field: 'summary' });
    const evidenceUrl = input.evidenceUrl?.trim() || null;
    if (evidenceUrl && (evidenceUrl.length > 2000 || !/^https?:$/.test(URL.parse(evidenceUrl)?.protocol ?? ''))) {
      throw badInput('evidenceUrl must be an http(s) URL of at most 2000 characters', { field: 'evidenceUrl' });
    }
    return { uscc: input.uscc, code: entry.code, occurredAt: input.occurredAt, endedAt: input.endedAt ?? null, sourceRecordId, summary, evidenceUrl };
  }

  /** newest first */
  private async find(where: FilterQuery<CreditEventRecord>): Promise<CreditEvent[]> {
    const rows = await this.orm.em.fork().find(this.entity, where, { orderBy: { occurredAt: 'desc', id: 'asc' }, disableIdentityMap: true });
    return rows.map((r) => this.toEvent(r));
  }

  private async insert(sql: string, params: unknown[]): Promise<CreditEvent[]> {
    const em = this.orm.em.fork();
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(sql, params);
    return rows.map((r) => this.toEvent(em.map(this.entity, r)));
  }

  private toEvent(r: CreditEventRecord): CreditEvent {
    return {
      id: r.id,
      uscc: r.uscc,
      code: r.code,
      department: this.department as DepartmentName,
      occurredAt: r.occurredAt,
      endedAt: r.endedAt ?? null,
      status: r.status,
      summary: r.summary,
      evidenceUrl: r.evidenceUrl ?? null,
      sourceRecordId: r.sourceRecordId,
      recordedAt: r.recordedAt,
    };
  }
}
