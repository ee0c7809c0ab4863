import { serve, type RunningService } from '../../src/server/serve';
import { loadConfig, SUBGRAPH_NAMES } from '../../src/config';
import { createLogger } from '../../src/logger';
import { freshDatabase } from '../support/database';
import { gatewayKeyFiles, postGraphQL, type GraphQLResult } from '../support/hub';
import { createTestIssuer, TEST_ISSUER, type TestIssuer } from '../support/keys';
import { eventually, freePort, SubgraphProcess } from '../support/processes';
import { newUscc } from '../support/city';

const SUBGRAPH_TIMEOUT_MS = 5000;
let subgraphs: SubgraphProcess[] = [];
let gateway: RunningService | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let admin: string;
let issuer: TestIssuer;
const usccs: string[] = [];

beforeAll(async () => {
  const db = await freshDatabase();
  dropDatabase = db.drop;
  issuer = await createTestIssuer();
  // production, as a department would run it: what reaches a client is only what is meant for it
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    AUTH_JWKS_FILE: issuer.jwksFile,
    AUTH_ISSUERS: TEST_ISSUER,
    DB_POOL_MAX: '2',
    PUBLIC_URL: 'https://credit.rizhao.example',
  };
  const keys = await gatewayKeyFiles();
  subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(
      async (name) =>
        new SubgraphProcess(name, await freePort(), {
          ...env,
          ...(name === 'credit' ? { GATEWAY_KEY_FILE: keys.privateFile } : { GATEWAY_PUBLIC_KEY_FILE: keys.publicFile }),
        }),
    ),
  );
  await Promise.all(subgraphs.map((s) => s.start()));
  const urls = subgraphs.map((s) => `${s.name}=${s.url}`).join(',');
  gateway = await serve(
    loadConfig({ ...env, PORT: '0', SUBGRAPH_URLS: urls, SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS), GATEWAY_KEY_FILE: keys.privateFile }),
    createLogger('silent'),
  );

  admin = await issuer.sign({ sub: 'admin-1', roles: ['admin'] });
  for (let i = 0; i < 3; i++) {
    const uscc = newUscc();
    usccs.push(uscc);
    await ask(`mutation($i: RegisterMerchantInput!) { registerMerchant(input: $i) { uscc } }`, {
      i: {
        uscc,
        name: `东港小店${i}`,
        kind: 'INDIVIDUAL_BUSINESS',
        trade: '餐饮',
        district: '东港区',
        street: '日照街道',
        address: '海曲路12号',
        operator: { name: '李伟', idNumber: '371102198001010016', phone: '13812345678' },
      },
    });
    for (const [department, code] of [
      ['Market', 'MKT-PEN-GENERAL'],
      ['Urban', 'URB-SAN-01'],
    ] as const) {
      const officer = await issuer.sign({ sub: `officer-${department}`, roles: ['department_officer'], department: department.toLowerCase() });
      const r = await postGraphQL(
        gateway.url,
        `mutation($i: RecordEventInput!) { record${department}Event(input: $i) { id } }`,
        {
          i: { uscc, code, occurredAt: '2026-05-01T10:00:00Z', sourceRecordId: `DOWN-${department}-${i}`, summary: 'recorded before the outage' },
        },
        officer,
      );
      expect(r.errors).toBeUndefined();
    }
  }
}, 90_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(subgraphs.map((s) => s.stop('SIGKILL')));
  await dropDatabase?.();
});

async function ask(query: string, variables: Record<string, unknown>) {
  const r = await postGraphQL(gateway!.url, query, variables, admin);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r;
}

const PROFILE = `query Profile($u: CreditCode!) {
  merchant(uscc: $u) { uscc name marketEvents { code } urbanEvents { code } approvalEvents { code } financeEvents { code } credit { grade score } }
}`;

interface Sample {
  sentAt: number;
  answeredAt: number;
  status: number;
  body: GraphQLResult;
}

