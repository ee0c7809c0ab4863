import type { Logger } from './logger';
import { reportRound } from './telemetry/metrics';
import { inSpan } from './telemetry/spans';

/**
 * Runs one round of background work, then waits an interval, until stopped; a failed round is retried next time.
 * Each round is a trace of its own (its graph requests and SQL inside it) and counted by outcome in the metrics.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** why the last round failed, while rounds keep failing */
  private failing: string | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly round: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = inSpan(`background ${this.name}`, { 'credit_hub.worker': this.name }, this.round)
        .then(() => {
          reportRound(this.name, true);
          if (this.failing !== undefined) this.log.info(`${this.name}: running again`);
          this.failing = undefined;
        })
        .catch((err) => {
          reportRound(this.name, false);
          // one line while the same failure lasts (a gateway still starting): not a stack trace every round
          const reason = err instanceof Error ? err.message : String(err);
          if (reason !== this.failing) this.log.warn({ reason }, `${this.name}: round failed; retrying every ${this.intervalMs} ms`);
          this.log.debug({ err }, `${this.name}: round failed`);
          this.failing = reason;
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Lets the round in progress finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
