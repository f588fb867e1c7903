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
/**
 * Worker counts and schedules each backend has warmed up. The first copies on fresh workers run
 * the copy and compare loops before the JIT has compiled them (in the bench's panel path, the
 * first 32 batches of a new backend ran at 0.21–0.81 GB/s against 1.17–2.54 warm): like the
 * workers' start-up, that one-time cost is paid before the measured copies, by one unrecorded
 * copy of 4 MiB on the same engine. A Stop terminates the workers, so it forgets the warm-up.
 */
const warmed = new WeakMap<SimCopyBackend, Set<string>>();
const WARM_UP_FOLIOS = [2 << 20, 2 << 20];
const PROGRESS_MS = 250;

async function warmUp(backend: SimCopyBackend, request: Parameters<CopyBackend['copyBatch']>[0]): Promise<void> {
  const done = warmed.get(backend) ?? new Set<string>();
  warmed.set(backend, done);
  const key = `${request.workers}/${request.schedule}`;
  if (done.has(key)) return;
  await backend.copyBatch({ folioBytes: WARM_UP_FOLIOS, workers: request.workers, schedule: request.schedule, ...(request.signal ? { signal: request.signal } : {}) });
  done.add(key);
}

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
  // Progress redraws the panel (status and timeline); its layout and paint run in the next frame,
  // i.e. while the next batch is being copied, and a worker's answer waits behind them — inside
  // the measured time. So the panel hears at most one progress report per PROGRESS_MS.
  let reportedAt = -Infinity;
  const recording: CopyBackend = {
    async copyBatch(request) {
      await warmUp(backend, request);
      const result = await backend.copyBatch(request);
      results.push(result);
      const now = performance.now();
      if (now - reportedAt >= PROGRESS_MS) {
        reportedAt = now;
        options.onProgress({ fraction: null, newLog: [], newSpans: [], lanes: [], violations: 0, realCopied: results.length });
      }
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
      warmed.delete(backend);
    },
  };
}
