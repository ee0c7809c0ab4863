import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse, type CsvError } from 'csv-parse';
import type { RowProblem, RowShape } from './rows';

export const FORMATS = ['csv', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

/** One row of an export, where it stands in the file and as it was written there. */
export type SourceRow = { line: number; raw: string } & ({ values: Partial<Record<string, unknown>> } | { problem: RowProblem });

export interface Source {
  format: Format;
  /** the file's size in bytes, and how many have been read so far (for progress) */
  size: number;
  bytesRead(): number;
  /** every data row in file order; throws a ReadError, after the rows before it, when the rest of the file cannot be read */
  rows: AsyncIterable<SourceRow>;
  close(): void;
}

/** The rest of the file cannot be read (an unclosed quote, a runaway record): where, and why. */
export class ReadError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** The format of a file from its extension: .csv, .ndjson or .jsonl. */
export function formatOf(path: string): Format | null {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : null;
}

/**
 * Opens a department's export as a stream of rows: never the whole file in memory, and the file is read only
 * as fast as the rows are taken. A CSV file's header is checked here against the columns of the export's kind,
 * before anything is imported.
 */
export async function openSource(path: string, format: Format, shape: RowShape): Promise<Source> {
  const { size } = await stat(path);
  const file = createReadStream(path);
  return format === 'csv' ? csvSource(file, path, size, shape) : ndjsonSource(file, size, shape);
}

/** Rows held between the reader and the importer; beyond `high` the file is paused until they are taken. */
class RowQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private failure: Error | null = null;
  private ended = false;
  private paused = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly source: { pause(): unknown; resume(): unknown },
    private readonly high = 10_000,
  ) {}

  get length() {
    return this.items.length - this.head;
  }

  push(item: T) {
    this.items.push(item);
    if (!this.paused && this.length >= this.high) {
      this.paused = true;
      this.source.pause();
    }
    this.notify();
  }

  fail(error: Error) {
    this.failure ??= error;
    this.notify();
  }

  end() {
    this.ended = true;
    this.notify();
  }

  private notify() {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.length > 0) {
        const item = this.items[this.head++]!;
        if (this.head >= 4096) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        if (this.paused && this.length <= this.high / 2) {
          this.paused = false;
          this.source.resume();
        }
        yield item;
        continue;
      }
      if (this.failure) throw this.failure; // only after every row read before it
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;
const breaks = (text: string) => text.match(LINE_BREAK)?.length ?? 0;
const withoutBreak = (text: string) => text.replace(/(\r\n|\r|\n)$/, '');

/** Longer records are refused: a summary and a link are at most 2,000 characters each; an unclosed quote would swallow the file. */
const MAX_RECORD_BYTES = 1 << 20;

async function csvSource(file: ReadStream, path: string, size: number, shape: RowShape): Promise<Source> {
  let linesBefore = 0;
  let header: string[] | null = null;
  let headerReady!: (h: string[] | Error) => void;
  const headerRead = new Promise<string[] | Error>((r) => (headerReady = r));
  const queue = new RowQueue<SourceRow>(file);

  const parser = parse({
    bom: true,
    raw: true,
    relax_column_count: true, // a row with too few or too many fields is rejected on its own, not the whole file
    relax_quotes: true, // a stray quote inside an unquoted field is kept as written
    max_record_size: MAX_RECORD_BYTES,
    on_record: (parsed) => {
      const { record, raw } = parsed as unknown as { record: string[]; raw: string }; // with raw: true
      const line = linesBefore + 1;
      linesBefore += breaks(raw);
      const blank = record.every((f) => f.trim() === '');
      if (!header) {
        if (blank) return null; // blank lines before the header
        header = record.map((h) => h.trim());
        headerReady(header);
        return null;
      }
      if (!blank) queue.push(csvRow(header, record, line, withoutBreak(raw)));
      return null; // rows go through the queue, in order with a failure, which a stream would drop
    },
  });
  const failed = (e: Error) => {
    const reason =
      (e as CsvError).code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed'
        : (e as CsvError).code === 'CSV_MAX_RECORD_SIZE'
          ? `a record longer than ${MAX_RECORD_BYTES} bytes (is a quote never closed?)`
          : e.message;
    const error = new ReadError(linesBefore + 1, `${reason}; nothing from there on was read`);
    headerReady(error);
    queue.fail(error);
    file.destroy();
  };
  file.on('data', (chunk) => parser.write(chunk));
  file.on('end', () => parser.end());
  file.on('error', failed);
  parser.on('error', failed);
  parser.on('end', () => {
    headerReady(new Error(`${path} is empty: a CSV export starts with a header row (${shape.columns.join(',')})`));
    queue.end();
  });
  parser.resume(); // every record leaves through on_record; the parser's own output stays empty

  const got = await headerRead;
  if (got instanceof Error) {
    file.destroy();
    throw got;
  }
  checkHeader(got, path, shape);
  return { format: 'csv', size, bytesRead: () => file.bytesRead, rows: queue, close: () => file.destroy() };
}

function checkHeader(header: string[], path: string, shape: RowShape) {
  const optional = shape.columns.filter((c) => !shape.required.includes(c));
  const expected = `the columns are ${shape.columns.join(', ')}${optional.length ? ` (${optional.join(' and ')} optional)` : ''}`;
  const unknown = header.filter((h) => !shape.columns.includes(h));
  if (unknown.length)
    throw new Error(`${path}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} in the header; ${expected}`);
  const twice = header.filter((h, i) => header.indexOf(h) !== i);
  if (twice.length) throw new Error(`${path}: column "${twice[0]}" appears twice in the header`);
  const missing = shape.required.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`${path}: the header lacks ${missing.join(', ')}; ${expected}`);
}

function csvRow(header: string[], fields: string[], line: number, raw: string): SourceRow {
  if (fields.length !== header.length) {
    return {
      line,
      raw,
      problem: { field: null, message: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${header.length}` },
    };
  }
  const values: Partial<Record<string, unknown>> = {};
  header.forEach((column, i) => (values[column] = fields[i]));
  return { line, raw, values };
}

function ndjsonSource(file: ReadStream, size: number, shape: RowShape): Source {
  const lines = createInterface({ input: file, crlfDelay: Infinity });
  const queue = new RowQueue<SourceRow>(lines);
  let line = 0;
  lines.on('line', (text) => {
    line++;
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim() !== '') queue.push(ndjsonRow(text, line, shape));
  });
  lines.on('close', () => queue.end());
  file.on('error', (e) => queue.fail(new ReadError(line + 1, e.message)));
  return { format: 'ndjson', size, bytesRead: () => file.bytesRead, rows: queue, close: () => lines.close() };
}

function ndjsonRow(raw: string, line: number, shape: RowShape): SourceRow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return { line, raw, problem: { field: null, message: `not a JSON object: ${(e as Error).message}` } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      line,
      raw,
      problem: { field: null, message: `not a JSON object: each line holds one ${shape.name} as {"${shape.columns[0]}": …, "${shape.columns[1]}": …, …}` },
    };
  }
  const unknown = Object.keys(parsed).filter((k) => !shape.columns.includes(k));
  if (unknown.length) {
    return {
      line,
      raw,
      problem: {
        field: null,
        message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; the fields are ${shape.columns.join(', ')}`,
      },
    };
  }
  return { line, raw, values: parsed as Partial<Record<string, unknown>> };
}
