import { createCopyBatch, type CopyBatch } from './batch';
import { reclaimBlocks, salvageBlocks, sendTask, type RunningTask, type TaskOutcome } from './dispatch';
import type { WorkerHost } from './host';
import { WorkerPool } from './pool';
import { seededRandom } from './random';
import { copyFolioSerially, foliosOf, rebuildLostBlocks } from './recovery';
import { planCopy } from './schedule';
import { drawFault, prepareTasks, type PreparedTask } from './tasks';
import type { CopyMode, CopyOptions, CopyReport, FaultKind, FolioFailure, WorkerStats } from './types';

export interface CopyEngineOptions {
  /** Worker threads (mtcopy) or most lanes (dcbm). */
  workers: number;
}

export interface CopyEngine {
  readonly host: WorkerHost;
  readonly workers: number;
  /** A batch whose memory suits this host and schedule (shared, or split for transfer). */
  createBatch(folioBytes: readonly number[], mode: CopyMode): CopyBatch;
  /** Copies every folio's source to its destination, verifies it and survives worker faults. */
  copy(batch: CopyBatch, options: CopyOptions): Promise<CopyReport>;
  /** Terminates the workers; the engine must not be used afterwards. */
  dispose(): void;
}

export const DEFAULT_SEED = 0x5eed;
/** How long a worker whose task threw gets to hand transferred blocks back. */
const SALVAGE_MS = 300;

/** Generous: a task still busy 2 s after it should have finished at 50 MB/s is stuck. */
export function defaultDeadlineMs(taskBytes: number): number {
  return 2000 + Math.ceil((taskBytes / 50e6) * 1000);
}

