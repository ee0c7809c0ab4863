import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(rows: number, bytes: number): void;
  stop(): void;
}

/** Without a terminal: one line per this many rows. */
export const PROGRESS_LINE_EVERY = 100_000;

/**
 * Progress on stderr (stdout keeps the report): a bar over the file's bytes with rows and rows per second on a
 * terminal; elsewhere (a log, CI) a line every 100,000 rows.
 */
export function progressOn(stream: NodeJS.WriteStream, totalBytes: number): Progress {
  const started = Date.now();
  const speed = (rows: number) => Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
  if (stream.isTTY) {
    const bar = new SingleBar(
      { stream, format: 'importing {bar} {percentage}% | {rows} rows | {speed} rows/s | {eta_formatted} left', hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(Math.max(totalBytes, 1), 0, { rows: 0, speed: 0 });
    return {
      update: (rows, bytes) => bar.update(bytes, { rows, speed: speed(rows) }),
      stop: () => bar.stop(),
    };
  }
  let next = PROGRESS_LINE_EVERY;
  return {
    update(rows) {
      if (rows < next) return;
      next = (Math.floor(rows / PROGRESS_LINE_EVERY) + 1) * PROGRESS_LINE_EVERY;
      stream.write(`read ${rows} rows, ${speed(rows)} rows/s\n`);
    },
    stop() {},
  };
}

export const noProgress: Progress = { update() {}, stop() {} };
