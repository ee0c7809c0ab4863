import type { MikroORM } from '@mikro-orm/postgresql';
import { queryOnce } from '../../src/db/database';
import { startTestHub, type TestHub } from '../support/hub';
import { PROFILE } from '../support/queries';

let hub: TestHub;
let usccs: string[];
let admin: string;
beforeAll(async () => {
  // no background work while statements are counted
  // a thousand whole profiles in one request: far over the default demand budget, which an operator may raise
  hub = await startTestHub({ DEMO_MERCHANTS: '1000', CHANGE_FEED: 'off', QUERY_COST_BUDGET: '10000000' });
  admin = await hub.token({ roles: ['admin'] });
  const page = await hub.query('{ merchantsPage(first: 1000) { nodes { uscc } } }');
  usccs = page.data!.merchantsPage.nodes.map((n: { uscc: string }) => n.uscc);
});
afterAll(() => hub?.stop());

const FULL_PROFILES = /* GraphQL */ `
  query FullProfiles($usccs: [CreditCode!]!) {
    merchants(usccs: $usccs) {
      uscc
      name
      kind
      trade
      district
      street
      address
      qrToken
      operator {
        name
        idNumber
        phone
      }
      marketEvents {
        id
        code
        occurredAt
        status
      }
      penalties {
        id
      }
      inspections {
        id
      }
      marketListEntries {
        id
      }
      complaints {
        id
      }
      urbanEvents {
        id
        code
        occurredAt
        status
      }
      conductRecords {
        id
      }
      consumerReports {
        id
      }
      approvalEvents {
        id
        code
        occurredAt
        status
      }
      permits {
        id
      }
      commitments {
        id
      }
      financeEvents {
        id
        code
        occurredAt
        status
      }
      taxpayerRatings {
        id
      }
      loans {
        id
      }
      arrears {
        id
      }
      subsidies {
        id
      }
    }
  }
`;

interface Statement {
  subgraph: string;
  sql: string;
  bindings: unknown[];
  /** the prepared statement's name, for a statement prepared once per connection */
  name?: string;
}

/** The SQL statements the subgraphs send while `work` runs. */
async function sentDuring(work: () => Promise<unknown>): Promise<Statement[]> {
  const sent: Statement[] = [];
  const detach: (() => void)[] = [];
  for (const [subgraph, orm] of Object.entries(hub.service.orms) as [string, MikroORM][]) {
    const knex = orm.em.getConnection().getKnex();
    const listener = (q: { sql: string; bindings?: unknown[]; options?: { name?: string } }) =>
      sent.push({ subgraph, sql: q.sql, bindings: q.bindings ?? [], name: q.options?.name });
    knex.on('query', listener);
    detach.push(() => knex.off('query', listener));
  }
  try {
    await work();
  } finally {
    detach.forEach((d) => d());
  }
  return sent;
}

