import { readFileSync } from 'node:fs';
import { queryOnce } from '../../src/db/database';
import { resolve } from 'node:path';
import { buildASTSchema, isNonNullType, isObjectType, parse } from 'graphql';
import { fieldRuleOf } from '../../src/auth/enforce';
import { AUDIENCES, INHERIT } from '../../src/auth/policy';
import { withPolicyTable } from '../../src/auth/policy-table';
import { POLICY } from '../../src/subgraphs';
import { daysAgo, TestCity } from '../support/city';
import { startTestHub, type GraphQLResult, type TestHub } from '../support/hub';

describe('the policy table', () => {
  const supergraph = buildASTSchema(parse(readFileSync(resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
  const federation = /^(join__|link__|_Service$|_Entity$|Query$)/;
  const objectTypes = Object.values(supergraph.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__') && !/^(join__|link__)/.test(t.name));

  it('has an entry for every field of the supergraph', () => {
    const missing: string[] = [];
    for (const type of objectTypes) {
      if (!isObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) {
        if (federation.test(type.name) && type.name !== 'Query') continue;
        if (!fieldRuleOf(POLICY, type.name, field)) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names no field the supergraph does not have', () => {
    const stale: string[] = [];
    for (const [type, policy] of Object.entries(POLICY)) {
      const t = supergraph.getType(type);
      if (!t || !isObjectType(t)) stale.push(type);
      else if (policy !== INHERIT) for (const field of Object.keys(policy)) if (!t.getFields()[field]) stale.push(`${type}.${field}`);
    }
    expect(stale).toEqual([]);
  });

  it('makes every field that some reader may be refused nullable, so a refusal nulls that field alone', () => {
    const strict: string[] = [];
    for (const type of objectTypes) {
      if (!isObjectType(type) || type.name === 'Query' || type.name === 'Mutation' || federation.test(type.name)) continue;
      for (const [name, field] of Object.entries(type.getFields())) {
        const rule = fieldRuleOf(POLICY, type.name, name);
        if (!rule || rule === INHERIT || rule.withParent || AUDIENCES.every((a) => rule.row[a] === 'allow')) continue;
        if (isNonNullType(field.type)) strict.push(`${type.name}.${name}`);
      }
    }
    expect(strict).toEqual([]);
  });

  it('is the table docs/policy.md shows (run `npm run compose` after changing it)', () => {
    const doc = readFileSync(resolve(__dirname, '../../docs/policy.md'), 'utf8');
    expect(withPolicyTable(doc, POLICY)).toBe(doc);
  });
});

const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();

describe('who sees what of a merchant', () => {
  let hub: TestHub;
  let city: TestCity;
  let uscc: string;

  beforeAll(async () => {
    hub = await startTestHub();
    city = new TestCity(hub);
    uscc = await city.shop('东港李记面馆');
    await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(20));
    await city.record(uscc, 'MKT-PEN-MINOR', daysAgo(21));
    await city.record(uscc, 'FIN-TAX-A', daysAgo(40));
    await city.record(uscc, 'FIN-ARR-UTIL', daysAgo(22));
    const consent = await hub.query(
      'mutation($until: DateTime!) { grantConsent(org: "bank-a", until: $until) { org valid } }',
      { until: NEXT_YEAR },
      await city.merchant(uscc),
    );
    expect(consent.errors).toBeUndefined();
  });
  afterAll(() => hub?.stop());

  const WHOLE = /* GraphQL */ `
    query Whole($u: CreditCode!) {
      merchant(uscc: $u) {
        uscc
        name
        operator {
          name
          idNumber
          phone
        }
        marketEvents {
          code
          summary
          sourceRecordId
        }
        financeEvents {
          code
        }
        penalties {
          severity
        }
        inspections {
          result
        }
        taxpayerRatings {
          rating
        }
        credit {
          grade
          score
          breakdown {
            code
          }
          approval {
            mode
          }
          loan {
            eligible
          }
          inspection {
            riskClass
          }
        }
        objections {
          state
        }
        accessLog {
          nodes {
            role
          }
        }
      }
    }
  `;

  const REFUSABLE = [
    'operator.name',
    'operator.idNumber',
    'operator.phone',
    'marketEvents',
    'financeEvents',
    'penalties',
    'inspections',
    'taxpayerRatings',
    'credit.score',
    'credit.breakdown',
    'credit.approval',
    'credit.loan',
    'credit.inspection',
    'objections',
    'accessLog',
  ];

  type Expectation = { operator: 'full' | 'masked' | 'refused'; market: string[] | 'refused'; finance: string[] | 'refused'; allowed: string[] };
  const MARKET_ALL = ['MKT-PEN-GENERAL', 'MKT-PEN-MINOR'];
  const FINANCE_ALL = ['FIN-ARR-UTIL', 'FIN-TAX-A'];
  const everything = REFUSABLE.filter((p) => !p.startsWith('operator.'));

  const cases: [string, () => Promise<string | undefined>, Expectation][] = [
    [
      'the public',
      async () => undefined,
      { operator: 'refused', market: ['MKT-PEN-GENERAL'], finance: ['FIN-TAX-A'], allowed: ['marketEvents', 'financeEvents', 'penalties'] },
    ],
    [
      'the merchant itself',
      () => city.merchant(uscc),
      { operator: 'full', market: MARKET_ALL, finance: FINANCE_ALL, allowed: everything.filter((p) => p !== 'credit.inspection') },
    ],
    [
      'another merchant',
      () => city.merchant('91110000600037341L'),
      { operator: 'refused', market: ['MKT-PEN-GENERAL'], finance: ['FIN-TAX-A'], allowed: ['marketEvents', 'financeEvents', 'penalties'] },
    ],
    [
      'an approval clerk',
      () => hub.token({ roles: ['approval_clerk'], sub: 'clerk-1' }),
      {
        operator: 'masked',
        market: MARKET_ALL,
        finance: FINANCE_ALL,
        allowed: ['marketEvents', 'financeEvents', 'penalties', 'inspections', 'taxpayerRatings', 'credit.score', 'credit.breakdown', 'credit.approval'],
      },
    ],
    [
      'a bank with consent',
      () => hub.token({ roles: ['bank_officer'], org: 'bank-a', sub: 'loan-officer-1', purpose: 'LOAN_REVIEW' }),
      {
        operator: 'masked',
        market: ['MKT-PEN-GENERAL'],
        finance: FINANCE_ALL,
        allowed: ['marketEvents', 'financeEvents', 'penalties', 'taxpayerRatings', 'credit.score', 'credit.breakdown', 'credit.loan'],
      },
    ],
    [
      'a bank without consent',
      () => hub.token({ roles: ['bank_officer'], org: 'bank-b', sub: 'loan-officer-2' }),
      { operator: 'masked', market: ['MKT-PEN-GENERAL'], finance: ['FIN-TAX-A'], allowed: ['marketEvents', 'financeEvents', 'penalties'] },
    ],
    [
      'a market officer',
      () => city.officer('market'),
      { operator: 'full', market: MARKET_ALL, finance: FINANCE_ALL, allowed: everything.filter((p) => !['credit.loan', 'accessLog'].includes(p)) },
    ],
    [
      'a finance officer',
      () => city.officer('finance'),
      { operator: 'masked', market: MARKET_ALL, finance: FINANCE_ALL, allowed: everything.filter((p) => !['credit.inspection', 'accessLog'].includes(p)) },
    ],
    [
      'a market analyst',
      () => hub.token({ roles: ['department_analyst'], department: 'market', sub: 'analyst-1' }),
      { operator: 'full', market: MARKET_ALL, finance: FINANCE_ALL, allowed: everything.filter((p) => !['credit.loan', 'accessLog'].includes(p)) },
    ],
    ['an administrator', () => city.admin(), { operator: 'full', market: MARKET_ALL, finance: FINANCE_ALL, allowed: everything }],
  ];

  const at = (data: Record<string, any>, path: string) => path.split('.').reduce((v, k) => (v === null || v === undefined ? v : v[k]), data);

  it.each(cases)('%s gets exactly the fields the table gives, masked or refused', async (_, tokenOf, expected) => {
    const r: GraphQLResult = await hub.query(WHOLE, { u: uscc }, await tokenOf());
    const m = r.data!.merchant;
    expect(m.name).toBe('东港李记面馆');
    expect(m.credit.grade).toBe('A');
    const refused = (r.errors ?? []).map((e) => e.path!.slice(1).join('.'));
    for (const e of r.errors ?? []) expect(e.extensions?.code).toBe('FORBIDDEN');

    const operator = {
      full: { name: '李伟', idNumber: '371102198001010016', phone: '13812345678' },
      masked: { name: '李*', idNumber: '3711**********0016', phone: '138****5678' },
    };
    if (expected.operator === 'refused') expect(m.operator).toEqual({ name: null, idNumber: null, phone: null });
    else expect(m.operator).toEqual(operator[expected.operator]);

    const codes = (list: { code: string }[] | null) => (list ? list.map((e) => e.code).sort() : 'refused');
    expect(codes(m.marketEvents)).toEqual(expected.market);
    expect(codes(m.financeEvents)).toEqual(expected.finance);

    // every refusable path: present when allowed, null with one FORBIDDEN error at its path when refused
    const shouldRefuse = REFUSABLE.filter((p) => !p.startsWith('operator.') && !expected.allowed.includes(p));
    expect(refused.filter((p) => !p.startsWith('operator.') && !/^marketEvents\.\d+\./.test(p)).sort()).toEqual(shouldRefuse.sort());
    for (const p of shouldRefuse) expect(at(m, p)).toBeNull();
    for (const p of expected.allowed) expect(at(m, p)).not.toBeNull();
  });

  it('shows other departments a record in summary (code, date, status); its text only where the public may read it too', async () => {
    const r = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { marketEvents { code occurredAt status summary } } }',
      { u: uscc },
      await city.officer('urban'),
    );
    const byCode = Object.fromEntries(r.data!.merchant.marketEvents.map((e: { code: string }) => [e.code, e]));
    expect(byCode['MKT-PEN-MINOR']).toEqual({ code: 'MKT-PEN-MINOR', occurredAt: expect.any(String), status: 'ACTIVE', summary: null });
    expect(byCode['MKT-PEN-GENERAL'].summary).toEqual(expect.any(String));
    expect(r.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
        path: ['merchant', 'marketEvents', expect.any(Number), 'summary'],
      }),
    ]);
  });

  it('tells a bank without consent that consent is missing', async () => {
    const r = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { credit { grade score } } }',
      { u: uscc },
      await hub.token({ roles: ['bank_officer'], org: 'bank-b' }),
    );
    expect(r.data!.merchant.credit).toEqual({ grade: 'A', score: null });
    expect(r.errors).toEqual([
      expect.objectContaining({ path: ['merchant', 'credit', 'score'], message: expect.stringMatching(/consent missing: merchant .* has not granted bank-b/) }),
    ]);
  });

  it('stops showing a bank what it saw once the merchant revokes its consent', async () => {
    const other = await city.shop('另一家店');
    const bank = await hub.token({ roles: ['bank_officer'], org: 'bank-c', purpose: 'LOAN_REVIEW' });
    const q = 'query($u: CreditCode!) { merchant(uscc: $u) { credit { score } } }';
    await hub.query('mutation($until: DateTime!) { grantConsent(org: "bank-c", until: $until) { valid } }', { until: NEXT_YEAR }, await city.merchant(other));
    expect((await hub.query(q, { u: other }, bank)).data!.merchant.credit.score).toBe(1000);
    const revoked = await hub.query('mutation { revokeConsent(org: "bank-c") { valid revokedAt } }', {}, await city.merchant(other));
    expect(revoked.data!.revokeConsent.valid).toBe(false);
    expect((await hub.query(q, { u: other }, bank)).data!.merchant.credit.score).toBeNull();
  });

  it('refuses a consent in the past or for too long, and consents by anyone but the merchant', async () => {
    const grant = (until: string, token?: string) => hub.query(`mutation { grantConsent(org: "bank-a", until: "${until}") { valid } }`, {}, token);
    expect((await grant('2001-01-01T00:00:00Z', await city.merchant(uscc))).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await grant('2999-01-01T00:00:00Z', await city.merchant(uscc))).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await grant(NEXT_YEAR, await city.admin())).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await grant(NEXT_YEAR)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  describe('the access log', () => {
    const rows = (subject: string) =>
      queryOnce(hub.databaseUrl, 'select * from credit.access_log where uscc = $1 and subject = $2 order by at', [uscc, subject]);

    it('writes exactly one row per request for N reads, with who, why and which fields', async () => {
      const officer = await hub.token({ roles: ['department_officer'], department: 'urban', sub: 'auditor-probe', purpose: 'annual street-shop review' });
      for (let i = 0; i < 5; i++)
        await hub.query('query Review($u: CreditCode!) { merchant(uscc: $u) { credit { score breakdown { code } } operator { name } } }', { u: uscc }, officer);
      const logged = await rows('auditor-probe');
      expect(logged).toHaveLength(5);
      for (const row of logged) {
        expect(row).toEqual(
          expect.objectContaining({
            role: 'department_officer',
            department: 'urban',
            purpose: 'annual street-shop review',
            operation: 'Review',
            outcome: 'ALLOWED',
          }),
        );
        expect(row.fields).toEqual(['CreditAssessment.breakdown', 'CreditAssessment.score', 'Operator.name']);
      }
    });

    it('records a refused read as refused', async () => {
      const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'clerk-probe' });
      await hub.query('query Peek($u: CreditCode!) { merchant(uscc: $u) { credit { loan { eligible } } } }', { u: uscc }, clerk);
      expect((await rows('clerk-probe')).map((r) => [r.fields, r.outcome])).toEqual([[['CreditAssessment.loan'], 'REFUSED']]);
    });

    it('does not record the merchant reading its own credit, nor public data', async () => {
      const own = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { credit { score } } }', { u: uscc }, await city.merchant(uscc));
      const reader = await hub.token({ roles: ['approval_clerk'], sub: 'public-reader' });
      const open = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { name credit { grade } } }', { u: uscc }, reader);
      // both were answered: an empty log is then the proof, not a failed read
      expect([own.errors, typeof own.data!.merchant.credit.score]).toEqual([undefined, 'number']);
      expect([open.errors, typeof open.data!.merchant.credit.grade]).toEqual([undefined, 'string']);
      expect(await rows(`owner-${uscc}`)).toEqual([]);
      expect(await rows('public-reader')).toEqual([]);
    });

    it('lets the merchant read who looked and why, and no one else but an administrator', async () => {
      for (let i = 0; i < 3; i++) await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { credit { score } } }', { u: uscc }, await city.admin());
      const q =
        'query($u: CreditCode!) { merchant(uscc: $u) { accessLog(first: 2) { nodes { at org role department purpose fields operation outcome } pageInfo { endCursor hasNextPage } } } }';
      const own = await hub.query(q, { u: uscc }, await city.merchant(uscc));
      expect(own.data!.merchant.accessLog.nodes).toHaveLength(2);
      expect(own.data!.merchant.accessLog.pageInfo.hasNextPage).toBe(true);
      const next = await hub.query(
        q.replace('first: 2', 'first: 2, after: $after').replace('($u: CreditCode!)', '($u: CreditCode!, $after: String)'),
        { u: uscc, after: own.data!.merchant.accessLog.pageInfo.endCursor },
        await city.merchant(uscc),
      );
      expect(next.data!.merchant.accessLog.nodes[0].at <= own.data!.merchant.accessLog.nodes[1].at).toBe(true);
      expect((await hub.query(q, { u: uscc }, await city.officer('market'))).data!.merchant.accessLog).toBeNull();
    });

    it('refuses a cursor it never gave out, even one that decodes', async () => {
      const q = 'query($u: CreditCode!, $a: String) { merchant(uscc: $u) { accessLog(after: $a) { nodes { at } } } }';
      const forged = Buffer.from('not a position', 'utf8').toString('base64url');
      const r = await hub.query(q, { u: uscc, a: forged }, await city.merchant(uscc));
      expect(r.errors!.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  it('shows the public profile a QR code opens: public data and disclosable records, never personal data or the risk class', async () => {
    const token = (await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { qrToken } }', { u: uscc })).data!.merchant.qrToken;
    const r = await hub.query(
      'query($t: String!) { publicProfile(qrToken: $t) { name trade address credit { grade inspection { riskClass } } marketEvents { code } operator { phone } } }',
      { t: token },
    );
    expect(r.data!.publicProfile).toEqual({
      name: '东港李记面馆',
      trade: '餐饮',
      address: expect.any(String),
      credit: { grade: 'A', inspection: null },
      marketEvents: [{ code: 'MKT-PEN-GENERAL' }],
      operator: { phone: null },
    });
    expect((await hub.query('{ publicProfile(qrToken: "no-such-token") { name } }')).data!.publicProfile).toBeNull();
  });
});
