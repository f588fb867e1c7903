import type { FaultPlan } from './types';

/**
 * Copy faults of a run. Transient faults fire on a folio's first copy attempt only (a recopy succeeds);
 * persistent ones on every attempt (poisoned source).
 */
export class FaultInjector {
  private readonly persistent: Set<number>;
  private readonly transient: Set<number>;
  private readonly all: number[];
  readonly dmaTimeoutAtFolio: number | undefined;

  constructor(plan: FaultPlan | undefined) {
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
    return this.dmaTimeoutAtFolio !== undefined && this.dmaTimeoutAtFolio >= lo && this.dmaTimeoutAtFolio <= hi;
  }
}
