import { runCli } from '../support/processes';
import { startTestHub, type TestHub } from '../support/hub';
import { daysAgo, TestCity } from '../support/city';

let hub: TestHub;
let city: TestCity;
beforeAll(async () => {
  hub = await startTestHub({ CHANGE_FEED: 'off' });
  city = new TestCity(hub);
});
afterAll(() => hub?.stop());

describe('retention of negative information', () => {
  it("withdraws negative records 5 years past the behaviour from every view but the administrators', and they stop counting", async () => {
    const uscc = await city.shop();
    const old = await city.record(uscc, 'MKT-PEN-SERIOUS', daysAgo(6 * 365));
    const honour = await city.record(uscc, 'MKT-POS-MODEL', daysAgo(6 * 365));
    const recent = await city.record(uscc, 'MKT-PEN-GENERAL', daysAgo(30));

    const retention = () => runCli(['retention'], { NODE_ENV: 'test', DATABASE_URL: hub.databaseUrl, LOG_LEVEL: 'silent' });
    const run = retention();
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/market 1\b/);

    const q = 'query($u: CreditCode!) { merchant(uscc: $u) { marketEvents { id status } credit { excluded { eventId reason } } } }';
    const officer = await hub.query(q, { u: uscc }, await city.officer('market'));
    expect(officer.data!.merchant.marketEvents.map((e: { id: string }) => e.id).sort()).toEqual([honour, recent].sort());
    const admin = await hub.query(q, { u: uscc }, await city.admin());
    expect(admin.data!.merchant.marketEvents).toEqual(expect.arrayContaining([{ id: old, status: 'EXPIRED' }]));
    expect(admin.data!.merchant.credit.excluded).toEqual(
      expect.arrayContaining([{ eventId: old, reason: 'past its retention period: negative information is deleted' }]),
    );

    const again = retention();
    expect(again.stdout).toMatch(/market 0\b/);
  });
});
