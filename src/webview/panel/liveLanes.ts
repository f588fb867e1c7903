/**
 * The timeline while a run is live: spans arrive in slices from the runner and are merged per lane as
 * they come (touching spans with the same label become one), so redrawing stays cheap.
 */
import type { TimelineSpan } from '../../core/sim/types';
import type { LaneView } from './resultView';

const MAX_SEGMENTS_PER_LANE = 400;

export class LiveLanes {
  private readonly lanes = new Map<string, [number, number, string][]>();

  add(laneNames: readonly string[], spans: readonly TimelineSpan[]): void {
    for (const name of laneNames) if (!this.lanes.has(name)) this.lanes.set(name, []);
    for (const span of spans) {
      const segments = this.lanes.get(span.lane) ?? this.lanes.set(span.lane, []).get(span.lane)!;
      const last = segments.at(-1);
      if (last && last[2] === span.label && span.start <= last[1] + (last[1] - last[0]) * 0.05) last[1] = Math.max(last[1], span.end);
      else if (segments.length < MAX_SEGMENTS_PER_LANE) segments.push([span.start, span.end, span.label]);
      else if (last) last[1] = Math.max(last[1], span.end);
    }
  }

  view(): LaneView[] {
    return [...this.lanes].map(([name, segments]) => ({ name, segments: segments.map((segment) => [...segment] as [number, number, string]) }));
  }
}
