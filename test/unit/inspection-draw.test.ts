import { drawForInspection, drawnCount, populationDigest, type DrawCandidate } from '../../src/credit-engine';

const city = (n: number, riskClass: string): DrawCandidate[] =>
  Array.from({ length: n }, (_, i) => ({ uscc: `92371102MA${String(1_000_000 + i).slice(-7)}${riskClass}`, riskClass }));
const population = [...city(40, 'A'), ...city(30, 'B'), ...city(10, 'D')];
const codes = (drawn: DrawCandidate[]) => drawn.map((c) => c.uscc);

describe('the "double random" draw', () => {
  it('draws a share of a class rounded up to whole merchants, counted exactly: 5 % of 40 is 2, of 41 is 3', () => {
    expect([drawnCount(0.05, 40), drawnCount(0.05, 41), drawnCount(0.05, 0), drawnCount(0, 40), drawnCount(1, 40), drawnCount(0.7, 10)]).toEqual([
      2, 3, 0, 0, 40, 7,
    ]);
  });

  it('draws the same merchants from the same seed, whatever order the population is read in', () => {
    const shares = [
      { riskClass: 'A', share: 0.05 },
      { riskClass: 'D', share: 0.7 },
    ];
    const drawn = drawForInspection(population, shares, 'seed-1');
    expect(drawn.map((c) => c.riskClass).sort()).toEqual([...'AA', ...'DDDDDDD']);
    expect(codes(drawForInspection([...population].reverse(), shares, 'seed-1'))).toEqual(codes(drawn));
    expect(codes(drawn)).toEqual([...codes(drawn)].sort());
    expect(codes(drawForInspection(population, shares, 'seed-2'))).not.toEqual(codes(drawn));
  });

  it('draws a class alike whatever is drawn of the others, and nothing of a class not named', () => {
    const alone = drawForInspection(population, [{ riskClass: 'B', share: 0.2 }], 'seed-1');
    const beside = drawForInspection(
      population,
      [
        { riskClass: 'A', share: 1 },
        { riskClass: 'B', share: 0.2 },
      ],
      'seed-1',
    );
    expect(codes(beside.filter((c) => c.riskClass === 'B'))).toEqual(codes(alone));
    expect(alone.every((c) => c.riskClass === 'B')).toBe(true);
  });

  it('fingerprints a population by its merchants and classes, not their order', () => {
    expect(populationDigest([...population].reverse())).toBe(populationDigest(population));
    expect(populationDigest(population.slice(1))).not.toBe(populationDigest(population));
    expect(populationDigest([{ ...population[0]!, riskClass: 'C' }, ...population.slice(1)])).not.toBe(populationDigest(population));
  });
});
