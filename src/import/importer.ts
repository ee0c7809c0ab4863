import type { Department } from '../catalogue/types';
import { validateEvent, type ValidEvent } from '../subgraphs/department-kit';
import type { EventImport } from '../subgraphs/subgraph';
import { noProgress, type Progress } from './progress';
import { RejectedFile, type Rejection } from './rejected';
import { toRecordInput } from './rows';
import { ReadError, type Source, type SourceRow } from './source';

export const DEFAULT_BATCH_SIZE = 5_000;

export interface ImportOptions {
  department: Department;
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

interface Batch {
  events: ValidEvent[];
  /** line and original text of each event, by index */
  origins: { line: number; raw: string }[];
  rejections: Rejection[];
}

const newBatch = (): Batch => ({ events: [], origins: [], rejections: [] });

/**
 * Imports a department's export: every row validated as the API validates it (`validateEvent`), the valid ones
 * written batch by batch through `recordMany` (one insert statement each, idempotent on the record id), each
 * rejected row written with its line and reason. While one batch is being written the next one is read.
 */
export async function importEvents(source: Source, store: EventImport, o: ImportOptions): Promise<ImportReport> {
  const batchSize = o.batchSize ?? DEFAULT_BATCH_SIZE;
  const progress = o.progress ?? noProgress;
  const started = Date.now();
  const rejectedFile = await RejectedFile.open(o.rejectedPath);
  const counts = { read: 0, written: 0, present: 0, rejected: 0 };

  const write = async (batch: Batch) => {
    const result = await store.recordMany(batch.events, o.recordedBy);
    counts.written += result.written;
    counts.present += result.present;
    const conflicts = result.conflicts.map((c): Rejection => ({ ...batch.origins[c.index]!, field: 'sourceRecordId', reason: c.message }));
    const rejections = [...batch.rejections, ...conflicts].sort((a, b) => a.line - b.line);
    for (const r of rejections) await rejectedFile.write(r);
    counts.rejected += rejections.length;
  };

  let batch = newBatch();
  let writing: Promise<void> = Promise.resolve();
  let stoppedEarly: ReadError | null = null;
  try {
    try {
      for await (const row of source.rows) {
        counts.read++;
        const rejection = take(row, o.department, batch);
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
function take(row: SourceRow, department: Department, batch: Batch): Rejection | null {
  const reject = (p: { field: string | null; message: string }): Rejection => ({ line: row.line, raw: row.raw, field: p.field, reason: p.message });
  if ('problem' in row) return reject(row.problem);
  const input = toRecordInput(row.values);
  if ('problem' in input) return reject(input.problem);
  const checked = validateEvent(input.input, department);
  if ('problem' in checked) return reject(checked.problem);
  batch.events.push(checked.event);
  batch.origins.push({ line: row.line, raw: row.raw });
  return null;
}
