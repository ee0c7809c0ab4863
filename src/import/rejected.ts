import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export interface Rejection {
  /** the line of the input file where the row starts */
  line: number;
  /** the column at fault, or null for the row as a whole */
  field: string | null;
  reason: string;
  /** the row exactly as it stood in the input */
  raw: string;
}

export const REJECTED_HEADER = ['line', 'field', 'reason', 'row'] as const;

const quoted = (value: string) => (/[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * The rejected rows of an import as CSV: line, field, reason and the original row. UTF-8 with a BOM, so that
 * spreadsheet programs show Chinese text as such. Always written, header only when nothing was rejected, so
 * an earlier run's file never lingers beside a clean import.
 */
export class RejectedFile {
  private constructor(
    readonly path: string,
    private readonly out: WriteStream,
  ) {}

  static async open(path: string): Promise<RejectedFile> {
    const out = createWriteStream(path, { encoding: 'utf8' });
    await once(out, 'open');
    const file = new RejectedFile(path, out);
    await file.put(`\uFEFF${REJECTED_HEADER.join(',')}\n`);
    return file;
  }

  write(r: Rejection): Promise<void> {
    return this.put(`${r.line},${quoted(r.field ?? '')},${quoted(r.reason)},${quoted(r.raw)}\n`);
  }

  private async put(text: string) {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
