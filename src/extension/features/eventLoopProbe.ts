import * as vscode from 'vscode';

/** Not contributed to the palette: the E2E kernel-scale journey binds a key to it (reset, then read). */
export const EVENT_LOOP_DELAY_COMMAND = 'kernelOffload.test.eventLoopDelay';

interface Histogram {
  enable(): void;
  reset(): void;
  percentile(p: number): number;
  max: number;
  count: number;
}

/**
 * The extension host's event-loop delay (perf_hooks.monitorEventLoopDelay, desktop host only): proof that reviews
 * run in the worker. Each call reports the delay since the previous call, then starts a new measurement.
 */
export function registerEventLoopProbe(): vscode.Disposable[] {
  let histogram: Histogram | undefined;
  let since = Date.now();
  return [vscode.commands.registerCommand(EVENT_LOOP_DELAY_COMMAND, async () => {
    if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string') {
      void vscode.window.showInformationMessage('Kernel Offload event loop: not measurable in this host');
      return undefined;
    }
    if (!histogram) {
      const { monitorEventLoopDelay } = await import('node:perf_hooks');
      histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
    }
    const report = {
      p99Ms: Math.round(histogram.percentile(99) / 1e5) / 10, maxMs: Math.round(histogram.max / 1e5) / 10,
      samples: histogram.count, seconds: Math.round((Date.now() - since) / 100) / 10,
    };
    histogram.reset();
    since = Date.now();
    void vscode.window.showInformationMessage(
      `Kernel Offload event loop: p99 ${report.p99Ms} ms, max ${report.maxMs} ms over ${report.seconds} s (${report.samples} samples)`);
    return report;
  })];
}
