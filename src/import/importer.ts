import type { Department } from '../catalogue/types';
import { deriveRecord, validateEvent, type DerivedRecord, type ValidEvent } from '../subgraphs/department-kit';
import type { EventImport, RecordImport } from '../subgraphs/subgraph';
import { noProgress, type Progress } from './progress';
import { RejectedFile, type Rejection } from './rejected';
import { toRecordInput, toTypedInput, type RowProblem } from './rows';
import { ReadError, type Source, type SourceRow } from './source';

export const DEFAULT_BATCH_SIZE = 5_000;

export interface ImportOptions {
  /** who the rows are recorded by: `import:<file name>` */
  recordedBy: string;
  rejectedPath: string;
  /** rows read per insert statement */
  batchSize?: number;
  progress?: Progress;
}

export interface ImportReport {
  read: number;
  written: number;
  present: number;
  rejected: number;
  rejectedPath: string;
  seconds: number;
  /** why reading stopped before the end of the file, if it did; the rows before it are counted above */
  stoppedEarly: ReadError | null;
}

/** Where the rows of one kind of export go: each row checked as the API checks it, then written batch by batch. */
export interface RowSink<T> {
  take(values: Partial<Record<string, unknown>>): { item: T } | { problem: RowProblem };
  /** writes a batch: how many were written, how many were present, which (by index) conflict and why */
  write(items: readonly T[], recordedBy: string): Promise<{ written: number; present: number; conflicts: { index: number; message: string }[] }>;
}

/** A department's credit events, validated by `validateEvent`. */
export const eventSink = (department: Department, store: EventImport): RowSink<ValidEvent> => ({
  take(values) {
    const input = toRecordInput(values);
    if ('problem' in input) return input;
    const checked = validateEvent(input.input, department);
    return 'problem' in checked ? checked : { item: checked.event };
  },
  write: (events, recordedBy) => store.recordMany(events, recordedBy),
});

/** A department's typed records of one kind, checked by the kind's `derive`, each with the credit event it implies. */
export const recordSink = (store: RecordImport): RowSink<DerivedRecord> => ({
  take(values) {
    const input = toTypedInput(values, store.write);
    if ('problem' in input) return input;
    const derived = deriveRecord(store.write, input.input);
    return 'problem' in derived ? derived : { item: derived.record };
  },
  async write(records, recordedBy) {
    const outcomes = await store.recordMany(records, recordedBy);
    const conflicts = outcomes.flatMap((o, index) => (o.state === 'conflict' ? [{ index, message: o.message }] : []));
    const written = outcomes.filter((o) => o.state === 'written').length;
    return { written, present: outcomes.length - written - conflicts.length, conflicts };
  },
});

interface Batch<T> {
  items: T[];
  /** line and original text of each item, by index */
  origins: { line: number; raw: string }[];
  rejections: Rejection[];
}

const newBatch = <T>(): Batch<T> => ({ items: [], origins: [], rejections: [] });

/**
 * Imports a department's export: every row checked as the API checks it, the valid ones written batch by batch
 * (one insert statement each, idempotent on the record id), each rejected row written with its line and reason.
 * While one batch is being written the next one is read.
 */
export async function importRows<T>(source: Source, sink: RowSink<T>, o: ImportOptions): Promise<ImportReport> {
  const batchSize = o.batchSize ?? DEFAULT_BATCH_SIZE;
  const progress = o.progress ?? noProgress;
  const started = Date.now();
  const rejectedFile = await RejectedFile.open(o.rejectedPath);
  const counts = { read: 0, written: 0, present: 0, rejected: 0 };

  const write = async (batch: Batch<T>) => {
    const result = await sink.write(batch.items, o.recordedBy);
    counts.written += result.written;
    counts.present += result.present;
    const conflicts = result.conflicts.map((c): Rejection => ({ ...batch.origins[c.index]!, field: 'sourceRecordId', reason: c.message }));
    const rejections = [...batch.rejections, ...conflicts].sort((a, b) => a.line - b.line);
    for (const r of rejections) await rejectedFile.write(r);
    counts.rejected += rejections.length;
  };

  let batch = newBatch<T>();
  let writing: Promise<void> = Promise.resolve();
  let stoppedEarly: ReadError | null = null;
  try {
    try {
      for await (const row of source.rows) {
        counts.read++;
        const rejection = take(row, sink, batch);
        if (rejection) batch.rejections.push(rejection);
        if (counts.read % batchSize === 0) {
          await writing; // the batch before goes in first: this one must see what it wrote
          writing = write(batch);
          writing.catch(() => {}); // awaited below; meanwhile the next batch is read
          batch = newBatch();
        }
        if (counts.read % 1000 === 0) progress.update(counts.read, source.bytesRead());
      }
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      stoppedEarly = e; // the rows read before it are still imported, and the report says where reading stopped
    }
    await writing;
    await write(batch);
    progress.update(counts.read, source.bytesRead());
  } finally {
    progress.stop();
    source.close();
    await rejectedFile.close();
  }
  return { ...counts, rejectedPath: rejectedFile.path, seconds: (Date.now() - started) / 1000, stoppedEarly };
}

/** Adds a valid row to the batch, or says why it is rejected. */
function take<T>(row: SourceRow, sink: RowSink<T>, batch: Batch<T>): Rejection | null {
  const reject = (p: RowProblem): Rejection => ({ line: row.line, raw: row.raw, field: p.field, reason: p.message });
  if ('problem' in row) return reject(row.problem);
  const taken = sink.take(row.values);
  if ('problem' in taken) return reject(taken.problem);
  batch.items.push(taken.item);
  batch.origins.push({ line: row.line, raw: row.raw });
  return null;
}
