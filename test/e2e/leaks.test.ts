import { getNamedType, type GraphQLObjectType, isObjectType } from 'graphql';
import { codes, startTestHub, type GraphQLResult, type TestHub } from '../support/hub';
import { argumentsFor, denied, leaks, reachable, readersOf, selectAll, supergraph, type Reader, type Shape } from '../support/readers';

// a production gateway: no introspection, no field suggestions, internals masked
let hub: TestHub;
let uscc: string;
let values: Record<string, string>;
let readers: Reader[];
const tokens = new Map<Reader, string | undefined>();

const MERCHANT_DEPTH = 4;
const merchantFields = Object.values((supergraph.getType('Merchant') as GraphQLObjectType).getFields());
const RECORD_LISTS =
  'penalties inspections marketListEntries complaints conductRecords consumerReports permits commitments taxpayerRatings loans arrears subsidies';

beforeAll(async () => {
  // every entry point is asked for everything to depth 4: a page of whole profiles is over the default demand budget
  hub = await startTestHub({ NODE_ENV: 'production', DEMO_MERCHANTS: '25', QUERY_COST_BUDGET: '1000000' });
  const admin = await hub.token({ roles: ['admin'] });
  // the demo merchant with records in the most lists, so that most of the table is put to the test
  const page = await hub.query(
    `{ merchantsPage(first: 25) { nodes { uscc qrToken marketEvents { id } ${RECORD_LISTS.split(' ')
      .map((l) => `${l} { id }`)
      .join(' ')} } } }`,
    {},
    admin,
  );
  const richness = (m: Record<string, unknown>) => Object.values(m).filter((v) => Array.isArray(v) && v.length > 0).length;
  const richest = page.data!.merchantsPage.nodes.sort((a: Record<string, unknown>, b: Record<string, unknown>) => richness(b) - richness(a))[0];
  uscc = richest.uscc;
  values = {
    CreditCode: uscc,
    uscc,
    ID: richest.marketEvents[0]?.id ?? '00000000-0000-4000-8000-000000000000',
    cycle: '2026',
    qrToken: richest.qrToken,
    String: '2026',
  };
  readers = readersOf(uscc, page.data!.merchantsPage.nodes.find((m: { uscc: string }) => m.uscc !== uscc).uscc);
  for (const r of readers) tokens.set(r, r.claims ? await hub.token(r.claims) : undefined);
}, 120_000);
afterAll(() => hub?.stop());

const asked = (shape: Shape) => {
  const selection = selectAll('Merchant', MERCHANT_DEPTH, shape === 'named' ? 'plain' : shape, argumentsFor(values));
  return shape === 'named'
    ? `query Whole($u: CreditCode!) { merchant(uscc: $u) { ...Everything } } fragment Everything on Merchant { ${selection} }`
    : `query Whole($u: CreditCode!) { merchant(uscc: $u) { ${selection} } }`;
};

/** Codes other than the refusals a reader may meet: an internal error, say, would show here. */
const unexpectedCodes = (r: GraphQLResult) => codes(r).filter((c) => c !== 'FORBIDDEN' && c !== 'NOT_FOUND' && c !== 'BAD_USER_INPUT');

/** Asks as a client would: a refusal that says it is retryable (a pool busy on a loaded machine) is asked again, and only the answer is judged. */
async function ask(query: string, variables: Record<string, unknown>, token: string | undefined): Promise<GraphQLResult> {
  for (let attempt = 1; ; attempt++) {
    const r = await hub.query(query, variables, token);
    if (attempt === 3 || !r.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions.retryable)) return r;
    await new Promise((done) => setTimeout(done, 500));
  }
}

