/**
 * Drives one simulation in slices so whoever runs it (the worker, or the page when no Worker exists)
 * can report live progress and stay responsive: after each slice it hands over what is new in the
 * log and the timeline since the last report.
 */
import type { Simulation } from '../../core/sim/simulation';
import type { SimConfig, SimResult } from '../../core/sim/types';
import type { LiveProgress } from './runTypes';

/** Engine steps between looks at the clock. */
const STEPS_PER_SLICE = 20_000;
/** Wall-clock ms between progress reports. */
const REPORT_EVERY_MS = 100;

/** Folios the run will migrate, as the simulator resolves count/total (for the progress bar). */
export function expectedFolios(config: SimConfig): number | null {
  if (config.count !== undefined && config.totalBytes === undefined) return config.count;
  const sizes = config.folioSizes ?? [{ bytes: 2 * 1024 * 1024, weight: 1 }];
  const weight = sizes.reduce((total, size) => total + size.weight, 0);
  if (config.totalBytes === undefined || weight <= 0) return null;
  const meanBytes = sizes.reduce((total, size) => total + size.bytes * size.weight, 0) / weight;
  return Math.max(1, Math.round(config.totalBytes / meanBytes));
}

export class SimDriver {
  private reportedLog = 0;
  private reportedSpans = 0;
  private lastReport = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly config: SimConfig,
    private readonly report: (progress: LiveProgress) => void,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Runs one slice; returns true when the simulation has finished. */
  slice(): boolean {
    const done = this.sim.runToEnd(STEPS_PER_SLICE);
    if (done || this.clock() - this.lastReport >= REPORT_EVERY_MS) this.progress(done);
    return done;
  }

  /** Runs to the end on this thread, reporting between slices (worker use: nothing else to serve). */
  runToEnd(): SimResult {
    while (!this.slice());
    return this.sim.result();
  }

  private progress(done: boolean): void {
    this.lastReport = this.clock();
    const snapshot = this.sim.snapshot();
    const expected = expectedFolios(this.config);
    const fraction = done ? 1 : expected ? Math.min(0.99, snapshot.stats.folios / expected) : null;
    this.report({
      fraction,
      newLog: snapshot.log.slice(this.reportedLog),
      newSpans: snapshot.timeline.spans.slice(this.reportedSpans),
      lanes: snapshot.timeline.lanes,
      violations: snapshot.violations.length,
    });
    this.reportedLog = snapshot.log.length;
    this.reportedSpans = snapshot.timeline.spans.length;
  }
}
