import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export { freePort } from '../../bench/measure';

/** Waits, polling, until the condition holds; false when it did not within the time. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) return false;
  }
  return true;
}

/** Polls a URL until it answers 200, or fails after the timeout. */
export async function until200(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The compiled command line. */
export const MAIN = resolve(__dirname, '../../dist/src/main.js');

/** The compiled command line run to its end, as `npm run <command>` runs it; the environment is added to the test's own. */
export const runCli = (args: string[], env: Record<string, string>, timeout = 60_000) =>
  spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout });
const EMBEDDED = resolve(__dirname, '../../dist/src/db/embedded.js');
const LOGGER = resolve(__dirname, '../../dist/src/logger.js');

/** A part of the hub run by the built code in a process of its own, started and killed at will. */
class ServiceProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    private readonly what: string,
    private readonly args: () => string[],
    private readonly env: Record<string, string>,
    /** resolves once the process can serve; it prints "ready" when given no URL to poll */
    private readonly readyUrl?: string,
  ) {}

  /** the running process's id, to tell that it is still the same one */
  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, this.args(), { env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const printedReady = new Promise<void>((ok) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-4000);
        if (/^ready$/m.test(this.output)) ok();
      });
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${this.what} exited (${code}): ${this.output}`))));
    exited.catch(() => {});
    // generous: several processes may be starting at once on a busy machine
    await Promise.race([this.readyUrl ? until200(this.readyUrl, 60_000) : printedReady, exited]);
  }

  /** SIGSTOP: still there, holding its connections, answering nothing (as a process that hangs); SIGCONT: going on. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child?.kill(signal);
  }

  /** SIGKILL: gone without warning, as in a crash; SIGTERM: a clean stop. Waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }
}

/** One subgraph served by the built hub in a process of its own, as a department runs it. */
export class SubgraphProcess extends ServiceProcess {
  constructor(
    readonly name: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    super(`the ${name} subgraph`, () => [MAIN, 'start:subgraph', name, '--port', String(port)], env, `http://127.0.0.1:${port}/health/ready`);
  }

  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }
}

/** The whole hub (all-in-one) as `npm start` runs it. */
export class HubProcess extends ServiceProcess {
  constructor(
    readonly port: number,
    env: Record<string, string>,
  ) {
    super('the hub', () => [MAIN, 'start'], { ...env, HOST: '127.0.0.1', PORT: String(port) }, `http://127.0.0.1:${port}/health/ready`);
  }

  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }
}

/**
 * The hub's embedded PostgreSQL (`startEmbeddedPostgres`) on a data directory and port of its own, in a
 * process that stops it cleanly on SIGTERM. A process, because Jest cannot load the package's ES modules.
 */
export class PostgresProcess extends ServiceProcess {
  constructor(
    dataDir: string,
    readonly port: number,
  ) {
    const script = `const { startEmbeddedPostgres } = require(${JSON.stringify(EMBEDDED)});
      startEmbeddedPostgres(${JSON.stringify(dataDir)}, ${port}, require(${JSON.stringify(LOGGER)}).createLogger('silent')).then((server) => {
        console.log('ready');
        process.once('SIGTERM', () => server.stop().then(() => process.exit(0)));
      }, (e) => { console.error(e.message); process.exit(1); });`;
    super('PostgreSQL', () => ['-e', script], {});
  }

  url(database: string): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }
}
