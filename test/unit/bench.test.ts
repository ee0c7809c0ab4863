import pg from 'pg';
import { cpuBetween, parseStat, postgresMeter, processCpu } from '../../bench/meter';
import { interleave, summarize, type Slice } from '../../bench/rounds';
import { freshDatabase } from '../support/database';

describe("the benchmark's rounds", () => {
  it('run every variant once per round after a warming-up round that is not kept, the order turning by one each round', async () => {
    const calls: string[] = [];
    let n = 0;
    const kept = await interleave(['a', 'b', 'c'], 3, async (v) => {
      calls.push(v);
      return `${v}${n++}`;
    });
    expect(calls.join(' ')).toBe('a b c a b c b c a c a b');
    expect(Object.fromEntries(kept)).toEqual({ a: ['a3', 'a8', 'a10'], b: ['b4', 'b6', 'b11'], c: ['c5', 'c7', 'c9'] });
  });

  it('sum the slices of a variant: throughput over the time it was loaded, percentiles over all its answers, costs per answer', () => {
    const slice = (answers: number, seconds: number, latency: number, postgresCpuMs: number | null): Slice => ({
      answers,
      seconds,
      latencies: Array.from({ length: answers }, () => latency),
      failures: 1,
      serverCpuMs: answers * 2,
      postgresCpuMs,
      statements: answers * 7,
    });
    expect(summarize([slice(300, 1, 10, 30), slice(100, 1, 50, 10)])).toEqual({
      answers: 400,
      rps: 200,
      p50: 10,
      p99: 50,
      failures: 2,
      cpuMsPerAnswer: { server: 2, postgres: 0.1 },
      statementsPerAnswer: 7,
    });
    // PostgreSQL's CPU unknown in one slice is unknown for the variant
    expect(summarize([slice(10, 1, 1, 5), slice(10, 1, 1, null)]).cpuMsPerAnswer.postgres).toBeNull();
  });
});

describe("the benchmark's meter", () => {
  it("reads a process's CPU time from /proc/<pid>/stat, whatever its name holds", () => {
    const ticks = 100; // CLK_TCK on Linux
    const stat = `4242 (a) b (c) S 1 4242 4242 0 -1 4194560 1 0 0 0 ${3 * ticks} ${ticks} 7 7 20 0 1 0 1 1 1`;
    expect(parseStat(stat)).toEqual({ name: 'a) b (c', cpuMs: 4000 });
  });

  it("follows this process's CPU as it works, and knows nothing of a process that is gone", async () => {
    // spin until the kernel has counted 200 ms of this process's CPU: on a busy machine that takes longer than 200 ms
    const before = (await processCpu(process.pid))!;
    let after = before;
    while (after.cpuMs - before.cpuMs < 200) {
      for (const end = performance.now() + 20; performance.now() < end;);
      after = (await processCpu(process.pid))!;
    }
    expect(after.cpuMs - before.cpuMs).toBeGreaterThanOrEqual(200); // reached, not hung: a reading that does not follow the CPU times the test out
    expect(await processCpu(2 ** 22 + 1)).toBeUndefined();
  });

  it('counts the CPU between two readings of several processes; one that started in between counts whole', () => {
    expect(
      cpuBetween(
        new Map([
          [1, 100],
          [2, 50],
        ]),
        new Map([
          [1, 130],
          [3, 20],
        ]),
      ),
    ).toBe(50);
  });

  it("counts the statements and the backends' CPU of one database, not its own", async () => {
    const database = await freshDatabase();
    const meter = await postgresMeter(database.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const before = await meter.read();
      for (let i = 0; i < 5; i++) await client.query('select count(*) from generate_series(1, 2000000)');
      const after = await meter.read();
      expect([...after.backends.keys()]).toEqual([expect.any(Number)]);
      expect(cpuBetween(before.backends, after.backends)).toBeGreaterThan(100);
      // pg_stat_statements counts the 5 statements and the meter's own reads none; pg_stat_database counts the 5
      // transactions and those of autovacuum's visits to a new database, which a busy server makes at any time
      expect(after.statements - before.statements).toBeGreaterThanOrEqual(5);
      if (meter.source === 'pg_stat_statements') expect(after.statements - before.statements).toBe(5);
    } finally {
      await client.end();
      await meter.close();
      await database.drop();
    }
  });
});
