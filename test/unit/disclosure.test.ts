import { DISCLOSABLE as SHARED } from '../../src/auth/disclosure';
import { marketDisclosure } from '../../src/subgraphs/market/disclosure';

const DISCLOSABLE = { ...SHARED, ...marketDisclosure };

const now = new Date('2026-11-01T00:00:00Z');
const monthsAgo = (n: number) => new Date(Date.UTC(2026, 10 - n, 1));
const event = (code: string, occurredAt: Date, over: Record<string, unknown> = {}) =>
  DISCLOSABLE.CreditEvent!({ code, occurredAt, status: 'ACTIVE', endedAt: null, ...over }, now);

describe('what the public may see of a merchant', () => {
  it('sees penalties inside their publicity period, general for 12 months and serious for 36', () => {
    expect(event('MKT-PEN-GENERAL', monthsAgo(11))).toBe(true);
    expect(event('MKT-PEN-GENERAL', monthsAgo(13))).toBe(false);
    expect(event('MKT-PEN-SERIOUS', monthsAgo(35))).toBe(true);
    expect(event('MKT-PEN-SERIOUS', monthsAgo(37))).toBe(false);
  });

  it('never sees minor information', () => {
    expect(event('MKT-PEN-MINOR', monthsAgo(1))).toBe(false);
    expect(event('URB-SAN-01', monthsAgo(1))).toBe(false);
  });

  it('sees commendations and honours, but not private finance records', () => {
    expect(event('MKT-POS-MODEL', monthsAgo(2))).toBe(true);
    expect(event('FIN-TAX-A', monthsAgo(2))).toBe(true);
    expect(event('FIN-ARR-TAX', monthsAgo(2))).toBe(true);
    expect(event('FIN-LOAN-REPAID', monthsAgo(2))).toBe(false);
    expect(event('FIN-LOAN-OVERDUE', monthsAgo(2))).toBe(false);
  });

  it('no longer sees a listing that has ended, nor rescinded or expired records', () => {
    expect(event('FIN-TAX-A', monthsAgo(8), { endedAt: monthsAgo(1), status: 'ENDED' })).toBe(false);
    expect(event('MKT-PEN-GENERAL', monthsAgo(2), { status: 'RESCINDED' })).toBe(false);
    expect(event('MKT-PEN-GENERAL', monthsAgo(2), { status: 'EXPIRED' })).toBe(false);
  });

  it('sees current listings of the market regulator and penalties by their decision date', () => {
    expect(DISCLOSABLE.MarketListEntry!({ removedAt: null }, now)).toBe(true);
    expect(DISCLOSABLE.MarketListEntry!({ removedAt: monthsAgo(1) }, now)).toBe(false);
    expect(DISCLOSABLE.Penalty!({ severity: 'GENERAL', decidedAt: monthsAgo(3) }, now)).toBe(true);
    expect(DISCLOSABLE.Penalty!({ severity: 'MINOR', decidedAt: monthsAgo(1) }, now)).toBe(false);
  });
});
