import type { ClassType } from 'type-graphql';
import { catalogueEntry } from '../../catalogue';
import { recordDateProblem } from '../../credit-engine';
import { badInput, MALFORMED_TEXT } from '../../errors';
import { parseUscc } from '../../uscc';
import type { DepartmentRecord } from './entities';

/** The credit event a typed record implies, its catalogue code derived from the record. */
export interface ImpliedEvent {
  code: string;
  occurredAt: Date;
  endedAt?: Date | null;
  summary: string;
  evidenceUrl?: string | null;
}

/** A typed record checked and understood: what to store, and the credit event it implies (null: none). */
export interface DerivedRecord {
  uscc: string;
  sourceRecordId: string;
  /** the record's own columns (besides id, uscc, source_record_id and event_id), by column name */
  columns: Record<string, unknown>;
  event: ImpliedEvent | null;
}

/** How an export's cell becomes an input field; `?`: the cell may be empty. */
export type ColumnType = 'text' | 'date' | 'int' | 'text?' | 'date?' | 'int?' | 'bool?';

/**
 * A kind of record a department writes through the graph and the import: its mutation, its input, how it is
 * checked, and what credit event it implies. The kit stores the record and its event in one statement,
 * idempotent on the record id.
 */
export interface RecordWrite<I extends object = object> {
  entity: new () => DepartmentRecord;
  /** the mutation, e.g. recordPenaltyDecision */
  mutation: string;
  description: string;
  input: ClassType<I>;
  /** its name for the import: `import market file.csv --kind penalty` */
  kind: string;
  /** the input's fields as the columns of an export */
  columns: { [K in keyof I & string]-?: ColumnType };
  /** the stored columns that make one fact: the same record id with these unchanged is the same record sent again */
  sameFact: readonly string[];
  /** checks the input (throwing `Invalid`) and derives the record and its event */
  derive(input: I, now: number): DerivedRecord;
}

/** Declares a kind of record write; the columns are checked against the input by the compiler. */
export const recordWrite = <I extends object>(w: RecordWrite<I>): RecordWrite => w as unknown as RecordWrite;

/** A field of a record's input that is wrong, and why: a BAD_USER_INPUT through the graph, a rejected row in an import. */
export class Invalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Throws `Invalid` for the field unless the condition holds. */
export function must(condition: unknown, field: string, message: string): asserts condition {
  if (!condition) throw new Invalid(field, message);
}

/** The checks every typed record shares. */
export const check = {
  uscc(value: string): string {
    const parsed = parseUscc(value);
    if ('problem' in parsed) throw new Invalid('uscc', parsed.problem);
    return parsed.uscc;
  },

  recordId(value: string, field = 'sourceRecordId'): string {
    const id = value.trim();
    must(/^[^\s\p{C}]{1,100}$/u.test(id), field, `${field} must be 1–100 characters without spaces or control characters`);
    return id;
  },

  /** a date of the record: not in the future, not before the oldest credit record */
  date(value: Date, field: string, now: number): Date {
    const problem = recordDateProblem(value, field, now);
    if (problem) throw new Invalid(field, problem);
    return value;
  },

  text(value: string, field: string, max: number): string {
    const text = value.trim();
    must(text.length > 0 && text.length <= max, field, `${field} must be 1–${max} characters`);
    // the API refuses such text before it gets here; an import's rows come straight from the file
    must(!MALFORMED_TEXT.test(text), field, `${field} holds a NUL character or half of a surrogate pair`);
    return text;
  },

  optionalText(value: string | null | undefined, field: string, max: number): string | null {
    return value?.trim() ? check.text(value, field, max) : null;
  },

  url(value: string | null | undefined, field: string): string | null {
    const url = value?.trim() || null;
    must(
      !url || (url.length <= 2000 && !MALFORMED_TEXT.test(url) && /^https?:$/.test(URL.parse(url)?.protocol ?? '')),
      field,
      `${field} must be an http(s) URL of at most 2000 characters`,
    );
    return url;
  },

  /** one of an enum's values: the graph checks its enums, an import's cells are text */
  oneOf<T extends string>(value: string, values: Record<string, T>, field: string): T {
    const v = String(value).trim().toUpperCase();
    must(Object.values(values).includes(v as T), field, `${field} "${value}" is not one of ${Object.values(values).join(', ')}`);
    return v as T;
  },

  /** a whole number in a range */
  whole(value: number, field: string, min: number, max: number): number {
    must(Number.isInteger(value) && value >= min && value <= max, field, `${field} must be a whole number from ${min} to ${max}`);
    return value;
  },

  /** a catalogue code of the department */
  code(value: string, department: string, field: string): string {
    const entry = catalogueEntry(value.trim().toUpperCase());
    must(entry && entry.department === department, field, `"${value}" is not a ${department} code of the credit-information catalogue`);
    return entry.code;
  },
};

/** The one check of a typed record, shared by the graph and the import: the record, or the first problem found. */
export function deriveRecord(write: RecordWrite, input: object, now = Date.now()): { record: DerivedRecord } | { problem: { field: string; message: string } } {
  try {
    return { record: write.derive(input, now) };
  } catch (e) {
    if (e instanceof Invalid) return { problem: { field: e.field, message: e.message } };
    throw e;
  }
}

/** Runs checks for the graph: an `Invalid` becomes a BAD_USER_INPUT naming its field. */
export function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof Invalid) throw badInput(e.message, { field: e.field });
    throw e;
  }
}
