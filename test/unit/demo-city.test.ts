import { CATALOGUE } from '../../src/catalogue';
import { demoMerchant, demoMerchants } from '../../src/demo/city';
import { Random } from '../../src/demo/random';
import { SUBGRAPHS } from '../../src/subgraphs';
import { isUscc } from '../../src/uscc';
import { isResidentIdNumber } from '../../src/resident-id';

const today = new Date('2026-11-01T00:00:00Z');
const departments = (['market', 'urban', 'approval', 'finance'] as const).map((d) => SUBGRAPHS[d]);

describe('the demo city', () => {
  const merchants = [...demoMerchants(2000, 7, today)];

  it('is the same city for the same seed, merchant by merchant', () => {
    expect(demoMerchant(1234, 7, today)).toEqual(merchants[1234]);
    expect(demoMerchant(1234, 8, today)).not.toEqual(merchants[1234]);
  });

  it('gives every merchant a valid, unique credit code that matches its kind, and a valid operator id', () => {
    expect(new Set(merchants.map((m) => m.uscc)).size).toBe(merchants.length);
    for (const m of merchants) {
      expect(isUscc(m.uscc)).toBe(true);
      expect(m.uscc[1]).toBe(m.kind === 'ENTERPRISE' ? '1' : '2');
      expect(isResidentIdNumber(m.operator.idNumber)).toBe(true);
    }
  });

  it('is mostly individual businesses, mostly honest, with a thin tail of risky ones', () => {
    const individual = merchants.filter((m) => m.kind === 'INDIVIDUAL_BUSINESS').length / merchants.length;
    expect(individual).toBeGreaterThan(0.7);
    const risky = merchants.filter((m) => m.risk > 0.5).length / merchants.length;
    expect(risky).toBeGreaterThan(0.1);
    expect(risky).toBeLessThan(0.3);
  });

  it("records each department's facts with that department's catalogue codes, never in the future, under unique record ids", () => {
    for (const d of departments) {
      const codes = new Set(CATALOGUE.filter((e) => e.department === d.name).map((e) => e.code));
      const sourceIds = new Set<string>();
      let events = 0;
      for (const m of merchants.slice(0, 500)) {
        const rows = d.demo!.facts(m, new Random(m.index + 1), today);
        for (const e of rows.credit_event ?? []) {
          events++;
          expect(codes.has(e.code as string)).toBe(true);
          expect((e.occurred_at as Date).getTime()).toBeLessThanOrEqual(today.getTime());
          expect(sourceIds.has(e.source_record_id as string)).toBe(false);
          sourceIds.add(e.source_record_id as string);
        }
        // each typed record carries the department's own record id, as one written through the graph does
        for (const [table, records] of Object.entries(rows)) {
          if (table === 'credit_event' || !records.some((r) => 'source_record_id' in r)) continue;
          for (const r of records) {
            expect(sourceIds.has(r.source_record_id as string)).toBe(false);
            sourceIds.add(r.source_record_id as string);
          }
        }
      }
      expect(events).toBeGreaterThan(100);
    }
  });

  it('gives the same facts for the same merchant and seed', () => {
    for (const d of departments) {
      expect(d.demo!.facts(merchants[42]!, new Random(99), today)).toEqual(d.demo!.facts(merchants[42]!, new Random(99), today));
    }
  });
});
