/**
 * A "real copy" run: the simulator runs (on the page, in slices) and every batch it copies is also
 * copied for real by the worker copy engine (blob: Web Workers, buffers handed over by transfer) and
 * verified. Stop aborts the run and terminates the copy workers.
 */
import { createBrowserWorkerHost } from '../../core/copy/browser/browserWorkerHost';
import { createSimCopyBackend } from '../../core/copy/simBackend';
import type { CopyBackend, RealCopyResult } from '../../core/sim/copyBackend';
import { runScenarioWithRealCopy } from '../../core/sim/realCopy';
import type { SimConfig } from '../../core/sim/types';
import { RunCancelled, type RunHandle, type RunOptions, type RunOutcome } from './runTypes';

export function runWithRealCopy(config: SimConfig, options: RunOptions): RunHandle {
  const abort = new AbortController();
  const verification = options.copyVerify ?? 'full';
  // Batches of the same shape are reused run after run: their buffers go to the workers and come back.
  const backend = createSimCopyBackend(createBrowserWorkerHost(), { verify: verification });
  const results: RealCopyResult[] = [];
  const recording: CopyBackend = {
    async copyBatch(request) {
      const result = await backend.copyBatch(request);
      results.push(result);
      options.onProgress({ fraction: null, newLog: [], newSpans: [], lanes: [], violations: 0, realCopied: results.length });
      return result;
    },
  };
  const done: Promise<RunOutcome> = runScenarioWithRealCopy(config, recording, abort.signal)
    .then((comparison) => ({ result: comparison.result, realCopy: { results, verification, skippedBatches: comparison.skippedBatches, modelGBps: comparison.modelGBps } }))
    .catch((error: unknown) => {
      throw abort.signal.aborted ? new RunCancelled() : error;
    })
    .finally(() => backend.dispose());
  return {
    done,
    cancel() {
      abort.abort();
      backend.dispose();
    },
  };
}
