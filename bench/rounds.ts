/**
 * Rounds: every variant (a server and a scenario) runs for a short slice in each round, several rounds, so that
 * whatever else the machine does shifts all of them alike instead of whichever ran at that moment.
 */
import { percentile } from './measure';

/**
 * Runs `run` for every variant once per round, after a round of warming up (JIT, plan caches, pools) whose
 * results are not kept. The order turns by one each round, so that each variant in turn runs first.
 */
export async function interleave<T>(variants: readonly string[], rounds: number, run: (variant: string) => Promise<T>): Promise<Map<string, T[]>> {
  const kept = new Map(variants.map((v) => [v, [] as T[]]));
  for (let round = -1; round < rounds; round++)
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + Math.max(round, 0)) % variants.length]!;
      const result = await run(variant);
      if (round >= 0) kept.get(variant)!.push(result);
    }
  return kept;
}

/** One slice of one variant: what the clients saw, and what the server and PostgreSQL spent on it. */
export interface Slice {
  answers: number;
  seconds: number;
  /** each answer's latency, ms */
  latencies: number[];
  /** non-2xx answers, socket errors and answers carrying GraphQL errors */
  failures: number;
  serverCpuMs: number;
  /** null when PostgreSQL runs on another machine */
  postgresCpuMs: number | null;
  statements: number;
}

export interface Summary {
  answers: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  cpuMsPerAnswer: { server: number; postgres: number | null };
  statementsPerAnswer: number;
}

/** A variant's slices taken together: throughput over the time it was loaded, percentiles over all its answers. */
export function summarize(slices: readonly Slice[]): Summary {
  const sum = (f: (s: Slice) => number) => slices.reduce((n, s) => n + f(s), 0);
  const answers = sum((s) => s.answers);
  const per = (total: number) => Math.round((total / answers) * 1000) / 1000;
  const latencies = slices.flatMap((s) => s.latencies);
  return {
    answers,
    rps: Math.round(answers / sum((s) => s.seconds)),
    p50: Math.round(percentile(latencies, 50) * 10) / 10,
    p99: Math.round(percentile(latencies, 99) * 10) / 10,
    failures: sum((s) => s.failures),
    cpuMsPerAnswer: {
      server: per(sum((s) => s.serverCpuMs)),
      postgres: slices.some((s) => s.postgresCpuMs === null) ? null : per(sum((s) => s.postgresCpuMs!)),
    },
    statementsPerAnswer: per(sum((s) => s.statements)),
  };
}
