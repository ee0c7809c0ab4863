import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { serve, type RunningService } from '../../src/server/serve';
import { postGraphQL, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';
import { TEST_ISSUER } from '../support/keys';
import { PROFILE } from '../support/queries';

/**
 * All-in-one, the API schema executed directly answers as Apollo Gateway's query plans over the same subgraphs do:
 * two hubs on one database, the same requests of every kind of reader. What may differ is listed in
 * docs/deploying.md: `locations`, `serviceName`, the order of the errors, the place of a document's refused literal.
 */
let direct: TestHub;
let gateway: RunningService;
beforeAll(async () => {
  direct = await startTestHub({ DEMO_MERCHANTS: '12', CHANGE_FEED: 'off', EXECUTION: 'direct' }, 'all-in-one');
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: direct.databaseUrl,
    DEMO_MERCHANTS: '12',
    CHANGE_FEED: 'off',
    AUTH_JWKS_FILE: direct.issuer.jwksFile,
    AUTH_ISSUERS: TEST_ISSUER,
    DB_POOL_MAX: '4',
    EXECUTION: 'gateway',
  };
  gateway = await serve(loadConfig(env), createLogger('silent'), { background: false });
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await direct?.stop();
});

/** An answer without what the two executions may tell differently. */
function comparable(r: GraphQLResult): unknown {
  const errors = r.errors?.map((e) => JSON.stringify({ ...e, locations: undefined, extensions: { ...e.extensions, serviceName: undefined } })).sort();
  return { data: r.data, errors, status: r.status };
}

const READERS: Record<string, Record<string, unknown> | null> = {
  'the public': null,
  'an administrator': { roles: ['admin'] },
  'a market officer': { roles: ['department_officer'], department: 'market' },
  'an approval clerk': { roles: ['approval_clerk'] },
  'a bank without consents': { roles: ['bank_officer'], org: 'demo-bank', purpose: 'LOAN_REVIEW' },
};

const BATCH = /* GraphQL */ `
  query LoanPreCheck($usccs: [CreditCode!]!) {
    merchants(usccs: $usccs) {
      uscc
      name
      operator {
        name
        phone
      }
      credit {
        grade
        score
        loan {
          eligible
          reasons
        }
      }
      financeEvents {
        code
        summary
      }
      marketEvents {
        code
        summary
      }
    }
  }
`;

it("answers every reader's profile, batch and worklist as the gateway's plans do, refusals and masks alike", async () => {
  const page = await direct.query('{ merchantsPage(first: 12) { nodes { uscc } } }');
  const usccs = (page.data!.merchantsPage.nodes as { uscc: string }[]).map((n) => n.uscc);
  expect(usccs).toHaveLength(12);
  const requests: [string, Record<string, unknown>][] = [
    ...usccs.slice(0, 4).map((uscc): [string, Record<string, unknown>] => [PROFILE, { uscc }]),
    [BATCH, { usccs }],
    ['{ worklist { department objections { kind uscc } commitmentsDue { kind } consumerReports { kind } } }', {}],
  ];
  let refusals = 0;
  for (const [who, claims] of Object.entries(READERS)) {
    const token = claims ? await direct.token(claims) : undefined;
    for (const [query, variables] of requests) {
      const [a, b] = await Promise.all([direct.query(query, variables, token), postGraphQL(gateway.url, query, variables, token)]);
      expect([who, query, comparable(a)]).toEqual([who, query, comparable(b)]);
      refusals += a.errors?.length ?? 0;
    }
  }
  // the readers were refused something: the refusals are compared too
  expect(refusals).toBeGreaterThan(0);
});
