import * as vscode from 'vscode';
import { describeBlocks, LongestBlocks, type LoopBlock } from './eventLoopBlocks';
import { COMMAND } from '../commands';

interface Histogram {
  enable(): void;
  reset(): void;
  percentile(p: number): number;
  max: number;
  count: number;
}

interface Utilization {
  idle: number;
  active: number;
  utilization: number;
}

interface NodeProbes {
  histogram: Histogram;
  blocks: LongestBlocks;
  gc: LoopBlock[];
  utilization: Utilization;
  now(): number;
  utilizationSince(previous: Utilization): Utilization;
}

export interface EventLoopReport {
  p99Ms: number;
  maxMs: number;
  samples: number;
  seconds: number;
  /** Share of the window the loop spent running callbacks (performance.eventLoopUtilization). */
  busyPercent: number;
  longest: readonly LoopBlock[];
  /** Garbage collections of this thread that took 10 ms or more. */
  gcPauses: number;
  gcLongestMs: number;
}

/** The timer that finds when the loop was held: 10 ms, as the histogram's resolution. */
const TICK_MS = 10;
const KEEP_BLOCKS = 5;
const GC_PAUSE_MS = 10;

async function startProbes(): Promise<NodeProbes> {
  const { monitorEventLoopDelay, performance, PerformanceObserver } = await import('node:perf_hooks');
  const histogram = monitorEventLoopDelay({ resolution: TICK_MS });
  histogram.enable();
  const now = () => performance.now();
  const blocks = new LongestBlocks(TICK_MS, KEEP_BLOCKS, now());
  // Unref'd: the probe must never keep a closing extension host alive.
  setInterval(() => blocks.tick(now()), TICK_MS).unref();
  const probes: NodeProbes = {
    histogram, blocks, gc: [], now, utilization: performance.eventLoopUtilization(),
    utilizationSince: (previous) => performance.eventLoopUtilization(previous),
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.duration >= GC_PAUSE_MS) probes.gc.push({ atMs: entry.startTime, ms: entry.duration });
  }).observe({ entryTypes: ['gc'] });
  return probes;
}

const tenths = (value: number) => Math.round(value * 10) / 10;

/** What the probes saw since `since` (performance.now() ms), and a fresh start for the next window. */
function readAndReset(probes: NodeProbes, since: number): EventLoopReport {
  const now = probes.now();
  const utilization = probes.utilizationSince(probes.utilization);
  const pauses = probes.gc.filter((pause) => pause.atMs >= since);
  const report: EventLoopReport = {
    p99Ms: tenths(probes.histogram.percentile(99) / 1e6), maxMs: tenths(probes.histogram.max / 1e6),
    samples: probes.histogram.count, seconds: tenths((now - since) / 1000),
    busyPercent: Math.round(utilization.utilization * 100), longest: [...probes.blocks.longest()],
    gcPauses: pauses.length, gcLongestMs: Math.round(Math.max(0, ...pauses.map((pause) => pause.ms))),
  };
  probes.histogram.reset();
  probes.blocks.reset(now);
  probes.gc.length = 0;
  probes.utilization = probes.utilizationSince({ idle: 0, active: 0, utilization: 0 });
  return report;
}

/**
 * The extension host's event-loop delay (perf_hooks.monitorEventLoopDelay, desktop host only): proof that reviews
 * run in the worker. Each call reports the window since the previous call, then starts a new one: the delay's p99
 * and maximum, how busy the loop was, its longest blocks with their times, and this thread's long GC pauses.
 */
export function registerEventLoopProbe(output: vscode.LogOutputChannel): vscode.Disposable[] {
  let probes: Promise<NodeProbes> | undefined;
  let since = 0;
  return [vscode.commands.registerCommand(COMMAND.testEventLoopDelay, async () => {
    if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string') {
      void vscode.window.showInformationMessage('Kernel Offload event loop: not measurable in this host');
      return undefined;
    }
    probes ??= startProbes();
    const ready = await probes;
    since ||= ready.now();
    const report = readAndReset(ready, since);
    since = ready.now();
    const text = `p99 ${report.p99Ms} ms, max ${report.maxMs} ms over ${report.seconds} s (${report.samples} samples); `
      + `busy ${report.busyPercent} %; longest blocks: ${describeBlocks(report.longest)}; `
      + `GC pauses of ${GC_PAUSE_MS} ms or more: ${report.gcPauses}, longest ${report.gcLongestMs} ms`;
    output.info(`event loop: ${text}`);
    void vscode.window.showInformationMessage(`Kernel Offload event loop: ${text}`);
    return report;
  })];
}
