import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importJWK, type CryptoKey } from 'jose';
import { ASSERTION_HEADER, GATEWAY_AUDIENCE, signAssertion, type GatewayKeys } from '../../src/auth/assertion';
import { PUBLIC } from '../../src/auth/principal';
import { queryOnce } from '../../src/db/database';
import { daysAgo, TestCity } from '../support/city';
import { startTestHub, type GraphQLResult, type TestHub } from '../support/hub';
import { TEST_ISSUER } from '../support/keys';
import { freePort, until200 } from '../support/processes';

/** The independent router of deploy/hive-gateway: Hive Gateway, Hive Router's Rust query planner, the hub's trust plugin. */
const HIVE = resolve(__dirname, '../../deploy/hive-gateway');
const HIVE_BIN = resolve(HIVE, 'node_modules/@graphql-hive/gateway/dist/bin.js');
const example = (name: string) => readFileSync(resolve(__dirname, '../../docs/queries', `${name}.graphql`), 'utf8');

/**
 * Its own package, kept out of the hub's (several of its dependencies declare Node 22, and it is 500 MB): installed
 * here from its lockfile with `npm ci` when it is missing or differs from the lockfile.
 */
async function installHive(): Promise<void> {
  const versions = (file: string) => {
    if (!existsSync(file)) return null;
    const { packages } = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, { version?: string }> };
    return JSON.stringify(
      Object.entries(packages)
        .filter(([path]) => path !== '')
        .map(([path, p]) => [path, p.version])
        .sort(),
    );
  };
  // npm ci leaves node_modules/.package-lock.json: what it installed
  if (versions(resolve(HIVE, 'node_modules/.package-lock.json')) === versions(resolve(HIVE, 'package-lock.json'))) return;
  const npm = spawn('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HIVE, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  npm.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const killed = setTimeout(() => npm.kill('SIGKILL'), 15 * 60_000);
  const code = await new Promise<number | null>((done) => npm.once('close', done).once('error', (e) => ((output += e.message), done(null))));
  clearTimeout(killed);
  if (code !== 0) throw new Error(`could not install Hive Gateway: "npm ci" in ${HIVE} failed (exit ${code}):\n${output}`);
}

/** Hive Gateway as an operator runs it: `hive-gateway supergraph` with the config file, in a process of its own. */
class HiveGateway {
  private child: ChildProcess | undefined;
  private output = '';
  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  async start(): Promise<void> {
    const args = [HIVE_BIN, 'supergraph', '--config-path', resolve(HIVE, 'gateway.config.mjs'), '--host', '127.0.0.1', '--port', String(this.port)];
    const child = spawn(process.execPath, args, { cwd: HIVE, env: { PATH: process.env.PATH, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-6000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`Hive Gateway exited (${code}):\n${this.output}`))));
    exited.catch(() => {});
    await Promise.race([until200(`http://127.0.0.1:${this.port}/readiness`, 60_000), exited]);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(killed);
  }
}

let hub: TestHub;
let hive: HiveGateway;
let city: TestCity;
let usccs: string[];
let shop: string;

beforeAll(async () => {
  await installHive();
  hub = await startTestHub({ DEMO_MERCHANTS: '200', CHANGE_FEED: 'off' }, 'distributed');
  city = new TestCity(hub);
  hive = new HiveGateway(await freePort(), {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    AUTH_JWKS_FILE: hub.issuer.jwksFile,
    AUTH_ISSUERS: TEST_ISSUER,
    SUBGRAPH_URLS: hub.subgraphs.map((s) => `${s.name}=${s.url}`).join(','),
    // the one thing Hive Gateway needs besides the hub's usual environment: the gateway's private key
    GATEWAY_KEY_FILE: hub.gatewayKeys!.privateFile,
  });
  await Promise.all([
    hive.start(),
    (async () => {
      usccs = (await hub.query('{ merchantsPage(first: 200) { nodes { uscc } } }')).data!.merchantsPage.nodes.map((n: { uscc: string }) => n.uscc);
      // two evaluated cycles, for the dashboards
      for (const cycle of ['2025', '2026']) {
        const r = await hub.query('mutation($c: String!) { runEvaluation(cycle: $c) { merchants } }', { c: cycle }, await city.admin());
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      }
      // a shop with a record in each department
      shop = await city.shop();
      await city.record(shop, 'MKT-PEN-MINOR', daysAgo(30));
      await city.record(shop, 'URB-FUM-01', daysAgo(20));
      await city.record(shop, 'APR-CMT-BREACH', daysAgo(10));
      await city.record(shop, 'FIN-ARR-TAX', daysAgo(5));
    })(),
  ]);
}, 15 * 60_000);
afterAll(async () => {
  await hive?.stop();
  await hub?.stop();
});

