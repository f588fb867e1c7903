import type { SimEvent, SourceRef, Violation } from '../types';

/**
 * Structured steps and invariant violations. Events are capped like the log, except that the step that
 * broke an invariant is always recorded, so every violation points at a real event.
 */
export class Trace {
  readonly events: SimEvent[] = [];
  readonly violations: Violation[] = [];
  dropped = 0;
  private readonly reported = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly actor: () => string,
    private readonly maxEvents: number,
  ) {}

  record(kind: string, detail: string, source?: SourceRef, force = false): number {
    if (!force && this.events.length >= this.maxEvents) {
      this.dropped++;
      return this.events.length - 1;
    }
    const event: SimEvent = { t: this.now(), actor: this.actor(), kind, detail };
    if (source) event.source = source;
    this.events.push(event);
    return this.events.length - 1;
  }

  /**
   * Reports a broken invariant once per (invariant, key): the same defect repeated on every later batch
   * would only bury the first, most useful, occurrence.
   */
  violate(invariant: string, message: string, key = ''): boolean {
    const id = `${invariant}\u0000${key}`;
    if (this.reported.has(id)) return false;
    this.reported.add(id);
    const event = this.record('violation', `${invariant}: ${message}`, undefined, true);
    this.violations.push({ invariant, t: this.now(), event, message });
    return true;
  }
}
