import { CATALOGUE, catalogueEntry, catalogueOf, DEPARTMENTS } from '../../src/catalogue';

describe('the credit-information catalogue', () => {
  it('gives every code once, prefixed by its department', () => {
    const prefix = { market: 'MKT-', urban: 'URB-', approval: 'APR-', finance: 'FIN-' };
    expect(new Set(CATALOGUE.map((e) => e.code)).size).toBe(CATALOGUE.length);
    for (const e of CATALOGUE) expect(e.code.startsWith(prefix[e.department])).toBe(true);
  });

  it('covers every department with negative and positive behaviour', () => {
    for (const d of DEPARTMENTS) {
      const kinds = new Set(catalogueOf(d).map((e) => e.kind));
      expect([d, [...kinds].sort()]).toEqual([d, ['NEGATIVE', 'POSITIVE']]);
    }
  });

  it("holds urban management's 27 negative street-shop behaviours in 5 categories, and 3 positive ones", () => {
    const urban = catalogueOf('urban');
    const negative = urban.filter((e) => e.kind === 'NEGATIVE');
    expect(negative).toHaveLength(27);
    expect(new Set(negative.map((e) => e.category)).size).toBe(5);
    expect(urban.filter((e) => e.kind === 'POSITIVE')).toHaveLength(3);
  });

  it('marks positive behaviour with the POSITIVE severity, and only positive behaviour', () => {
    for (const e of CATALOGUE) expect(e.severity === 'POSITIVE').toBe(e.kind === 'POSITIVE');
  });

  it('makes black-list triggers serious negatives and red-list triggers positives', () => {
    for (const e of CATALOGUE.filter((x) => x.listEffect === 'BLACK')) expect([e.kind, e.severity]).toEqual(['NEGATIVE', 'SERIOUS']);
    for (const e of CATALOGUE.filter((x) => x.listEffect === 'RED')) expect(e.kind).toBe('POSITIVE');
  });

  it('names the lists DOMAIN.md names: serious illegal and dishonest, dishonest judgment debtor, A- and D-rated taxpayers', () => {
    expect(catalogueEntry('MKT-SID-LISTED')?.listEffect).toBe('BLACK');
    expect(catalogueEntry('FIN-JUD-DEBTOR')?.listEffect).toBe('BLACK');
    expect(catalogueEntry('FIN-TAX-D')?.listEffect).toBe('BLACK');
    expect(catalogueEntry('FIN-TAX-A')?.listEffect).toBe('RED');
    expect(catalogueEntry('APR-CMT-BREACH')?.kind).toBe('NEGATIVE');
  });

  it('gives every entry a title and a legal basis', () => {
    for (const e of CATALOGUE) {
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.legalBasis.length).toBeGreaterThan(3);
    }
  });
});
