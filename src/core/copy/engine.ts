import { createCopyBatch, type CopyBatch } from './batch';
import { ObservedRate } from './deadline';
import type { WorkerHost } from './host';
import { LaneRun } from './lane';
import { coverageOf, RunLedger, type Coverage } from './ledger';
import { WorkerPool } from './pool';
import { seededRandom } from './random';
import { planCopy } from './schedule';
import { drawFolioFaults, groupPieces, prepareTasks, taskFaults, taskLimits, type PreparedTask, type TaskLimits } from './tasks';
import type { CopyMode, CopyOptions, CopyReport, FaultInjection, VerifyMode } from './types';

export interface CopyEngineOptions {
  /** Worker threads (mtcopy) or most lanes (dcbm); at most the host's cores are started (see threadsFor). */
  workers: number;
}

export interface BatchLayoutOptions {
  /**
   * The faults the batch will be copied with (transfer memory only): a task struck by a crash
   * or hang runs again whole, so fault runs want small tasks, and a transfer block never travels
   * in pieces — the batch is cut as finely as the tasks of such a run (tasks.ts, taskLimits).
   */
  inject?: FaultInjection;
}

export interface CopyEngine {
  readonly host: WorkerHost;
  readonly workers: number;
  /** Workers asked for. */
  readonly requestedWorkers: number;
  /** Why fewer workers run than were asked for (more than the host's cores); absent otherwise. */
  readonly note?: string;
  /** A batch whose memory suits this host and schedule (shared, or one block per task for transfer). */
  createBatch(folioBytes: readonly number[], mode: CopyMode, layout?: BatchLayoutOptions): CopyBatch;
  /** Copies every folio's source to its destination, checks it as asked and survives worker faults. */
  copy(batch: CopyBatch, options: CopyOptions): Promise<CopyReport>;
  /** Terminates the workers; the engine must not be used afterwards. */
  dispose(): void;
}

export const DEFAULT_SEED = 0x5eed;

/** A batch's tasks for one mode and limits, kept across copies: a batch's layout never changes. */
interface Plan {
  mode: CopyMode;
  limits: TaskLimits;
  lanes: PreparedTask[][];
  coverage: Coverage;
}

/**
 * Worker threads to start: the workers asked for, at most one per core of the host. A copy is
 * bound by memory and CPU; threads beyond the cores only queue for them. Measured on 2 vCPUs
 * (64 MiB of 64 KiB folios, `none`, best of 9): 4 workers took 17.0 ms against 5.9 ms for 2 —
 * two of them copied in 3 ms, the other two waited out their slices and took 11–12 ms.
 */
export function threadsFor(workers: number, cores: number | undefined): { threads: number; note?: string } {
  if (!cores || !Number.isFinite(cores) || cores < 1 || workers <= cores) return { threads: workers };
  const threads = Math.floor(cores);
  return { threads, note: `${workers} workers asked for, ${threads} started: the host has ${threads} core${threads === 1 ? '' : 's'}, and threads beyond them only queue for one` };
}

export function createCopyEngine(host: WorkerHost, options: CopyEngineOptions): CopyEngine {
  const requestedWorkers = options.workers;
  if (!Number.isInteger(requestedWorkers) || requestedWorkers < 1 || requestedWorkers > 64) throw new RangeError(`workers must be an integer from 1 to 64, got ${requestedWorkers}`);
  const { threads: workers, note } = threadsFor(requestedWorkers, host.cores);
  const pool = new WorkerPool(host, workers);
  const rate = new ObservedRate();
  let busy = false;
  let disposed = false;
  let nextTaskId = 1;
  let runs = 0;
  // A batch's layout never changes, so its plan is kept for repeated copies (same mode).
  const plans = new WeakMap<CopyBatch, Plan>();

  function planFor(batch: CopyBatch, mode: CopyMode, limits: TaskLimits): Plan {
    const known = plans.get(batch);
    if (known?.mode === mode && known.limits.bytes === limits.bytes && known.limits.ranges === limits.ranges) return known;
    const lanes = prepareTasks(batch, planCopy(batch.folioBytes, workers, mode), limits);
    const plan = { mode, limits, lanes, coverage: coverageOf(batch.folioBytes.length, lanes.flat()) };
    plans.set(batch, plan);
    return plan;
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
    const { lanes, coverage } = planFor(batch, copyOptions.mode, taskLimits(copyOptions.inject, batch.shared));
    const random = seededRandom(copyOptions.seed ?? DEFAULT_SEED);
    const folioFaults = drawFolioFaults(random, copyOptions.inject, batch.folioBytes);
    const sampleSeed = (seededRandom((copyOptions.seed ?? DEFAULT_SEED) ^ Math.imul(++runs, 0x9e3779b1))() * 2 ** 32) | 0;
    const ledger = new RunLedger(batch, lanes.flat(), verify, sampleSeed, coverage);
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
      requestedWorkers,
      ...(note ? { note } : {}),
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
    requestedWorkers,
    ...(note ? { note } : {}),
    createBatch(folioBytes, mode, layout) {
      if (host.sharedMemory) return createCopyBatch(folioBytes, { shared: true });
      // Transfer memory: one source and one destination buffer per task, so a task's postMessage
      // moves two buffers each way whatever its folio count (2,048 per 64 MiB of 64 KiB folios before).
      return createCopyBatch(folioBytes, { shared: false, groups: groupPieces(planCopy(folioBytes, workers, mode), taskLimits(layout?.inject, false)) });
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