type Answer = GraphQLResult & { extensions?: Record<string, unknown>; requestId: string | null };

async function ask(url: string, query: string, variables: Record<string, unknown>, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as GraphQLResult), status: res.status, requestId: res.headers.get('x-request-id') };
}

/** The same request through our gateway and through Hive Gateway. */
async function both(query: string, variables: Record<string, unknown>, token?: string) {
  return { ours: await ask(hub.service.url, query, variables, token), hive: await ask(hive.url, query, variables, token) };
}

/**
 * An answer as a client reads it, whole: the status, the data, the extensions, every error with all it says. Two differences of form
 * are not differences of answer: the order of the errors (each gateway lists them as its fetches come back), and a
 * `data` left out where the other says `data: null` (Hive Gateway leaves it out when a non-null root field failed).
 */
const answer = ({ status, data, errors, extensions }: Answer) => ({
  status,
  data: data ?? null,
  extensions,
  errors: errors && [...errors].sort((a, b) => (JSON.stringify([a.path, a.message]) < JSON.stringify([b.path, b.message]) ? -1 : 1)),
});
const codesOf = (r: Answer) => [...new Set((r.errors ?? []).map((e) => e.extensions?.code))];

const PROFILE = /* GraphQL */ `
  query Profile($u: CreditCode!) {
    merchant(uscc: $u) {
      uscc
      name
      kind
      trade
      district
      street
      address
      registeredAt
      operator {
        name
        idNumber
        phone
      }
      marketEvents {
        id
        code
        department
        occurredAt
        status
        summary
      }
      urbanEvents {
        id
        code
        department
        occurredAt
        status
        summary
      }
      approvalEvents {
        id
        code
        department
        occurredAt
        status
        summary
      }
      financeEvents {
        id
        code
        department
        occurredAt
        status
        summary
      }
      credit {
        grade
        score
        measures {
          id
          title
          kind
          department
          context
          reasons
        }
      }
    }
  }
`;

const BATCH = /* GraphQL */ `
  query LoanPreCheck($usccs: [CreditCode!]!) {
    merchants(usccs: $usccs) {
      uscc
      credit {
        grade
        score
        loan {
          eligible
          priority
          tier
        }
      }
    }
  }
`;

