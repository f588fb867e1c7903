/** Seeded PRNG (mulberry32): every random choice of a run comes from here, so a seed replays a run exactly. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Index of the next success of a Bernoulli(p) process after `from`, drawn geometrically so rare events
   * (an -EAGAIN among millions of folios) cost one draw instead of one per folio.
   */
  nextHit(from: number, p: number): number {
    if (p <= 0) return Number.POSITIVE_INFINITY;
    if (p >= 1) return from;
    const u = 1 - this.next();
    return from + Math.floor(Math.log(u) / Math.log(1 - p));
  }
}
