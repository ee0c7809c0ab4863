import type { Department } from '../catalogue/types';
import type { Random } from './random';
import type { DemoMerchant } from './types';

const PREFIX: Record<Department, string> = { market: 'MKT', urban: 'URB', approval: 'APR', finance: 'FIN' };

export interface DemoEvent {
  code: string;
  occurredAt: Date;
  summary: string;
  endedAt?: Date | null;
  /** whether the department keeps a document for it (default: yes) */
  evidence?: boolean;
}

/** Appends a department's credit-event row for a demo merchant and returns the row, whose id detail rows cite. */
export function demoEvent(events: Record<string, unknown>[], department: Department, m: DemoMerchant, rng: Random, e: DemoEvent) {
  const id = rng.uuid();
  const row = {
    id,
    uscc: m.uscc,
    code: e.code,
    occurred_at: e.occurredAt,
    ended_at: e.endedAt ?? null,
    status: e.endedAt ? 'ENDED' : 'ACTIVE',
    summary: e.summary,
    evidence_url: e.evidence === false ? null : `https://evidence.example.gov.cn/${department}/${id}`,
    source_record_id: `DEMO-${PREFIX[department]}-${m.index}-${events.length + 1}`,
    recorded_at: e.occurredAt,
    recorded_by: 'demo',
  };
  events.push(row);
  return row;
}

/** The department's own record id of a demo merchant's nth record of a kind, as a typed write would carry it. */
export const demoRecordId = (department: Department, kind: string, m: DemoMerchant, n: number) => `DEMO-${PREFIX[department]}-${kind}-${m.index}-${n}`;
