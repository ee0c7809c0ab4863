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
import { DEFAULT_BATCH_SIZE, importEvents, type ImportReport } from './importer';
import { progressOn } from './progress';
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

export interface ImportCommandOptions {
  format?: Format;
  rejected?: string;
  batchSize?: number;
}

/**
 * `import <department> <file>`: checks the invocation and the file's header before it opens the database, then
 * imports into that department's store alone (its migrations applied; no gateway, no other subgraph).
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

  const source = await openSource(path, format);
  let db: Database | undefined;
  let orm: MikroORM | undefined;
  try {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    db = await openDatabase(config, log);
    orm = (await openStores([department], db.url, config, log))[department];
    const store = SUBGRAPHS[department].services(orm, { config, graph: noGraph('an import reads nothing of the graph'), log }).events;
    if (!store) throw new Error(`the ${department} subgraph takes no imported events`);
    const report = await importEvents(source, store, {
      department,
      recordedBy,
      rejectedPath,
      batchSize: o.batchSize ?? DEFAULT_BATCH_SIZE,
      progress: progressOn(process.stderr, source.size),
    });
    return { report, text: describe(report, { file, format, department, recordedBy }) };
  } finally {
    source.close();
    await orm?.close();
    await db?.stop();
  }
}

function describe(r: ImportReport, about: { file: string; format: Format; department: Department; recordedBy: string }): string {
  const n = (v: number) => String(v).padStart(9);
  return [
    `${about.file} (${about.format}) into ${about.department}, recorded by ${about.recordedBy}`,
    `  read           ${n(r.read)}`,
    `  written        ${n(r.written)}`,
    `  already present${n(r.present)}`,
    `  rejected       ${n(r.rejected)}   line, row and reason of each in ${r.rejectedPath}`,
    ...(r.stoppedEarly ? [`  stopped early  at ${r.stoppedEarly.message}`] : []),
    `  ${r.read} row${r.read === 1 ? '' : 's'} in ${r.seconds.toFixed(1)} s: ${Math.round(r.read / Math.max(r.seconds, 0.001))} rows/s`,
  ].join('\n');
}
