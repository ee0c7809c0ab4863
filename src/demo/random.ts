/** A seeded pseudo-random source (mulberry32), so a demo city is the same city on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** picks by weight: [[item, weight], …] */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of choices) if ((r -= w) < 0) return item;
    return choices.at(-1)![0];
  }

  /** how many times an event of the given mean rate happens (Poisson, small means) */
  count(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }

  /** a moment between two dates, to the second */
  date(from: Date, to: Date): Date {
    const t = from.getTime() + this.next() * (to.getTime() - from.getTime());
    return new Date(Math.floor(t / 1000) * 1000);
  }

  /** a version-4-shaped UUID from this source, so generated rows can reference each other */
  uuid(): string {
    const word = () => ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    const [a, b, c, d] = [word(), word(), word(), word()];
    const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}
