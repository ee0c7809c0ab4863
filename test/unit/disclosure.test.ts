import { DISCLOSABLE as SHARED, withdrawn } from '../../src/auth/disclosure';
import { withdrawals } from '../../src/subgraphs/credit/decisions/store';
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

describe("what the credit office's decisions withdraw from the public", () => {
  const decisions = withdrawals({
    objections: [
      { id: 'o1', eventId: 'revoked', state: 'REVOKED' },
      { id: 'o2', eventId: 'upheld', state: 'UPHELD' },
      { id: 'o3', eventId: 'both', state: 'REVOKED' },
    ],
    repairs: [
      { id: 'r1', eventId: 'repaired', approvedAt: monthsAgo(1) },
      { id: 'r2', eventId: 'both', approvedAt: monthsAgo(1) },
    ],
  });

  it('a revoked record never, an upheld one as before, a repaired one not from the repair date', () => {
    expect(decisions).toEqual([
      { eventId: 'revoked', from: null },
      { eventId: 'both', from: null },
      { eventId: 'repaired', from: monthsAgo(1) },
    ]);
    expect(withdrawn(decisions, 'CreditEvent', { id: 'revoked' }, monthsAgo(30))).toBe(true);
    expect(withdrawn(decisions, 'CreditEvent', { id: 'upheld' }, now)).toBe(false);
    expect(withdrawn(decisions, 'CreditEvent', { id: 'repaired' }, now)).toBe(true);
    expect(withdrawn(decisions, 'CreditEvent', { id: 'repaired' }, monthsAgo(2))).toBe(false);
  });

  it("a department's record by the credit event it produced, the repair's date as the graph writes it", () => {
    const overHttp = [{ eventId: 'repaired', from: monthsAgo(1).toISOString() as unknown as Date }];
    expect(withdrawn(overHttp, 'Penalty', { id: 'p1', eventId: 'repaired' }, now)).toBe(true);
    expect(withdrawn(overHttp, 'Penalty', { id: 'repaired', eventId: 'other' }, now)).toBe(false);
  });
});
