/**
 * When a task counts as hung: a deadline scaled to the task, from the rate this engine's
 * workers have actually reached (a fixed multi-second deadline made every injected hang cost
 * seconds). The base absorbs scheduler delay on a loaded machine; a deadline that expires on a
 * slow but live worker only costs a retry (the report counts it under `detected.hang`).
 */
export const DEADLINE_BASE_MS = 25;
/**
 * With transfer memory a worker terminated for a hang takes the only copy of its blocks with
 * it, so a deadline that expires on a live but descheduled worker would lose data: the base is
 * far larger there.
 */
export const TRANSFER_DEADLINE_BASE_MS = 1000;
/** A task may take this many times as long as the observed rate says. */
export const DEADLINE_FACTOR = 8;
/** Before any worker has answered: assume a cold worker on a busy machine (100 MB/s). */
const COLD_BYTES_PER_MS = 100_000;

export function taskDeadlineMs(taskBytes: number, observedBytesPerMs: number | undefined, shared = true): number {
  const rate = Math.min(observedBytesPerMs ?? COLD_BYTES_PER_MS, Number.MAX_SAFE_INTEGER);
  return Math.ceil((shared ? DEADLINE_BASE_MS : TRANSFER_DEADLINE_BASE_MS) + (DEADLINE_FACTOR * taskBytes) / Math.max(rate, 1));
}

/** Bytes per millisecond of answered tasks, as seen from the engine (message latency included). */
export class ObservedRate {
  private value: number | undefined;

  observe(bytes: number, ms: number): void {
    const rate = bytes / Math.max(ms, 0.01);
    // Lean towards the slower figure: one fast task must not shrink every deadline at once.
    this.value = this.value === undefined ? rate : Math.min(this.value * 1.25, 0.7 * this.value + 0.3 * rate);
  }

  get bytesPerMs(): number | undefined {
    return this.value;
  }
}
