import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { InvalidArgumentError } from 'commander';
import { DEPARTMENTS, type Department } from '../catalogue/types';
import { loadConfig } from '../config';
import { openDatabase, type Database } from '../db/database';
import { noGraph } from '../graph-client';
import { createLogger } from '../logger';
import { SUBGRAPHS } from '../subgraphs';
import { openStores } from '../server/stores';
import { DEFAULT_BATCH_SIZE, eventSink, importRows, recordSink, type ImportReport, type RowSink } from './importer';
import { progressOn } from './progress';
import { EVENT_SHAPE, shapeOf, type RowShape } from './rows';
import { FORMATS, formatOf, openSource, type Format } from './source';

export { DEFAULT_BATCH_SIZE };

export const departmentArg = (value: string): Department => {
  if (!DEPARTMENTS.includes(value as Department)) throw new InvalidArgumentError(`one of ${DEPARTMENTS.join(', ')}`);
  return value as Department;
};
export const formatArg = (value: string): Format => {
  if (!FORMATS.includes(value as Format)) throw new InvalidArgumentError(`one of ${FORMATS.join(', ')}`);
  return value as Format;
};
export const batchSizeArg = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50_000) throw new InvalidArgumentError('a whole number from 1 to 50000');
  return n;
};

/** what an export holds without --kind: credit events */
export const EVENTS = 'event';

export interface ImportCommandOptions {
  /** the kind of record the export holds: `event` (the default), or one of the department's typed records */
  kind?: string;
  format?: Format;
  rejected?: string;
  batchSize?: number;
}

/** The kinds of record a department's exports may hold: credit events, and each of its typed records. */
export function importKinds(department: Department): Map<string, RowShape> {
  const writes = SUBGRAPHS[department].writes ?? [];
  return new Map([[EVENTS, EVENT_SHAPE], ...writes.map((w) => [w.kind, shapeOf(w)] as const)]);
}

/**
 * `import <department> <file> [--kind <kind>]`: checks the invocation and the file's header before it opens the
 * database, then imports into that department's store alone (its migrations applied; no gateway, no other subgraph).
 */
export async function runImport(department: Department, file: string, o: ImportCommandOptions): Promise<{ report: ImportReport; text: string }> {
  const path = resolve(file);
  const found = await stat(path).catch(() => null);
  if (!found) throw new Error(`no file at ${file}`);
  if (!found.isFile()) throw new Error(`${file} is not a file`);
  const format = o.format ?? formatOf(path);
  if (!format) throw new Error(`cannot tell the format of ${file} from its extension: name it .csv, .ndjson or .jsonl, or pass --format csv|ndjson`);
  const rejectedPath = o.rejected ?? `${file}.rejected.csv`;
  if (resolve(rejectedPath) === path) throw new Error('--rejected names the input file itself');
  const recordedBy = `import:${basename(path)}`.slice(0, 200);
  const kind = o.kind ?? EVENTS;
  const shape = importKinds(department).get(kind);
  if (!shape) throw new Error(`the ${department} department imports ${[...importKinds(department).keys()].join(', ')}; not "${kind}"`);

  const source = await openSource(path, format, shape);
  let db: Database | undefined;
  let orm: MikroORM | undefined;
  try {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    db = await openDatabase(config, log);
    orm = (await openStores([department], db.url, config, log))[department];
    const services = SUBGRAPHS[department].services(orm, { config, graph: noGraph('an import reads nothing of the graph'), log });
    const sink: RowSink<unknown> | undefined =
      kind === EVENTS ? services.events && eventSink(department, services.events) : services.records?.[kind] && recordSink(services.records[kind]);
    if (!sink) throw new Error(`the ${department} subgraph takes no imported ${kind} rows`);
    const report = await importRows(source, sink, {
      recordedBy,
      rejectedPath,
      batchSize: o.batchSize ?? DEFAULT_BATCH_SIZE,
      progress: progressOn(process.stderr, source.size),
    });
    return { report, text: describe(report, { file, format, department, kind, recordedBy }) };
  } finally {
    source.close();
    await orm?.close();
    await db?.stop();
  }
}

function describe(r: ImportReport, about: { file: string; format: Format; department: Department; kind: string; recordedBy: string }): string {
  const n = (v: number) => String(v).padStart(9);
  return [
    `${about.file} (${about.format}, ${about.kind} rows) into ${about.department}, recorded by ${about.recordedBy}`,
    `  read           ${n(r.read)}`,
    `  written        ${n(r.written)}`,
    `  already present${n(r.present)}`,
    `  rejected       ${n(r.rejected)}   line, row and reason of each in ${r.rejectedPath}`,
    ...(r.stoppedEarly ? [`  stopped early  at ${r.stoppedEarly.message}`] : []),
    `  ${r.read} row${r.read === 1 ? '' : 's'} in ${r.seconds.toFixed(1)} s: ${Math.round(r.read / Math.max(r.seconds, 0.001))} rows/s`,
  ].join('\n');
}