/** A few clients asking for profiles in a loop until told to stop: every answer is kept. */
function profileLoad(clients: number) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; running; i++) {
      const sentAt = Date.now();
      const body = await postGraphQL(gateway!.url, PROFILE, { u: usccs[(c + i) % usccs.length] }, admin);
      samples.push({ sentAt, answeredAt: Date.now(), status: body.status, body });
    }
  });
  return { samples, stop: async () => ((running = false), await Promise.all(loops)) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const complete = (s: Sample) => !s.body.errors && !!s.body.data?.merchant?.credit?.grade && Array.isArray(s.body.data.merchant.marketEvents);

describe('a department subgraph down under load', () => {
  it('keeps the gateway up, answers the other departments, refuses the credit judgment coded, and recovers within 5 s of the restart', async () => {
    const market = subgraphs.find((s) => s.name === 'market')!;
    const load = profileLoad(4);
    const { samples } = load;
    // waits on answers, not on the clock, so that a busy machine slows the test down instead of failing it
    expect(await eventually(() => samples.filter(complete).length >= 8, 20_000)).toBe(true);
    await market.stop('SIGKILL');
    const killedAt = Date.now();
    await sleep(2000);
    expect(await eventually(() => samples.filter((s) => s.sentAt >= killedAt).length >= 10, 20_000)).toBe(true);
    const ready = await fetch(gateway!.url.replace(/graphql$/, 'health/ready'));
    const officer = await issuer.sign({ sub: 'officer-market', roles: ['department_officer'], department: 'market' });
    const write = await postGraphQL(
      gateway!.url,
      `mutation($i: RecordEventInput!) { recordMarketEvent(input: $i) { id } }`,
      {
        i: {
          uscc: usccs[0],
          code: 'MKT-PEN-GENERAL',
          occurredAt: '2026-05-02T10:00:00Z',
          sourceRecordId: 'DOWN-written-while-away',
          summary: 'sent while market is down',
        },
      },
      officer,
    );
    const restartAt = Date.now();
    await market.start();
    const backAt = Date.now();
    const fullAgain = (s: Sample) => s.sentAt >= backAt && complete(s);
    await eventually(() => samples.filter(fullAgain).length >= 8, 25_000);
    await load.stop();
    const live = await fetch(gateway!.url.replace(/graphql$/, 'health/live'));

    const before = samples.filter((s) => s.answeredAt < killedAt);
    const down = samples.filter((s) => s.sentAt >= killedAt && s.sentAt < restartAt);
    const firstFullAfter = samples.filter((s) => s.sentAt >= restartAt && complete(s)).sort((a, b) => a.sentAt - b.sentAt)[0];

    // the gateway stays up: no 5xx, the process answers its probes; it stays ready, and says which subgraph is missing
    expect(samples.filter((s) => s.status >= 500)).toHaveLength(0);
    expect(live.status).toBe(200);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'degraded', missing: ['market'] }]);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every(complete)).toBe(true);
    expect(write.data).toBeNull();
    expect(write.errors!.map((e) => e.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', serviceName: 'market', retryable: true }]);

    // while market is down: every answer keeps the other departments, nulls market's list and the judgment, coded
    expect(down.length).toBeGreaterThanOrEqual(10);
    for (const { body } of down) {
      const m = body.data!.merchant;
      expect(m).toMatchObject({ urbanEvents: [{ code: 'URB-SAN-01' }], approvalEvents: [], financeEvents: [], marketEvents: null, credit: null });
      const marketError = body.errors!.find((e) => e.extensions?.serviceName === 'market');
      expect(marketError?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      const judgment = body.errors!.find((e) => e.path?.join('.') === 'merchant.credit');
      expect(judgment?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, departments: ['market'] });
    }

    // back: full answers (with a grade from all four departments) within 5 s of the subgraph listening again
    expect(firstFullAfter).toBeDefined();
    expect(firstFullAfter!.sentAt - backAt).toBeLessThan(5000);
    expect(samples.filter((s) => s.sentAt >= firstFullAfter!.sentAt).every(complete)).toBe(true);
  });

  it('answers within the subgraph timeout when a department hangs, with the same coded refusals, and fully once it goes on', async () => {
    const urban = subgraphs.find((s) => s.name === 'urban')!;
    urban.signal('SIGSTOP');
    let hung: Sample;
    try {
      const sentAt = Date.now();
      const body = await postGraphQL(gateway!.url, PROFILE, { u: usccs[1] }, admin);
      hung = { sentAt, answeredAt: Date.now(), status: body.status, body };
    } finally {
      urban.signal('SIGCONT');
    }
    expect(hung.answeredAt - hung.sentAt).toBeGreaterThanOrEqual(SUBGRAPH_TIMEOUT_MS - 50);
    expect(hung.answeredAt - hung.sentAt).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 3000);
    expect(hung.status).toBe(200);
    expect(hung.body.data!.merchant).toMatchObject({ marketEvents: [{ code: 'MKT-PEN-GENERAL' }], urbanEvents: null, approvalEvents: [], credit: null });
    expect(hung.body.errors!.map((e) => e.extensions)).toEqual(
      expect.arrayContaining([
        { code: 'SERVICE_UNAVAILABLE', serviceName: 'urban', retryable: true },
        expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', retryable: true, departments: ['urban'] }),
      ]),
    );
    const after = await postGraphQL(gateway!.url, PROFILE, { u: usccs[1] }, admin);
    expect(complete({ sentAt: 0, answeredAt: 0, status: after.status, body: after })).toBe(true);
  });
});
