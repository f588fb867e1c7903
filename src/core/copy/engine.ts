import { createCopyBatch, type CopyBatch } from './batch';
import { ObservedRate } from './deadline';
import type { WorkerHost } from './host';
import { LaneRun } from './lane';
import { RunLedger } from './ledger';
import { WorkerPool } from './pool';
import { seededRandom } from './random';
import { planCopy } from './schedule';
import { drawFolioFaults, prepareTasks, rangesPerTask, taskFaults, type PreparedTask } from './tasks';
import type { CopyMode, CopyOptions, CopyReport, VerifyMode } from './types';

export interface CopyEngineOptions {
  /** Worker threads (mtcopy) or most lanes (dcbm). */
  workers: number;
}

export interface CopyEngine {
  readonly host: WorkerHost;
  readonly workers: number;
  /** A batch whose memory suits this host and schedule (shared, or split for transfer). */
  createBatch(folioBytes: readonly number[], mode: CopyMode): CopyBatch;
  /** Copies every folio's source to its destination, checks it as asked and survives worker faults. */
  copy(batch: CopyBatch, options: CopyOptions): Promise<CopyReport>;
  /** Terminates the workers; the engine must not be used afterwards. */
  dispose(): void;
}

export const DEFAULT_SEED = 0x5eed;

export function createCopyEngine(host: WorkerHost, options: CopyEngineOptions): CopyEngine {
  const workers = options.workers;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new RangeError(`workers must be an integer from 1 to 64, got ${workers}`);
  const pool = new WorkerPool(host, workers);
  const rate = new ObservedRate();
  let busy = false;
  let disposed = false;
  let nextTaskId = 1;
  let runs = 0;
  // A batch's layout never changes, so its plan is kept for repeated copies (same mode).
  const plans = new WeakMap<CopyBatch, { mode: CopyMode; maxRanges: number; lanes: PreparedTask[][] }>();

  function lanesFor(batch: CopyBatch, mode: CopyMode, maxRanges: number): PreparedTask[][] {
    const known = plans.get(batch);
    if (known?.mode === mode && known.maxRanges === maxRanges) return known.lanes;
    const lanes = prepareTasks(batch, planCopy(batch.folioBytes, workers, mode), maxRanges);
    plans.set(batch, { mode, maxRanges, lanes });
    return lanes;
  }

  async function copy(batch: CopyBatch, copyOptions: CopyOptions): Promise<CopyReport> {
    if (disposed) throw new Error('copy engine was disposed');
    if (busy) throw new Error('copy engine is busy with another batch');
    busy = true;
    try {
      return await runBatch(batch, copyOptions);
    } finally {
      busy = false;
    }
  }

  async function runBatch(batch: CopyBatch, copyOptions: CopyOptions): Promise<CopyReport> {
    const { signal } = copyOptions;
    const verify: VerifyMode = copyOptions.verify ?? 'full';
    throwIfAborted(signal);
    if (batch.shared && !host.sharedMemory) throw new Error(`the ${host.name} host cannot share SharedArrayBuffers with workers`);
    // Planning counts as copy time; starting workers (first batch, or after a hang) before the run does not.
    const planningStarted = performance.now();
    const lanes = lanesFor(batch, copyOptions.mode, rangesPerTask(copyOptions.inject));
    const random = seededRandom(copyOptions.seed ?? DEFAULT_SEED);
    const folioFaults = drawFolioFaults(random, copyOptions.inject, batch.folioBytes);
    const sampleSeed = (seededRandom((copyOptions.seed ?? DEFAULT_SEED) ^ Math.imul(++runs, 0x9e3779b1))() * 2 ** 32) | 0;
    const ledger = new RunLedger(batch, lanes.flat(), verify, sampleSeed);
    const planningMs = performance.now() - planningStarted;
    await pool.acquire(lanes.length);
    pool.keepSpares((copyOptions.inject?.hang ?? 0) > 0 ? lanes.length : 0);
    throwIfAborted(signal);

    const started = performance.now() - planningMs;
    const laneRuns = lanes.map(
      (tasks, lane) =>
        new LaneRun({
          batch, pool, lane, tasks, verify, sampleSeed, ledger, rate,
          faults: tasks.map((task) => taskFaults(task, folioFaults)),
          fixedDeadlineMs: copyOptions.deadlineMs,
          nextTaskId: () => nextTaskId++,
        }),
    );
    const onAbort = () => {
      laneRuns.forEach((run) => run.abort());
      pool.terminateAll();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.all(laneRuns.map((run) => run.run()));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    throwIfAborted(signal);
    const verdict = ledger.finish(host.bytesEqual, () => throwIfAborted(signal));
    const seconds = (performance.now() - started) / 1000;
    const bytes = batch.folioBytes.reduce((sum, size) => sum + size, 0);
    return {
      mode: copyOptions.mode,
      verification: verify,
      workers: lanes.length,
      tasks: lanes.reduce((sum, tasks) => sum + tasks.length, 0),
      folios: batch.folioBytes.length,
      bytes,
      verified: verdict.verified,
      failed: verdict.failures.length,
      failures: verdict.failures,
      faults: ledger.faults,
      detected: ledger.detected,
      undetectedCorruptions: verdict.undetectedCorruptions,
      retried: verdict.retried,
      recoveredSerially: verdict.recoveredSerially,
      seconds,
      GBps: bytes / Math.max(seconds, 1e-9) / 1e9,
      perWorker: lanes.map((tasks, lane) => ({ worker: lane, bytes: tasks.reduce((sum, task) => sum + task.bytes, 0), ms: laneRuns[lane].workerMs })),
      memory: batch.shared ? 'shared' : 'transfer',
    };
  }

  return {
    host,
    workers,
    createBatch(folioBytes, mode) {
      const plan = planCopy(folioBytes, workers, mode);
      return createCopyBatch(folioBytes, { shared: host.sharedMemory, splitInto: plan.policy === 'split-folios' ? workers : 1 });
    },
    copy,
    dispose() {
      disposed = true;
      pool.terminateAll();
    },
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason instanceof Error ? signal.reason : new DOMException('copy cancelled', 'AbortError');
}