/** How many SQL statements each subgraph sends while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { subgraph } of await sentDuring(work)) counts[subgraph] = (counts[subgraph] ?? 0) + 1;
  return counts;
}

describe('batching', () => {
  it('fetches 1,000 full merchant profiles with as many SQL statements as 10', async () => {
    let ten: Record<string, any> = {};
    let thousand: Record<string, any> = {};
    const forTen = await statementsDuring(async () => (ten = await hub.query(FULL_PROFILES, { usccs: usccs.slice(0, 10) }, admin)));
    const forThousand = await statementsDuring(async () => (thousand = await hub.query(FULL_PROFILES, { usccs }, admin)));
    expect(ten.errors).toBeUndefined();
    expect(thousand.errors).toBeUndefined();
    expect(thousand.data.merchants).toHaveLength(1000);
    expect(thousand.data.merchants.every((m: { uscc: string } | null) => m !== null)).toBe(true);
    expect(forThousand).toEqual(forTen);
    // one statement per list and subgraph, nothing per merchant (the credit office's: the directory, and the decisions
    // the departments' lists require); and each subgraph's access log written in one batch
    expect(forTen).toEqual({ credit: 3, market: 6, urban: 4, approval: 4, finance: 6 });
  });

  it('answers the same profile whether a merchant is fetched alone or among a thousand', async () => {
    const alone = await hub.query(FULL_PROFILES, { usccs: [usccs[500]] }, admin);
    const among = await hub.query(FULL_PROFILES, { usccs }, admin);
    expect(among.data!.merchants[500]).toEqual(alone.data!.merchants[0]);
  });

  it("costs a bank's batch with credit as many SQL statements for 1,000 merchants as for 10", async () => {
    const until = new Date(Date.now() + 365 * 86_400_000).toISOString();
    for (const uscc of [...usccs.slice(0, 5), ...usccs.slice(500, 505)]) {
      const owner = await hub.token({ roles: ['merchant'], uscc, sub: `owner-${uscc}` });
      expect(
        (await hub.query('mutation($until: DateTime!) { grantConsent(org: "demo-bank", until: $until) { valid } }', { until }, owner)).errors,
      ).toBeUndefined();
    }
    const bank = await hub.token({ roles: ['bank_officer'], org: 'demo-bank', sub: 'loan-officer-batching', purpose: 'LOAN_REVIEW' });
    const batch = 'query LoanPreCheck($usccs: [CreditCode!]!) { merchants(usccs: $usccs) { uscc credit { grade score loan { eligible priority tier } } } }';
    // the rules in force are read once every few seconds whatever the batch: not counted
    const perBatch = async (asked: string[]) => {
      const sent = await sentDuring(() => hub.query(batch, { usccs: asked }, bank));
      return sent.filter((s) => !/"credit"\."(scheme|measure)"/.test(s.sql)).map((s) => s.subgraph);
    };
    const [ten, thousand] = [await perBatch(usccs.slice(0, 10)), await perBatch(usccs)];
    expect(thousand.sort()).toEqual(ten.sort());
    expect(ten.length).toBeGreaterThan(0);
  });

  it('reads the hot paths with statements prepared once per connection', async () => {
    const sent = await sentDuring(() => hub.query(FULL_PROFILES, { usccs: usccs.slice(0, 10) }, admin));
    const named = (table: string) => sent.filter((s) => s.sql.includes(table)).every((s) => s.name?.startsWith('credit_hub_'));
    expect(['"credit"."merchant"', '"market"."credit_event"', '"finance"."credit_event"', '"market"."access_log"'].filter((t) => !named(t))).toEqual([]);
  });
});

describe('requests in flight together', () => {
  const N = 12;
  const shops = () => usccs.slice(100, 100 + N);
  const profileAs = (token: string, uscc: string, query = PROFILE) => hub.query(query, { uscc }, token);
  const keysOf = (sent: Statement[], table: string) => sent.filter((s) => s.sql.includes(`from ${table}`)).map((s) => s.bindings.flat());
  const rowsOf = async (schema: string, subject: string, uscc: string) =>
    (
      await queryOnce<{ n: number }>(hub.databaseUrl, `select count(*)::int as n from ${schema}.access_log where subject = $1 and uscc = $2`, [subject, uscc])
    )[0]!.n;

  it('read their merchants in shared statements, each request answered its own profile as when it is asked alone', async () => {
    const alone = [];
    for (const uscc of shops()) alone.push(await profileAs(admin, uscc));
    // N connections open, so that N requests arrive together, as under load, rather than one connection's handshake after another
    await Promise.all(shops().map(() => hub.query('{ __typename }')));
    let together: Awaited<ReturnType<typeof profileAs>>[] = [];
    const sent = await sentDuring(async () => (together = await Promise.all(shops().map((uscc) => profileAs(admin, uscc)))));
    expect(together).toEqual(alone);
    for (const table of ['"credit"."merchant"', '"market"."credit_event"', '"finance"."credit_event"']) {
      const keys = keysOf(sent, table);
      // every merchant asked once, in fewer statements than requests, at least one of them for several requests
      expect(keys.flat().sort()).toEqual([...shops()].sort());
      expect(keys.length).toBeLessThan(N);
      expect(Math.max(...keys.map((k) => k.length))).toBeGreaterThan(1);
    }
  });

  it('write their access-log rows in shared inserts, each request answered only once its own rows are written', async () => {
    const subject = 'auditor-in-flight';
    const token = await hub.token({ roles: ['admin'], sub: subject });
    const writtenAtAnswer: number[] = [];
    const sent = await sentDuring(() =>
      Promise.all(shops().map(async (uscc) => (await profileAs(token, uscc), writtenAtAnswer.push(await rowsOf('market', subject, uscc))))),
    );
    expect(writtenAtAnswer).toEqual(Array(N).fill(1));
    expect(sent.filter((s) => s.sql.startsWith('insert into "market"."access_log"')).length).toBeLessThan(N);
  });

  it('withhold only the answer whose own access-log rows cannot be written', async () => {
    const [refused, subject] = ['auditor-refused-by-the-log', 'auditor-beside-it'];
    // the log refuses one reader's rows: they fail to insert, wherever they were joined with others
    await queryOnce(hub.databaseUrl, `alter table market.access_log add constraint refuses_one_reader check (subject <> '${refused}')`);
    try {
      const tokens = [await hub.token({ roles: ['admin'], sub: refused }), await hub.token({ roles: ['admin'], sub: subject })];
      const [withheld, ...answered] = await Promise.all(shops().map((uscc, i) => profileAs(tokens[i === 0 ? 0 : 1]!, uscc)));
      expect(withheld.data ?? null).toBeNull();
      expect(withheld.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['SERVICE_UNAVAILABLE', 'the access could not be recorded, so nothing is shown; try again'],
      ]);
      expect(answered.map((a) => [a.errors, a.data!.merchant.uscc])).toEqual(
        shops()
          .slice(1)
          .map((uscc) => [undefined, uscc]),
      );
      expect(await Promise.all(shops().map((uscc, i) => rowsOf('market', i === 0 ? refused : subject, uscc)))).toEqual([0, ...Array(N - 1).fill(1)]);
    } finally {
      await queryOnce(hub.databaseUrl, 'alter table market.access_log drop constraint refuses_one_reader');
    }
  });
});
