import { randomBytes } from 'node:crypto';
import { queryOnce } from '../../src/db/database';
import { rm } from 'node:fs/promises';
import { newUscc } from '../support/city';
import { postGraphQL } from '../support/hub';
import { createTestIssuer, TEST_ISSUER } from '../support/keys';
import { eventually, freePort, HubProcess, PostgresProcess, until200 } from '../support/processes';

// a PostgreSQL of this test's own, so that it can be stopped and started under the hub
const dataDir = `.data/restart-${process.pid}-${randomBytes(3).toString('hex')}`;
let postgres: PostgresProcess | undefined;
let hub: HubProcess | undefined;
let officers: Record<'market' | 'urban', string>;
const uscc = newUscc();

beforeAll(async () => {
  postgres = new PostgresProcess(dataDir, await freePort());
  await postgres.start();
  const issuer = await createTestIssuer();
  // its own process, built, in production mode: what a client would meet, internals hidden
  hub = new HubProcess(await freePort(), {
    NODE_ENV: 'production',
    DATABASE_URL: postgres.url('credit_hub'),
    DEMO_MERCHANTS: '0',
    DB_POOL_MAX: '4',
    AUTH_JWKS_FILE: issuer.jwksFile,
    AUTH_ISSUERS: TEST_ISSUER,
  });
  await hub.start();
  officers = {
    market: await issuer.sign({ sub: 'officer-market', roles: ['department_officer'], department: 'market' }),
    urban: await issuer.sign({ sub: 'officer-urban', roles: ['department_officer'], department: 'urban' }),
  };
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const CODES = { market: 'MKT-PEN-GENERAL', urban: 'URB-SAN-01' } as const;
type Department = keyof typeof CODES;

interface Write {
  department: Department;
  sourceRecordId: string;
}
type Outcome = { write: Write; status: number; id?: string; error?: { code?: unknown; retryable?: unknown; message: string } };

async function send(write: Write): Promise<Outcome> {
  const mutation = write.department === 'market' ? 'recordMarketEvent' : 'recordUrbanEvent';
  const r = await postGraphQL(
    hub!.url,
    `mutation($i: RecordEventInput!) { ${mutation}(input: $i) { id } }`,
    {
      i: {
        uscc,
        code: CODES[write.department],
        occurredAt: '2026-05-01T10:00:00Z',
        sourceRecordId: write.sourceRecordId,
        summary: 'written under a database restart',
      },
    },
    officers[write.department],
  );
  const error = r.errors?.[0];
  return {
    write,
    status: r.status,
    id: r.data?.[mutation]?.id,
    error: error && { message: error.message, code: error.extensions?.code, retryable: error.extensions?.retryable },
  };
}

/** A few officers recording events in a loop, each with a record id of its own. */
function writeLoad(writers: number) {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: writers }, async (_, w) => {
    for (let n = 0; running; n++) {
      outcomes.push(await send({ department: w % 2 ? 'urban' : 'market', sourceRecordId: `RESTART-${w}-${n}` }));
      // a refused write is retried later (below), not in a tight loop
      if (!outcomes.at(-1)!.id) await sleep(50);
    }
  });
  return { outcomes, stop: async () => ((running = false), await Promise.all(loops)) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const readiness = () => fetch(hub!.url.replace(/graphql$/, 'health/ready')).then((r) => r.status);

async function stored(): Promise<Map<string, string[]>> {
  const rows = await queryOnce<{ source_record_id: string; id: string }>(
    postgres!.url('credit_hub'),
    `select source_record_id, id from market.credit_event union all select source_record_id, id from urban.credit_event`,
  );
  const ids = new Map<string, string[]>();
  for (const r of rows) ids.set(r.source_record_id, [...(ids.get(r.source_record_id) ?? []), r.id]);
  return ids;
}

describe('PostgreSQL restarted under a load of writes', () => {
  it('loses no acknowledged write, refuses the rest retryably, reconnects by itself and writes each refused one exactly once on resend', async () => {
    const hubPid = hub!.pid;
    const load = writeLoad(4);
    const { outcomes } = load;
    const acknowledgedCount = () => outcomes.filter((o) => o.id).length;
    // waits on answers, not on the clock, so that a busy machine slows the test down instead of failing it
    expect(await eventually(() => acknowledgedCount() >= 20, 20_000)).toBe(true);
    await postgres!.stop();
    const stoppedAt = outcomes.length;
    await sleep(2000);
    expect(await eventually(() => outcomes.slice(stoppedAt).filter((o) => !o.id).length >= 8, 20_000)).toBe(true);
    const readyWhileAway = await readiness();
    await postgres!.start();
    await until200(hub!.url.replace(/graphql$/, 'health/ready'), 5_000);
    const restartedAt = outcomes.length;
    await eventually(() => outcomes.slice(restartedAt).filter((o) => o.id).length >= 20, 20_000);
    await load.stop();

    const acknowledged = outcomes.filter((o) => o.id);
    const refused = outcomes.filter((o) => !o.id);
    const lastRefusal = outcomes.map((o) => !o.id).lastIndexOf(true);
    const acknowledgedAfter = outcomes.slice(lastRefusal + 1);

    expect(outcomes.filter((o) => o.status >= 500)).toHaveLength(0);
    expect(readyWhileAway).toBe(503);
    expect(await readiness()).toBe(200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    // every refusal says the database is away and that the write may be sent again
    expect(refused.length).toBeGreaterThanOrEqual(4);
    for (const o of refused) expect(o.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    // the pool reconnected: writes are acknowledged again after the restart, by the same hub process
    expect(hub!.pid).toBe(hubPid);
    expect(acknowledgedAfter.length).toBeGreaterThanOrEqual(5);

    // every acknowledged write is stored, under the id the hub returned
    const before = await stored();
    for (const o of acknowledged) expect(before.get(o.write.sourceRecordId)).toEqual([o.id]);

    // the refused ones, sent again with the same record ids: each stored exactly once
    const resent = await Promise.all(refused.map((o) => send(o.write)));
    expect(resent.filter((o) => !o.id)).toEqual([]);
    const after = await stored();
    for (const o of [...acknowledged, ...resent]) expect(after.get(o.write.sourceRecordId)).toEqual([o.id]);
    expect(after.size).toBe(outcomes.length);
    expect([...after.values()].every((ids) => ids.length === 1)).toBe(true);
  });
});
