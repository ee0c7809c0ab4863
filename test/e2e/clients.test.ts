import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestHub, type TestHub } from '../support/hub';
import { daysAgo, TestCity } from '../support/city';

const example = (name: string) => readFileSync(resolve(__dirname, '../../docs/queries', `${name}.graphql`), 'utf8');

let hub: TestHub;
let city: TestCity;
let usccs: string[];
beforeAll(async () => {
  hub = await startTestHub({ DEMO_MERCHANTS: '150', CHANGE_FEED: 'off' });
  city = new TestCity(hub);
  usccs = (await hub.query('{ merchantsPage(first: 150) { nodes { uscc } } }')).data!.merchantsPage.nodes.map((n: { uscc: string }) => n.uscc);
  for (const cycle of ['2025', '2026']) {
    const r = await hub.query('mutation($c: String!) { runEvaluation(cycle: $c) { merchants } }', { c: cycle }, await city.admin());
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
});
afterAll(() => hub?.stop());

describe('the example queries of docs/queries, as their clients send them', () => {
  it('approval.graphql: a clerk learns the mode, why, the open and breached commitments and the approval measures in one answer', async () => {
    const uscc = await city.shop();
    const clerk = await hub.token({ roles: ['approval_clerk'], sub: 'window-1' });
    await hub.query(
      'mutation($i: SignCommitmentInput!) { signCommitment(input: $i) { id } }',
      { i: { uscc, matter: '健康证明后补', dueDate: new Date(Date.now() + 864e5 * 20).toISOString(), sourceRecordId: 'EX-1' } },
      clerk,
    );
    await city.record(uscc, 'APR-CMT-BREACH', daysAgo(5));
    const r = await hub.query(example('approval'), { uscc, matter: '食品经营许可' }, clerk);
    expect(r.errors).toBeUndefined();
    expect(r.data!.approvalCheck).toEqual(
      expect.objectContaining({
        uscc,
        matter: '食品经营许可',
        mode: 'STANDARD',
        commitments: [expect.objectContaining({ matter: '健康证明后补', status: 'PENDING', overdue: false })],
      }),
    );
    expect(r.data!.approvalCheck.measures.map((m: { id: string }) => m.id)).toContain('BREACH-NO-COMMITMENT');
    expect(r.data!.approvalCheck.reasons.join(' ')).toMatch(/APR-CMT-BREACH/);
  });

  it('bank.graphql: a bank reads the credit and loan treatment of merchants that consented', async () => {
    const batch = usccs.slice(0, 20);
    for (const uscc of batch) {
      await hub.query(
        'mutation($u: DateTime!) { grantConsent(org: "example-bank", until: $u) { valid } }',
        { u: new Date(Date.now() + 864e5 * 90).toISOString() },
        await city.merchant(uscc),
      );
    }
    const r = await hub.query(example('bank'), { usccs: batch }, await hub.token({ roles: ['bank_officer'], org: 'example-bank', purpose: 'LOAN_REVIEW' }));
    expect(r.errors).toBeUndefined();
    for (const m of r.data!.merchants)
      expect(m.credit).toEqual(
        expect.objectContaining({ grade: expect.any(String), score: expect.any(Number), loan: expect.objectContaining({ tier: expect.any(String) }) }),
      );
  });

  it('dashboard.graphql: a department reads the distribution, trend, violations and measures of the evaluated cycles', async () => {
    const r = await hub.query(example('dashboard'), { cycle: null }, await hub.token({ roles: ['department_analyst'], department: 'market' }));
    expect(r.errors).toBeUndefined();
    const d = r.data!;
    expect(d.evaluations.map((e: { cycle: string }) => e.cycle)).toEqual(['2026', '2025']);
    const total = (rows: { count: number }[]) => rows.reduce((s, x) => s + x.count, 0);
    expect(total(d.byDistrict)).toBe(150);
    expect(total(d.byTrade)).toBe(150);
    for (const row of d.byDistrict) expect(row).toEqual({ district: expect.any(String), grade: expect.stringMatching(/^[ABCD]$/), count: expect.any(Number) });
    expect(new Set(d.trend.map((t: { cycle: string }) => t.cycle))).toEqual(new Set(['2025', '2026']));
    expect(d.topViolations.length).toBeGreaterThan(0);
    expect(d.topViolations[0].count).toBeGreaterThanOrEqual(d.topViolations.at(-1).count);
    expect(d.measureCounts.length).toBeGreaterThan(0);
  });

  it("profile.graphql: an administrator reads a merchant's whole profile from the five subgraphs; the public the part it may", async () => {
    const uscc = usccs[0]!;
    const whole = await hub.query(example('profile'), { uscc }, await city.admin());
    expect(whole.errors).toBeUndefined();
    const m = whole.data!.merchant;
    expect(m).toEqual(expect.objectContaining({ uscc, operator: expect.objectContaining({ idNumber: expect.stringMatching(/^\d{17}[\dX]$/) }) }));
    expect(m.credit).toEqual(expect.objectContaining({ grade: expect.stringMatching(/^[ABCD]$/), score: expect.any(Number) }));
    for (const list of ['marketEvents', 'urbanEvents', 'approvalEvents', 'financeEvents']) expect(Array.isArray(m[list])).toBe(true);

    const pub = await hub.query(example('profile'), { uscc });
    expect(pub.data!.merchant).toEqual(expect.objectContaining({ uscc, name: m.name, operator: { name: null, idNumber: null, phone: null } }));
    expect(pub.data!.merchant.credit).toEqual(expect.objectContaining({ grade: m.credit.grade, score: null, breakdown: null }));
    expect(pub.errors!.length).toBeGreaterThan(0);
    expect(pub.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('keeps statistics to departments and administrators', async () => {
    const r = await hub.query(example('dashboard'), { cycle: null });
    expect(r.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('groups grade counts by any dimensions, leaving the others null, and filters them', async () => {
    const r = await hub.query('{ creditStatistics(groupBy: [GRADE]) { district grade count } }', {}, await city.admin());
    expect(r.data!.creditStatistics.length).toBeGreaterThan(0);
    expect(r.data!.creditStatistics.every((x: { district: null }) => x.district === null)).toBe(true);
    const one = (await hub.query('{ creditStatistics(groupBy: [DISTRICT]) { district count } }', {}, await city.admin())).data!.creditStatistics[0];
    const filtered = await hub.query(
      'query($f: MerchantFilter) { creditStatistics(groupBy: [GRADE], filter: $f) { count } }',
      { f: { district: one.district } },
      await city.admin(),
    );
    expect(filtered.data!.creditStatistics.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(one.count);
  });
});

describe('the QR code and the page it opens', () => {
  it('gives each shop a QR code (SVG or PNG) pointing at its public page, which shows what the public may see', async () => {
    const r = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { name qrToken svg: qrCode(format: SVG) png: qrCode(format: PNG) credit { grade } } }',
      { u: usccs[0] },
    );
    const m = r.data!.merchant;
    expect(m.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(m.png).toMatch(/^data:image\/png;base64,/);
    const page = await fetch(hub.service.url.replace(/\/graphql$/, `/m/${m.qrToken}`));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(m.name);
    expect(html).toContain(`aria-label="信用等级">${m.credit.grade}<`);
    expect(html).not.toMatch(/idNumber|operator|risk class/i);
    const missing = await fetch(hub.service.url.replace(/\/graphql$/, '/m/no-such-token'));
    expect(missing.status).toBe(404);
  });
});
