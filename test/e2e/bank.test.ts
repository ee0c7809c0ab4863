import { queryOnce } from '../../src/db/database';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let usccs: string[];
const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();

beforeAll(async () => {
  hub = await startTestHub({ DEMO_MERCHANTS: '1000' });
  const page = await hub.query('{ merchantsPage(first: 1000) { nodes { uscc } } }');
  usccs = page.data!.merchantsPage.nodes.map((n: { uscc: string }) => n.uscc);
  // half of the city consents to the bank, each merchant with its own token
  const consenting = usccs.filter((_, i) => i % 2 === 0);
  for (let i = 0; i < consenting.length; i += 25) {
    await Promise.all(
      consenting.slice(i, i + 25).map(async (uscc) => {
        const r = await hub.query(
          'mutation($until: DateTime!) { grantConsent(org: "demo-bank", until: $until) { valid } }',
          { until: NEXT_YEAR },
          await hub.token({ roles: ['merchant'], uscc, sub: `owner-${uscc}` }),
        );
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      }),
    );
  }
}, 120_000);
afterAll(() => hub?.stop());

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

describe("a bank's batch of 1,000 merchants, half of them consenting", () => {
  it('returns the consented half in full, the other half with the grade only and one clear error per refused field', async () => {
    const bank = await hub.token({ roles: ['bank_officer'], org: 'demo-bank', sub: 'loan-officer-9', purpose: 'LOAN_REVIEW' });
    const r = await hub.query(BATCH, { usccs }, bank);
    const merchants = r.data!.merchants as { uscc: string; credit: { grade: string; score: number | null; loan: { eligible: boolean } | null } }[];
    expect(merchants).toHaveLength(1000);
    merchants.forEach((m, i) => {
      expect(m.uscc).toBe(usccs[i]);
      expect(m.credit.grade).toMatch(/^[ABCD]$/);
      if (i % 2 === 0) {
        expect(typeof m.credit.score).toBe('number');
        expect(m.credit.loan).toEqual(expect.objectContaining({ eligible: expect.any(Boolean) }));
      } else {
        expect(m.credit.score).toBeNull();
        expect(m.credit.loan).toBeNull();
      }
    });
    const errors = r.errors ?? [];
    expect(errors).toHaveLength(1000);
    const paths = new Set(errors.map((e) => e.path!.join('.')));
    for (let i = 1; i < 1000; i += 2) {
      expect(paths.has(`merchants.${i}.credit.score`)).toBe(true);
      expect(paths.has(`merchants.${i}.credit.loan`)).toBe(true);
    }
    for (const e of errors) {
      expect(e.extensions?.code).toBe('FORBIDDEN');
      expect(e.message).toMatch(/^consent missing: merchant \w{18} has not granted demo-bank a valid consent/);
    }
  });

  it('writes one access-log row per merchant of the batch: allowed for the consented, refused for the rest', async () => {
    const rows = await queryOnce<{ uscc: string; fields: string[]; outcome: string; purpose: string; org: string }>(
      hub.databaseUrl,
      "select uscc, fields, outcome, purpose, org from credit.access_log where subject = 'loan-officer-9'",
    );
    expect(rows).toHaveLength(1000);
    const byUscc = new Map(rows.map((row) => [row.uscc, row]));
    usccs.forEach((uscc, i) => {
      const row = byUscc.get(uscc)!;
      expect(row).toEqual({
        uscc,
        fields: ['CreditAssessment.loan', 'CreditAssessment.score'],
        outcome: i % 2 === 0 ? 'ALLOWED' : 'REFUSED',
        purpose: 'LOAN_REVIEW',
        org: 'demo-bank',
      });
    });
  });
});