describe('Hive Gateway with the Rust query planner, over the same subgraphs as our gateway', () => {
  it("plans with Hive Router's Rust query planner: a profile joined from the credit office and the four departments", async () => {
    const r = await ask(hive.url, PROFILE, { u: shop }, await city.admin(), { 'x-query-plan': '1' });
    expect(r.errors).toBeUndefined();
    const plan = r.extensions?.queryPlan;
    expect(plan).toEqual(expect.objectContaining({ kind: 'QueryPlan' }));
    const services = new Set([...JSON.stringify(plan).matchAll(/"serviceName":"(\w+)"/g)].map((m) => m[1]));
    expect(services).toEqual(new Set(['credit', 'market', 'urban', 'approval', 'finance']));
  });

  it.each([
    ['an administrator', () => city.admin()],
    ['the public', async () => undefined],
  ])("gives %s the same merchant profile: directory, the four departments' events, grade, score and measures", async (_, token) => {
    const { ours, hive: theirs } = await both(PROFILE, { u: shop }, await token());
    expect(answer(theirs)).toEqual(answer(ours));
    // and the profile is the real one: every department's record there for the administrator, refusals for the public
    const m = ours.data!.merchant;
    if (ours.errors) expect(codesOf(ours)).toEqual(['FORBIDDEN']);
    else expect([m.marketEvents, m.urbanEvents, m.approvalEvents, m.financeEvents].map((events) => events.length)).toEqual([1, 1, 1, 1]);
  });

  it('gives a bank the same answer for its batch of 200 merchants, a third of them consenting through Hive Gateway: the same values, the same refusals', async () => {
    const consenting = usccs.filter((_, i) => i % 3 === 0);
    const until = new Date(Date.now() + 90 * 86_400_000).toISOString();
    for (let i = 0; i < consenting.length; i += 20) {
      await Promise.all(
        consenting.slice(i, i + 20).map(async (uscc) => {
          const r = await ask(
            hive.url,
            'mutation($until: DateTime!) { grantConsent(org: "hive-bank", until: $until) { valid } }',
            { until },
            await city.merchant(uscc),
          );
          expect([uscc, r.errors, r.data]).toEqual([uscc, undefined, { grantConsent: { valid: true } }]);
        }),
      );
    }
    const officer = (sub: string) => hub.token({ roles: ['bank_officer'], org: 'hive-bank', sub, purpose: 'LOAN_REVIEW' });
    const ours = await ask(hub.service.url, BATCH, { usccs }, await officer('through-ours'));
    const theirs = await ask(hive.url, BATCH, { usccs }, await officer('through-hive'));
    expect(answer(theirs)).toEqual(answer(ours));
    expect(ours.data!.merchants.filter((m: { credit: { score: number | null } }) => m.credit.score !== null)).toHaveLength(consenting.length);
    expect([codesOf(ours), ours.errors!.length]).toEqual([['FORBIDDEN'], 2 * (usccs.length - consenting.length)]);

    // each gateway's reads leave the same trail: one row per merchant, allowed for the consenting, refused for the rest
    const trail = (subject: string) =>
      queryOnce<{ uscc: string; fields: string[]; outcome: string; purpose: string; org: string }>(
        hub.databaseUrl,
        'select uscc, fields, outcome, purpose, org from credit.access_log where subject = $1 order by uscc',
        [subject],
      );
    const [viaOurs, viaHive] = await Promise.all([trail('through-ours'), trail('through-hive')]);
    expect(viaHive).toHaveLength(usccs.length);
    expect(viaHive).toEqual(viaOurs);
  });

  it("takes a bank's purpose from the x-purpose header through Hive Gateway too, and refuses a read for a purpose the consent does not name", async () => {
    const uscc = usccs[0]!; // consented to hive-bank for LOAN_REVIEW above
    const bank = await hub.token({ roles: ['bank_officer'], org: 'hive-bank', sub: 'hive-purpose-officer' });
    const q = 'query($u: CreditCode!) { merchant(uscc: $u) { credit { score } } }';
    const review = await ask(hive.url, q, { u: uscc }, bank, { 'x-purpose': 'LOAN_REVIEW' });
    expect([review.errors, typeof review.data!.merchant.credit.score]).toEqual([undefined, 'number']);
    const marketing = await ask(hive.url, q, { u: uscc }, bank, { 'x-purpose': 'marketing' });
    expect([codesOf(marketing), marketing.data!.merchant.credit.score]).toEqual([['FORBIDDEN'], null]);
    const rows = await queryOnce<{ purpose: string; outcome: string }>(
      hub.databaseUrl,
      'select purpose, outcome from credit.access_log where subject = $1 and uscc = $2 order by at',
      ['hive-purpose-officer', uscc],
    );
    expect(rows).toEqual([
      { purpose: 'LOAN_REVIEW', outcome: 'ALLOWED' },
      { purpose: 'marketing', outcome: 'REFUSED' },
    ]);
  });

  it('gives a market analyst the same dashboard: grade statistics, trend, top violations and measures', async () => {
    const { ours, hive: theirs } = await both(
      example('dashboard'),
      { cycle: null },
      await hub.token({ roles: ['department_analyst'], department: 'market', sub: 'market-analyst-1' }),
    );
    expect(answer(theirs)).toEqual(answer(ours));
    const d = ours.data!;
    expect(ours.errors).toBeUndefined();
    expect([d.byDistrict.length, d.trend.length, d.topViolations.length, d.measureCounts.length].every((n) => n > 0)).toBe(true);
  });

  describe('refuses what our gateway refuses, with the same status and codes', () => {
    it('a token that does not verify: 401 UNAUTHENTICATED, before any subgraph is asked', async () => {
      const forged = await hub.issuer.sign({ sub: 'someone', roles: ['admin'] }, { issuer: 'https://idp.elsewhere.example' });
      for (const token of ['not-a-token', forged]) {
        const { ours, hive: theirs } = await both(PROFILE, { u: shop }, token);
        expect(answer(theirs)).toEqual(answer(ours));
        expect([ours.status, codesOf(ours), ours.data]).toEqual([401, ['UNAUTHENTICATED'], undefined]);
        expect(theirs.errors![0]!.message).toMatch(/^token refused: (it is not a well-formed signed JWT|claim "iss" is not accepted)$/);
      }
    });

    it("a document over the hub's depth or token limits: refused before any subgraph is asked", async () => {
      const deep = `{ merchantsPage(first: 1) { nodes { ${'objections { merchant { '.repeat(6)}uscc${' } }'.repeat(6)} } } }`;
      const long = `{ merchantsPage(first: 1) { nodes { ${'uscc '.repeat(3000)}} } }`;
      for (const query of [deep, long]) {
        const { ours, hive: theirs } = await both(query, {});
        // both answer a refused document with 200 to a client answered in application/json, as GraphQL over HTTP recommends
        expect([theirs.status, theirs.data, theirs.errors!.length, ours.status, ours.data]).toEqual([200, undefined, 1, 200, undefined]);
        expect(theirs.errors![0]!.message).toMatch(/depth limit of 12|[Tt]oken limit of 3000/);
      }
    });

    it('the public recording an event: UNAUTHENTICATED from the subgraph, nothing recorded', async () => {
      const { ours, hive: theirs } = await both('mutation($i: RecordEventInput!) { recordUrbanEvent(input: $i) { id } }', {
        i: { uscc: shop, code: 'URB-FUM-01', occurredAt: daysAgo(1), sourceRecordId: 'HIVE-PUBLIC-1', summary: 'left by the public' },
      });
      expect(answer(theirs)).toEqual(answer(ours));
      expect(codesOf(ours)).toEqual(['UNAUTHENTICATED']);
      expect(await queryOnce(hub.databaseUrl, "select 1 from urban.credit_event where source_record_id = 'HIVE-PUBLIC-1'")).toEqual([]);
    });

    it('a bank reading a merchant that has not consented: the grade, and FORBIDDEN for the score and the loan', async () => {
      const { ours, hive: theirs } = await both(BATCH, { usccs: [shop] }, await hub.token({ roles: ['bank_officer'], org: 'another-bank' }));
      expect(answer(theirs)).toEqual(answer(ours));
      expect(ours.errors!.map((e) => [e.path!.join('.'), e.extensions!.code])).toEqual([
        ['merchants.0.credit.score', 'FORBIDDEN'],
        ['merchants.0.credit.loan', 'FORBIDDEN'],
      ]);
    });

    it("an assertion of the hub's own work not signed with the gateway's key: 403 FORBIDDEN", async () => {
      const body = JSON.stringify({ query: '{ evaluations { cycle } }' });
      const send = (url: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-credit-hub-assertion': 'e30.e30.e30' }, body }).then(async (res) => ({
          status: res.status,
          ...((await res.json()) as object),
        }));
      const [ours, theirs] = [await send(hub.service.url), await send(hive.url)];
      expect(theirs).toEqual(ours);
      expect(ours).toEqual(expect.objectContaining({ status: 403, errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] }));
    });
  });

  it("serves the credit office's own work, signed with the gateway's key for the gateway, as our gateway does: answered, and not traced as someone looking", async () => {
    const jwk = JSON.parse(readFileSync(hub.gatewayKeys!.privateFile, 'utf8'));
    const keys: GatewayKeys = { signing: (await importJWK(jwk, 'EdDSA')) as CryptoKey, verifying: null as unknown as CryptoKey, kid: jwk.kid };
    const body = JSON.stringify({
      query: 'query Judge($u: CreditCode!) { merchant(uscc: $u) { conductRecords { code } credit { score } } }',
      variables: { u: shop },
    });
    const work = {
      principal: { ...PUBLIC, subject: 'system:evaluation', roles: ['admin' as const] },
      client: null,
      requestId: `evaluation-${Date.now()}`,
      operation: 'Judge',
      startedAt: new Date(),
      internal: 'evaluation',
      forCreditOffice: false,
    };
    // an assertion is good for one use at one verifier: each gateway gets its own
    const send = async (url: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [ASSERTION_HEADER]: await signAssertion(keys, GATEWAY_AUDIENCE, work, body) },
        body,
      });
      return { status: res.status, ...((await res.json()) as object) } as Answer;
    };
    const [ours, theirs] = [await send(hub.service.url), await send(hive.url)];
    expect(answer(theirs)).toEqual(answer(ours));
    expect([ours.status, ours.errors, Array.isArray(ours.data!.merchant.conductRecords), typeof ours.data!.merchant.credit.score]).toEqual([
      200,
      undefined,
      true,
      'number',
    ]);
    expect(
      await queryOnce(
        hub.databaseUrl,
        "select 1 from urban.access_log where subject = 'system:evaluation' union all select 1 from credit.access_log where subject = 'system:evaluation'",
      ),
    ).toEqual([]);
  });

  describe('the access log of reads made through Hive Gateway', () => {
    const officer = { roles: ['department_officer'], department: 'urban', sub: 'urban-officer-hive', purpose: 'street patrol case 31' };

    it("records an urban officer's read of conduct records once, in the urban subgraph's own log: who, why, which operation, which request", async () => {
      const before = Date.now();
      const r = await ask(hive.url, 'query Patrol($u: CreditCode!) { merchant(uscc: $u) { conductRecords { id } } }', { u: shop }, await hub.token(officer), {
        'x-request-id': 'hive-patrol-1',
      });
      const after = Date.now();
      expect([r.status, r.errors, r.requestId]).toEqual([200, undefined, 'hive-patrol-1']);
      const rows = await queryOnce<{ at: Date }>(
        hub.databaseUrl,
        'select subject, role, department, org, purpose, fields, operation, request_id, outcome, at from urban.access_log where uscc = $1 and subject = $2',
        [shop, officer.sub],
      );
      expect(rows).toEqual([
        {
          subject: officer.sub,
          role: 'department_officer',
          department: 'urban',
          org: null,
          purpose: officer.purpose,
          fields: ['Merchant.conductRecords'],
          operation: 'Patrol',
          request_id: 'hive-patrol-1',
          outcome: 'ALLOWED',
          at: expect.any(Date),
        },
      ]);
      // recorded at the time the request came in
      expect(rows[0]!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(rows[0]!.at.getTime()).toBeLessThanOrEqual(after);
    });

    it('shows the merchant that read in its access log, the same through either gateway', async () => {
      const log =
        'query($u: CreditCode!) { merchant(uscc: $u) { accessLog(first: 100) { nodes { subject role department org purpose fields operation requestId outcome } } } }';
      const { ours, hive: theirs } = await both(log, { u: shop }, await city.merchant(shop));
      expect(answer(theirs)).toEqual(answer(ours));
      expect(ours.data!.merchant.accessLog.nodes.filter((e: { subject: string }) => e.subject === officer.sub)).toEqual([
        {
          subject: officer.sub,
          role: 'department_officer',
          department: 'urban',
          org: null,
          purpose: officer.purpose,
          fields: ['Merchant.conductRecords'],
          operation: 'Patrol',
          requestId: 'hive-patrol-1',
          outcome: 'ALLOWED',
        },
      ]);
    });

    it('gives a request whose id is not acceptable a fresh one, the same for every subgraph it reads', async () => {
      const admin = await hub.token({ roles: ['admin'], sub: 'admin-hive' });
      const r = await ask(hive.url, 'query Review($u: CreditCode!) { merchant(uscc: $u) { conductRecords { id } credit { score } } }', { u: shop }, admin, {
        'x-request-id': 'not acceptable!',
      });
      expect(r.errors).toBeUndefined();
      expect(r.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const rows = await queryOnce(
        hub.databaseUrl,
        "select 'credit' as log, operation, request_id from credit.access_log where uscc = $1 and subject = 'admin-hive' union all select 'urban', operation, request_id from urban.access_log where uscc = $1 and subject = 'admin-hive' order by log",
        [shop],
      );
      expect(rows).toEqual([
        { log: 'credit', operation: 'Review', request_id: r.requestId },
        { log: 'urban', operation: 'Review', request_id: r.requestId },
      ]);
    });
  });
});
