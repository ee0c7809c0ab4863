import { createHash, createHmac } from 'node:crypto';

/** A merchant of a draw's population, with the risk class it was drawn by. */
export interface DrawCandidate {
  uscc: string;
  riskClass: string;
}

/** The share of a risk class's merchants drawn for random inspection: 0 … 1. */
export interface ClassShare {
  riskClass: string;
  share: number;
}

/** Shares are counted in millionths, so 5 % of 40 merchants is 2, not the 3 that 0.05 × 40 = 2.0000000000000004 would round up to. */
const SHARE_UNIT = 1_000_000;

/** How many of a class's merchants a share draws: rounded up, so a class with merchants and a share above 0 has one drawn at least. */
export const drawnCount = (share: number, population: number) => Math.ceil((Math.round(share * SHARE_UNIT) * population) / SHARE_UNIT);

/**
 * A merchant's draw key: HMAC-SHA-256 of its risk class and credit code under the draw's seed. Each key depends on the
 * seed and the merchant alone, never on the order the population was read in, so anyone holding the seed can check it.
 */
const drawKey = (seed: string, c: DrawCandidate) => createHmac('sha256', seed).update(`${c.riskClass}\n${c.uscc}`).digest('hex');

/**
 * The "double random" draw: in each class a share names, the merchants with the lowest draw keys, as many as the share
 * draws (ties, which SHA-256 makes unheard of, by credit code). Pure: the same seed, shares and population give the same
 * merchants, in credit-code order.
 */
export function drawForInspection(population: readonly DrawCandidate[], shares: readonly ClassShare[], seed: string): DrawCandidate[] {
  const drawn: DrawCandidate[] = [];
  for (const { riskClass, share } of shares) {
    const keyed = population.filter((c) => c.riskClass === riskClass).map((c) => ({ c, key: drawKey(seed, c) }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.c.uscc < b.c.uscc ? -1 : 1));
    drawn.push(...keyed.slice(0, drawnCount(share, keyed.length)).map((k) => k.c));
  }
  return drawn.sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
}

/** A fingerprint of a population: the same digest, the same merchants in the same classes. */
export function populationDigest(population: readonly DrawCandidate[]): string {
  const lines = population.map((c) => `${c.riskClass}\n${c.uscc}\n`).sort();
  return lines.reduce((h, line) => h.update(line), createHash('sha256')).digest('hex');
}
