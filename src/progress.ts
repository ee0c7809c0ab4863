import { Presets, SingleBar } from 'cli-progress';

export interface CountProgress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Without a terminal: a line each time the work is this much further along. */
export const PROGRESS_LINE_SHARE = 0.1;

/**
 * Progress of work counted in items (merchants judged), on stderr so that stdout keeps the result: a bar with the
 * count, the speed and the time left on a terminal; elsewhere (a log, CI, a pipe) a line about every 10 %.
 */
export function countProgress(stream: NodeJS.WriteStream, label: string, unit: string): CountProgress {
  const started = Date.now();
  const speed = (done: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  if (stream.isTTY) {
    const bar = new SingleBar(
      { stream, format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | {eta_formatted} left`, hideCursor: true },
      Presets.shades_classic,
    );
    let begun = false;
    return {
      update(done, total) {
        if (!begun) bar.start(total, 0, { speed: 0 });
        begun = true;
        bar.setTotal(total);
        bar.update(done, { speed: speed(done) });
      },
      stop: () => {
        if (begun) bar.stop();
        begun = false;
      },
    };
  }
  let next = 0;
  return {
    update(done, total) {
      const share = total > 0 ? done / total : 1;
      if (share < next && done < total) return;
      next = (Math.floor(share / PROGRESS_LINE_SHARE + 1e-9) + 1) * PROGRESS_LINE_SHARE;
      stream.write(`${label}: ${done}/${total} ${unit} (${Math.floor(share * 100)} %), ${speed(done)} ${unit}/s\n`);
    },
    stop() {},
  };
}
