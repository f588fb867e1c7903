import { Rng } from './rng';
import type { FaultPlan, InjectPoint } from './types';

/**
 * Copy faults of a run. Transient faults fire on a folio's first copy attempt only (a recopy succeeds);
 * persistent ones on every attempt (poisoned source).
 */
export class FaultInjector {
  private readonly persistent: Set<number>;
  private readonly transient: Set<number>;
  private readonly all: number[];
  readonly dmaTimeoutAtFolio: number | undefined;
  private readonly points: Partial<Record<InjectPoint, number>>;
  /** Own stream, so a run without --inject draws exactly what it drew before. */
  private readonly rng: Rng;
  /** How often each point fired (reported in the log). */
  readonly fired: Partial<Record<InjectPoint, number>> = {};

  constructor(plan: FaultPlan | undefined, seed = 1) {
    this.points = plan?.points ?? {};
    this.rng = new Rng((seed ^ 0x5bd1e995) >>> 0);
    this.persistent = new Set(plan?.persistent ?? []);
    this.transient = new Set(plan?.transient ?? []);
    this.all = [...this.persistent, ...this.transient].sort((a, b) => a - b);
    this.dmaTimeoutAtFolio = plan?.dmaTimeoutAtFolio;
  }

  /** Cheap pre-check for a batch: does any planned fault fall in folios [lo, hi]? */
  anyIn(lo: number, hi: number): boolean {
    return this.all.some((f) => f >= lo && f <= hi);
  }

  /** One copy attempt of global folio `id`: true when it faults. */
  attempt(id: number): boolean {
    if (this.persistent.has(id)) return true;
    if (this.transient.has(id)) {
      this.transient.delete(id);
      return true;
    }
    return false;
  }

  timeoutIn(lo: number, hi: number): boolean {
    if (this.fires('timeout')) return true;
    return this.dmaTimeoutAtFolio !== undefined && this.dmaTimeoutAtFolio >= lo && this.dmaTimeoutAtFolio <= hi;
  }

  /** One pass through an injection point: true when it is made to fail. */
  fires(point: InjectPoint): boolean {
    const p = this.points[point];
    if (p === undefined || p <= 0) return false;
    if (p < 1 && this.rng.next() >= p) return false;
    this.fired[point] = (this.fired[point] ?? 0) + 1;
    return true;
  }

  armed(point: InjectPoint): boolean {
    return (this.points[point] ?? 0) > 0;
  }
}
