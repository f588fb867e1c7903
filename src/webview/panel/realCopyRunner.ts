/**
 * A "real copy" run: the simulator runs (on the page, in slices) and every batch it copies is also
 * copied for real by the worker copy engine (blob: Web Workers, buffers handed over by transfer) and
 * verified. Stop aborts the run and terminates the copy workers.
 */
import { createBrowserWorkerHost } from '../../core/copy/browser/browserWorkerHost';
import { createSimCopyBackend, type SimCopyBackend } from '../../core/copy/simBackend';
import type { VerifyMode } from '../../core/copy/types';
import type { CopyBackend, RealCopyResult } from '../../core/sim/copyBackend';
import { runScenarioWithRealCopy } from '../../core/sim/realCopy';
import type { SimConfig } from '../../core/sim/types';
import { RunCancelled, type RunHandle, type RunOptions, type RunOutcome } from './runTypes';

/**
 * One backend per check, kept for the page's life: its workers and batches serve every run. A
 * backend per run started cold workers each time, whose first copies run before the JIT has
 * compiled the copy and compare loops, and allocated every batch again; the E2E real-copy run
 * (32 batches of one 2 MiB folio) measured 0.15 GB/s that way. Stop still terminates the
 * workers (the engine does on abort); the next run starts fresh ones.
 */
const backends = new Map<VerifyMode, SimCopyBackend>();

function backendFor(verification: VerifyMode): SimCopyBackend {
  let backend = backends.get(verification);
  if (!backend) {
    // Batches of the same shape are reused run after run: their buffers go to the workers and come back.
    backend = createSimCopyBackend(createBrowserWorkerHost(), { verify: verification });
    backends.set(verification, backend);
  }
  return backend;
}

export function runWithRealCopy(config: SimConfig, options: RunOptions): RunHandle {
  const abort = new AbortController();
  const verification = options.copyVerify ?? 'full';
  const backend = backendFor(verification);
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
    });
  return {
    done,
    cancel() {
      // The copy in flight rejects and its engine terminates every worker (engine.ts, onAbort).
      abort.abort();
    },
  };
}