describe('every reader of the policy table gets none of the fields the table denies it', () => {
  const byReader = () => readers.map((r) => [r.name, r] as const);

  it.each(['plain', 'inline', 'named'] as const)('asked for the whole merchant (%s)', async (shape) => {
    for (const [name, reader] of byReader()) {
      const r = await ask(asked(shape), { u: uscc }, tokens.get(reader));
      expect([name, unexpectedCodes(r)]).toEqual([name, []]);
      const { leaked, shown } = leaks(reader, 'Merchant', r.data!.merchant);
      expect([name, leaked]).toEqual([name, []]);
      expect(shown).toBeGreaterThan(20);
    }
  });

  it('asked for each denied field under an alias, within the alias limit', async () => {
    for (const [name, reader] of byReader()) {
      const fields = merchantFields.filter((f) => reachable(f) && denied(reader, 'Merchant', f.name, uscc));
      for (let i = 0; i < fields.length; i += 10) {
        const aliased = fields.slice(i, i + 10).map((f, j) => {
          const inner = isObjectType(getNamedType(f.type)) ? `{ ${selectAll(getNamedType(f.type).name, 2, 'plain', argumentsFor(values))} }` : '';
          return `leak${j}_${f.name}: ${f.name}${argumentsFor(values)(f) ?? ''} ${inner}`;
        });
        const r = await ask(`query($u: CreditCode!) { merchant(uscc: $u) { uscc ${aliased.join(' ')} } }`, { u: uscc }, tokens.get(reader));
        expect([name, unexpectedCodes(r)]).toEqual([name, []]);
        expect([name, leaks(reader, 'Merchant', r.data!.merchant).leaked]).toEqual([name, []]);
      }
    }
  });

  it("asked for each of the graph's entry points", async () => {
    const query = supergraph.getQueryType()!;
    const entries = Object.values(query.getFields()).filter((f) => reachable(f) && argumentsFor(values)(f) !== null);
    expect(entries.length).toBeGreaterThan(15);
    // readers side by side, each reader's entry points one after the other
    await Promise.all(
      byReader().map(async ([name, reader]) => {
        for (const f of entries) {
          const type = getNamedType(f.type);
          const inner = isObjectType(type) ? `{ ${selectAll(type.name, 3, 'plain', argumentsFor(values))} }` : '';
          const r = await ask(`{ ${f.name}${argumentsFor(values)(f)} ${inner} }`, {}, tokens.get(reader));
          expect([name, f.name, unexpectedCodes(r)]).toEqual([name, f.name, []]);
          if (denied(reader, 'Query', f.name)) expect([name, f.name, r.data?.[f.name] ?? null]).toEqual([name, f.name, null]);
          expect([name, f.name, leaks(reader, 'Query', r.data ?? null).leaked]).toEqual([name, f.name, []]);
        }
      }),
    );
  });
});

describe('what the gateway never shows', () => {
  const inaccessible = merchantFields.filter((f) => !reachable(f));

  it("the @inaccessible facts, the departments' trails of reads and the decisions they require, however they are asked for", async () => {
    expect(inaccessible.map((f) => f.name).sort()).toEqual([
      'approvalAccessLog',
      'approvalFacts',
      'financeAccessLog',
      'financeFacts',
      'marketAccessLog',
      'marketFacts',
      'urbanAccessLog',
      'urbanFacts',
      'withdrawnRecords',
    ]);
    const admin = tokens.get(readers.at(-1)!);
    const leaves: Record<string, string> = { Facts: 'code', AccessLog: 'subject', withdrawnRecords: 'eventId' };
    for (const f of inaccessible) {
      const leaf = Object.entries(leaves).find(([suffix]) => f.name.endsWith(suffix))![1];
      for (const query of [
        `query($u: CreditCode!) { merchant(uscc: $u) { ${f.name} { ${leaf} } } }`,
        `query($u: CreditCode!) { merchant(uscc: $u) { ... on Merchant { alias: ${f.name} { ${leaf} } } } }`,
        `query($u: CreditCode!) { merchant(uscc: $u) { ...F } } fragment F on Merchant { ${f.name} { ${leaf} } }`,
        `{ _entities(representations: [{ __typename: "Merchant", uscc: "${uscc}" }]) { ... on Merchant { ${f.name} { ${leaf} } } } }`,
      ]) {
        const r = await hub.query(query, { u: uscc }, admin);
        expect(codes(r)).toEqual(expect.arrayContaining(['GRAPHQL_VALIDATION_FAILED']));
        expect(r.data ?? null).toBeNull();
      }
    }
  });

  it('no introspection and no "did you mean": misspelt names reveal no field, reachable or not', async () => {
    const introspection = await hub.query('{ __schema { types { name fields { name } } } }');
    expect(codes(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(introspection.data ?? null).toBeNull();
    const misspelt = [...inaccessible.map((f) => f.name), 'accessLog', 'inspections', 'consents'].map((n) => n.slice(0, -1));
    const r = await hub.query(`query($u: CreditCode!) { merchant(uscc: $u) { ${misspelt.join(' ')} } }`, { u: uscc });
    expect(r.errors!.length).toBe(misspelt.length);
    for (const e of r.errors!) {
      expect(e.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(e.message).not.toMatch(/did you mean/i);
      expect(e.message).not.toMatch(/Facts|AccessLog|accessLog"|inspections"|consents"/);
    }
  });
});
