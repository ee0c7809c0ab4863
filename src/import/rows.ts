import { CodedError } from '../errors';
import type { RecordEventInput } from '../events/types';
import { DateTime } from '../scalars';

/** The columns of an export: the fields of the API's RecordEventInput. */
export const COLUMNS = ['uscc', 'code', 'occurredAt', 'sourceRecordId', 'summary', 'evidenceUrl', 'endedAt'] as const;
export type Column = (typeof COLUMNS)[number];
export const REQUIRED: readonly Column[] = ['uscc', 'code', 'occurredAt', 'sourceRecordId', 'summary'];

/** Why a row is rejected, and which column is at fault (null: the row as a whole). */
export interface RowProblem {
  field: string | null;
  message: string;
}

/**
 * A row's values as the API would receive them: text fields as text, dates through the API's own DateTime
 * scalar (RFC 3339 with an offset, e.g. 2026-03-02T08:00:00Z or 2026-03-02T16:00:00+08:00). An empty cell
 * is a missing value. What the event must satisfy beyond that is `validateEvent`'s, shared with the API.
 */
export function toRecordInput(values: Partial<Record<Column, unknown>>): { input: RecordEventInput } | { problem: RowProblem } {
  const text: Partial<Record<Column, string>> = {};
  for (const column of COLUMNS) {
    const value = values[column];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (REQUIRED.includes(column)) return { problem: { field: column, message: `${column} is missing` } };
      continue;
    }
    if (typeof value !== 'string') return { problem: { field: column, message: `${column} must be a string, not ${JSON.stringify(value)}` } };
    text[column] = value;
  }
  const occurredAt = dateTime(text.occurredAt!, 'occurredAt');
  if ('problem' in occurredAt) return occurredAt;
  const endedAt = text.endedAt === undefined ? { date: null } : dateTime(text.endedAt, 'endedAt');
  if ('problem' in endedAt) return endedAt;
  return {
    input: {
      uscc: text.uscc!,
      code: text.code!,
      occurredAt: occurredAt.date,
      sourceRecordId: text.sourceRecordId!,
      summary: text.summary!,
      evidenceUrl: text.evidenceUrl ?? null,
      endedAt: endedAt.date,
    },
  };
}

function dateTime(value: string, field: Column): { date: Date } | { problem: RowProblem } {
  try {
    return { date: DateTime.parseValue(value.trim()) as Date };
  } catch (e) {
    // a date-time the hub refuses says why; anything else is not a date-time
    if (e instanceof CodedError) return { problem: { field, message: `${field} ${e.message}` } };
    return { problem: { field, message: `${field} "${value}" is not a date-time with an offset, e.g. 2026-03-02T08:00:00Z or 2026-03-02T16:00:00+08:00` } };
  }
}