export function createCopyEngine(host: WorkerHost, options: CopyEngineOptions): CopyEngine {
  const workers = options.workers;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new RangeError(`workers must be an integer from 1 to 64, got ${workers}`);
  const pool = new WorkerPool(host, workers);
  let busy = false;
  let disposed = false;
  let nextTaskId = 1;
  // A batch's layout never changes, so its plan is kept for repeated copies (same mode).
  const plans = new WeakMap<CopyBatch, { mode: CopyMode; tasks: PreparedTask[] }>();

  function tasksFor(batch: CopyBatch, mode: CopyMode): PreparedTask[] {
    const known = plans.get(batch);
    if (known?.mode === mode) return known.tasks;
    const tasks = prepareTasks(batch, planCopy(batch.folioBytes, workers, mode));
    plans.set(batch, { mode, tasks });
    return tasks;
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
    throwIfAborted(signal);
    if (batch.shared && !host.sharedMemory) throw new Error(`the ${host.name} host cannot share SharedArrayBuffers with workers`);
    // Planning counts as copy time; starting workers (first batch, or after a fault) does not.
    const planningStarted = performance.now();
    const tasks = tasksFor(batch, copyOptions.mode);
    const random = seededRandom(copyOptions.seed ?? DEFAULT_SEED);
    const faults = tasks.map((task) => drawFault(random, copyOptions.inject, task));
    const planningMs = performance.now() - planningStarted;
    const handles = await pool.acquire(tasks.length);
    throwIfAborted(signal);

    const started = performance.now() - planningMs;
    const ids = tasks.map(() => nextTaskId++);
    const running: RunningTask[] = tasks.map((task, i) =>
      sendTask(handles[i], batch, task, ids[i], faults[i], copyOptions.deadlineMs ?? defaultDeadlineMs(task.bytes)),
    );
    const onAbort = () => {
      running.forEach((task) => task.cancel());
      pool.terminateAll();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let outcomes: TaskOutcome[];
    try {
      outcomes = await Promise.all(running.map((task) => task.outcome));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const salvaged = new Set<number>();
    if (!batch.shared && !signal?.aborted) {
      await Promise.all(
        tasks.map(async (task, i) => {
          if (outcomes[i].kind === 'crash' && (await salvageBlocks(handles[i], batch, task, ids[i], SALVAGE_MS))) salvaged.add(i);
        }),
      );
    }
    if (signal?.aborted) {
      // Leave a transfer batch whole: answered blocks go back in, blocks lost with a worker are rebuilt.
      tasks.forEach((task, i) => {
        const outcome = outcomes[i];
        if (outcome.kind === 'done') reclaimBlocks(batch, task, outcome.message);
        else if (!salvaged.has(i)) rebuildLostBlocks(batch, task);
      });
      pool.terminateAll();
      throwIfAborted(signal);
    }
    const report = settle(batch, tasks, outcomes, salvaged, copyOptions);
    report.seconds = (performance.now() - started) / 1000;
    report.GBps = report.bytes / Math.max(report.seconds, 1e-9) / 1e9;
    return report;
  }

  /** Turns task outcomes into per-folio verdicts, replacing faulty workers and recopying serially. */
  function settle(batch: CopyBatch, tasks: PreparedTask[], outcomes: TaskOutcome[], salvaged: Set<number>, copyOptions: CopyOptions): CopyReport {
    const folios = batch.folioBytes.length;
    const expected = new Uint32Array(folios);
    const verifiedPieces = new Uint32Array(folios);
    tasks.forEach((task) => task.rangeFolios.forEach((folio) => expected[folio]++));
    const faults: Record<FaultKind, number> = { crash: 0, hang: 0, corrupt: 0 };
    const toRecover = new Map<number, FaultKind>();
    const lost = new Map<number, string>();
    const perWorker: WorkerStats[] = [];

    tasks.forEach((task, i) => {
      const outcome = outcomes[i];
      perWorker.push({ worker: task.worker, bytes: task.bytes, ms: outcome.kind === 'done' ? outcome.message.ms : 0 });
      if (outcome.kind === 'done') {
        reclaimBlocks(batch, task, outcome.message);
        const bad = new Set(outcome.message.mismatched);
        task.rangeFolios.forEach((folio, range) => !bad.has(range) && verifiedPieces[folio]++);
        if (bad.size === 0) return;
        faults.corrupt++;
        pool.replace(task.worker);
        for (const folio of foliosOf(task, [...bad])) toRecover.set(folio, 'corrupt');
        return;
      }
      if (outcome.kind === 'cancelled') return;
      faults[outcome.kind]++;
      pool.replace(task.worker);
      const what = outcome.kind === 'crash' ? `worker ${task.worker} crashed (${outcome.reason})` : `worker ${task.worker} hung past the ${outcome.afterMs} ms deadline`;
      if (!batch.shared && !salvaged.has(i)) {
        rebuildLostBlocks(batch, task);
        for (const folio of foliosOf(task)) lost.set(folio, `${what}; its transferred memory was lost with it`);
      } else {
        for (const folio of foliosOf(task)) toRecover.set(folio, outcome.kind);
      }
    });

    const failures: FolioFailure[] = [];
    let recoveredSerially = 0;
    let verified = 0;
    for (let folio = 0; folio < folios; folio++) {
      const lostReason = lost.get(folio);
      const fault = toRecover.get(folio);
      if (lostReason !== undefined) {
        failures.push({ folio, reason: lostReason });
      } else if (fault !== undefined) {
        throwIfAborted(copyOptions.signal);
        if (copyFolioSerially(batch, folio, host.bytesEqual)) {
          recoveredSerially++;
          verified++;
        } else {
          failures.push({ folio, reason: `serial retry after a worker ${fault} did not verify` });
        }
      } else if (verifiedPieces[folio] === expected[folio]) {
        verified++;
      } else {
        failures.push({ folio, reason: 'no worker reported this folio verified' });
      }
    }
    const bytes = batch.folioBytes.reduce((sum, size) => sum + size, 0);
    return {
      mode: copyOptions.mode,
      workers: tasks.length,
      folios,
      bytes,
      verified,
      failed: failures.length,
      failures,
      faults,
      recoveredSerially,
      seconds: 0,
      GBps: 0,
      perWorker,
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
