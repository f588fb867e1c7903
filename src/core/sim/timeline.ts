import type { Timeline, TimelineSpan } from './types';

/** Per-lane spans (CPU threads, DMA channels, the migrating CPU), capped for huge runs. */
export class TimelineRecorder {
  private readonly lanes = new Set<string>();
  private readonly spans: TimelineSpan[] = [];
  private dropped = 0;

  constructor(private readonly maxSpans: number) {}

  get full(): boolean {
    return this.spans.length >= this.maxSpans;
  }

  /** `label` may be a function so huge runs do not build strings for spans they drop. */
  add(lane: string, start: number, end: number, label: string | (() => string), folio?: number): void {
    this.lanes.add(lane);
    if (this.full) {
      this.dropped++;
      return;
    }
    const span: TimelineSpan = { lane, start, end, label: typeof label === 'function' ? label() : label };
    if (folio !== undefined) span.folio = folio;
    this.spans.push(span);
  }

  result(): Timeline {
    return { lanes: [...this.lanes], spans: this.spans, droppedSpans: this.dropped };
  }
}
