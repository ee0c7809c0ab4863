import { CodedError } from '../errors';
import type { RecordEventInput } from '../events/types';
import { DateTime } from '../scalars';
import type { ColumnType, RecordWrite } from '../subgraphs/department-kit';

/** The columns of an export of credit events: the fields of the API's RecordEventInput. */
export const COLUMNS = ['uscc', 'code', 'occurredAt', 'sourceRecordId', 'summary', 'evidenceUrl', 'endedAt'] as const;
export type Column = (typeof COLUMNS)[number];
export const REQUIRED: readonly Column[] = ['uscc', 'code', 'occurredAt', 'sourceRecordId', 'summary'];

/** The columns of one kind of export, and which of them every row must fill. */
export interface RowShape {
  /** what one row holds, in words: an event, a penalty, … */
  name: string;
  columns: readonly string[];
  required: readonly string[];
}

export const EVENT_SHAPE: RowShape = { name: 'event', columns: COLUMNS, required: REQUIRED };

/** An export of a kind of typed record: the fields of its mutation's input. */
export const shapeOf = (write: RecordWrite): RowShape => {
  const columns = Object.entries(write.columns as Record<string, ColumnType>);
  return { name: write.kind, columns: columns.map(([c]) => c), required: columns.filter(([, t]) => !t.endsWith('?')).map(([c]) => c) };
};

/** Why a row is rejected, and which column is at fault (null: the row as a whole). */
export interface RowProblem {
  field: string | null;
  message: string;
}

const missing = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * A row's values as the API would receive them: text fields as text, dates through the API's own DateTime
 * scalar (RFC 3339 with an offset, e.g. 2026-03-02T08:00:00Z or 2026-03-02T16:00:00+08:00). An empty cell
 * is a missing value. What the event must satisfy beyond that is `validateEvent`'s, shared with the API.
 */
export function toRecordInput(values: Partial<Record<string, unknown>>): { input: RecordEventInput } | { problem: RowProblem } {
  const text: Partial<Record<Column, string>> = {};
  for (const column of COLUMNS) {
    const value = values[column];
    if (missing(value)) {
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

/**
 * A row of a typed export as its mutation's input: each column by its type (text, a date-time as the API reads
 * it, a whole number, yes or no), an empty cell a missing value. What the record must satisfy beyond that is
 * its kind's `derive`, shared with the API.
 */
export function toTypedInput(values: Partial<Record<string, unknown>>, write: RecordWrite): { input: object } | { problem: RowProblem } {
  const input: Record<string, unknown> = {};
  for (const [column, type] of Object.entries(write.columns as Record<string, ColumnType>)) {
    const value = values[column];
    if (missing(value)) {
      if (!type.endsWith('?')) return { problem: { field: column, message: `${column} is missing` } };
      input[column] = null;
      continue;
    }
    const cell = typeof value === 'string' ? value.trim() : value;
    const kind = type.replace('?', '');
    if (kind === 'int') {
      const n = typeof cell === 'number' ? cell : /^[+-]?\d+$/.test(String(cell)) ? Number(cell) : NaN;
      if (!Number.isSafeInteger(n)) return { problem: { field: column, message: `${column} ${JSON.stringify(value)} is not a whole number` } };
      input[column] = n;
    } else if (kind === 'bool') {
      const yes = ['true', 'yes', '1', '是'].includes(String(cell).toLowerCase());
      if (!yes && !['false', 'no', '0', '否'].includes(String(cell).toLowerCase()))
        return { problem: { field: column, message: `${column} ${JSON.stringify(value)} is neither true nor false` } };
      input[column] = yes;
    } else if (typeof cell !== 'string') {
      return { problem: { field: column, message: `${column} must be a string, not ${JSON.stringify(value)}` } };
    } else if (kind === 'date') {
      const date = dateTime(cell, column);
      if ('problem' in date) return date;
      input[column] = date.date;
    } else input[column] = cell;
  }
  return { input };
}

function dateTime(value: string, field: string): { date: Date } | { problem: RowProblem } {
  try {
    return { date: DateTime.parseValue(value.trim()) as Date };
  } catch (e) {
    // a date-time the hub refuses says why; anything else is not a date-time
    if (e instanceof CodedError) return { problem: { field, message: `${field} ${e.message}` } };
    return { problem: { field, message: `${field} "${value}" is not a date-time with an offset, e.g. 2026-03-02T08:00:00Z or 2026-03-02T16:00:00+08:00` } };
  }
}
