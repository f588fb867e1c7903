import { createCopyBatch, type CopyBatch } from './batch';
import { ObservedRate } from './deadline';
import type { WorkerHost } from './host';
import { LaneRun } from './lane';
import { coverageOf, RunLedger, type Coverage, type RunVerdict } from './ledger';
import { WorkerPool } from './pool';
import { seededRandom } from './random';
import { planCopy } from './schedule';
import { drawFolioFaults, groupPieces, prepareTasks, taskFaults, taskLimits, type FolioFaults, type PreparedTask, type TaskLimits } from './tasks';
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
  return new Engine(host, requestedWorkers);
}

/** One run's plan and bookkeeping, made before the workers get anything. */
interface PreparedRun {
  plan: Plan;
  verify: VerifyMode;
  folioFaults: FolioFaults | undefined;
  sampleSeed: number;
  ledger: RunLedger;
  planningMs: number;
}

class Engine implements CopyEngine {
  readonly workers: number;
  readonly note?: string;
  private readonly pool: WorkerPool;
  private readonly rate = new ObservedRate();
  private busy = false;
  private disposed = false;
  private nextTaskId = 1;
  private runs = 0;
  /** A batch's layout never changes, so its plan is kept for repeated copies (same mode). */
  private readonly plans = new WeakMap<CopyBatch, Plan>();

  constructor(readonly host: WorkerHost, readonly requestedWorkers: number) {
    const { threads, note } = threadsFor(requestedWorkers, host.cores);
    this.workers = threads;
    if (note) this.note = note;
    this.pool = new WorkerPool(host, threads);
  }

  createBatch(folioBytes: readonly number[], mode: CopyMode, layout?: BatchLayoutOptions): CopyBatch {
    if (this.host.sharedMemory) return createCopyBatch(folioBytes, { shared: true, wasm: this.host.wasmMemory === true });
    // Transfer memory: one source and one destination buffer per task, so a task's postMessage
    // moves two buffers each way whatever its folio count (2,048 per 64 MiB of 64 KiB folios before).
    return createCopyBatch(folioBytes, { shared: false, groups: groupPieces(planCopy(folioBytes, this.workers, mode), taskLimits(layout?.inject, false)) });
  }

  async copy(batch: CopyBatch, options: CopyOptions): Promise<CopyReport> {
    if (this.disposed) throw new Error('copy engine was disposed');
    if (this.busy) throw new Error('copy engine is busy with another batch');
    this.busy = true;
    try {
      return await this.runBatch(batch, options);
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.pool.terminateAll();
  }

  private async runBatch(batch: CopyBatch, options: CopyOptions): Promise<CopyReport> {
    const { signal } = options;
    throwIfAborted(signal);
    if (batch.shared && !this.host.sharedMemory) throw new Error(`the ${this.host.name} host cannot share SharedArrayBuffers with workers`);
    const run = this.prepare(batch, options);
    // Planning counts as copy time; starting workers (first batch, or after a hang) before the run does not.
    await this.pool.acquire(run.plan.lanes.length);
    this.pool.keepSpares((options.inject?.hang ?? 0) > 0 ? run.plan.lanes.length : 0);
    throwIfAborted(signal);
    const started = performance.now() - run.planningMs;
    const laneRuns = await this.runLanes(batch, options, run);
    const verdict = run.ledger.finish(this.host.bytesEqual, () => throwIfAborted(signal));
    return this.report(batch, options, run, laneRuns, verdict, (performance.now() - started) / 1000);
  }

  private prepare(batch: CopyBatch, options: CopyOptions): PreparedRun {
    const started = performance.now();
    const plan = this.planFor(batch, options.mode, taskLimits(options.inject, batch.shared));
    const seed = options.seed ?? DEFAULT_SEED;
    const folioFaults = drawFolioFaults(seededRandom(seed), options.inject, batch.folioBytes);
    const sampleSeed = (seededRandom(seed ^ Math.imul(++this.runs, 0x9e3779b1))() * 2 ** 32) | 0;
    const verify = options.verify ?? 'full';
    const ledger = new RunLedger(batch, plan.lanes.flat(), verify, sampleSeed, plan.coverage);
    return { plan, verify, folioFaults, sampleSeed, ledger, planningMs: performance.now() - started };
  }

  private planFor(batch: CopyBatch, mode: CopyMode, limits: TaskLimits): Plan {
    const known = this.plans.get(batch);
    if (known?.mode === mode && known.limits.bytes === limits.bytes && known.limits.ranges === limits.ranges) return known;
    const lanes = prepareTasks(batch, planCopy(batch.folioBytes, this.workers, mode), limits);
    const plan = { mode, limits, lanes, coverage: coverageOf(batch.folioBytes.length, lanes.flat()) };
    this.plans.set(batch, plan);
    return plan;
  }

  /** Every lane's worker fed its share until each ends; an abort stops them all and terminates the workers. */
  private async runLanes(batch: CopyBatch, options: CopyOptions, run: PreparedRun): Promise<LaneRun[]> {
    const { signal } = options;
    const laneRuns = run.plan.lanes.map(
      (tasks, lane) =>
        new LaneRun({
          batch, pool: this.pool, lane, tasks, verify: run.verify, sampleSeed: run.sampleSeed, ledger: run.ledger, rate: this.rate,
          faults: tasks.map((task) => taskFaults(task, run.folioFaults)),
          fixedDeadlineMs: options.deadlineMs,
          nextTaskId: () => this.nextTaskId++,
        }),
    );
    const onAbort = () => {
      laneRuns.forEach((laneRun) => laneRun.abort());
      this.pool.terminateAll();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.all(laneRuns.map((laneRun) => laneRun.run()));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    throwIfAborted(signal);
    return laneRuns;
  }

  private report(batch: CopyBatch, options: CopyOptions, run: PreparedRun, laneRuns: LaneRun[], verdict: RunVerdict, seconds: number): CopyReport {
    const { lanes } = run.plan;
    const bytes = batch.folioBytes.reduce((sum, size) => sum + size, 0);
    return {
      mode: options.mode,
      verification: run.verify,
      workers: lanes.length,
      requestedWorkers: this.requestedWorkers,
      ...(this.note ? { note: this.note } : {}),
      tasks: lanes.reduce((sum, tasks) => sum + tasks.length, 0),
      folios: batch.folioBytes.length,
      bytes,
      verified: verdict.verified,
      failed: verdict.failures.length,
      failures: verdict.failures,
      faults: run.ledger.faults,
      detected: run.ledger.detected,
      undetectedCorruptions: verdict.undetectedCorruptions,
      retried: verdict.retried,
      recoveredSerially: verdict.recoveredSerially,
      seconds,
      GBps: bytes / Math.max(seconds, 1e-9) / 1e9,
      perWorker: lanes.map((tasks, lane) => ({ worker: lane, bytes: tasks.reduce((sum, task) => sum + task.bytes, 0), ms: laneRuns[lane].workerMs })),
      memory: batch.shared ? 'shared' : 'transfer',
    };
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason instanceof Error ? signal.reason : new DOMException('copy cancelled', 'AbortError');
}
