import type { MikroORM } from '@mikro-orm/postgresql';
import { startTestHub, type TestHub } from '../support/hub';

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

/** Counts the SQL statements each subgraph sends while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const detach: (() => void)[] = [];
  for (const [name, orm] of Object.entries(hub.service.orms) as [string, MikroORM][]) {
    const knex = orm.em.getConnection().getKnex();
    const listener = () => (counts[name] = (counts[name] ?? 0) + 1);
    knex.on('query', listener);
    detach.push(() => knex.off('query', listener));
  }
  try {
    await work();
  } finally {
    detach.forEach((d) => d());
  }
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
});
