/** How a batch is cut into work for the workers (the kernel providers' policies, see schedule.ts). */
export type CopyMode = 'folios' | 'chunks' | 'lanes';

/**
 * How a copy is checked: 'full' compares every byte; 'sampled' compares a seeded sample of
 * lines of every folio plus a checksum of them the worker computes while copying (sampling.ts);
 * 'none' copies only — a corrupted byte cannot be detected.
 */
export type VerifyMode = 'full' | 'sampled' | 'none';
export const VERIFY_MODES: readonly VerifyMode[] = ['full', 'sampled', 'none'];

/**
 * Probabilities (0..1) that one folio's copy crashes its worker, hangs it or corrupts its
 * bytes, drawn per folio from the run's seed (crash first, then hang, then corrupt: at most
 * one fault per folio).
 */
export interface FaultInjection {
  crash?: number;
  hang?: number;
  corrupt?: number;
}

export interface CopyOptions {
  mode: CopyMode;
  /** Default 'full'. */
  verify?: VerifyMode;
  inject?: FaultInjection;
  /** Seed for fault draws; the same seed and batch give the same faults. */
  seed?: number;
  /** A task not done this long after its worker started it is treated as hung (default: scaled to the task, see deadline.ts). */
  deadlineMs?: number;
  signal?: AbortSignal;
}

export type FaultKind = 'crash' | 'hang' | 'corrupt';

export interface FolioFailure {
  folio: number;
  reason: string;
}

export interface WorkerStats {
  worker: number;
  /** Bytes assigned to this worker by the schedule. */
  bytes: number;
  /** Time the worker spent copying and checking, as it measured it (answered tasks only). */
  ms: number;
}

export interface CopyReport {
  mode: CopyMode;
  /** How the copy was checked; with 'none', `verified` counts folios copied without any check. */
  verification: VerifyMode;
  /** Workers (or lanes) that got work in this batch. */
  workers: number;
  /** Workers asked for: more than `workers` when the host has fewer cores (then `note` says so) or the batch fewer folios/lanes. */
  requestedWorkers: number;
  /** Set when fewer workers were started than asked for, saying why. */
  note?: string;
  /** Messages (tasks) the batch was cut into, before retries. */
  tasks: number;
  folios: number;
  bytes: number;
  /** Folios copied and checked (as `verification` says) equal to the source. */
  verified: number;
  /** Folios that could not be verified; `failures` says which and why. */
  failed: number;
  failures: FolioFailure[];
  /** Faults injected (fired), one per folio at most. */
  faults: Record<FaultKind, number>;
  /** What the engine saw: crashed tasks, deadlines that expired (a loaded machine can add some), folios whose check failed. */
  detected: Record<FaultKind, number>;
  /** Injected corruptions the check could not see (all of them with 'none'; outside the sample with 'sampled'): listed in `failures`. */
  undetectedCorruptions: number;
  /** Folios recopied by a worker after a crash or hang struck their task. */
  retried: number;
  /** Folios recopied and verified on the calling thread (corrupted ones, or tasks that failed too often). */
  recoveredSerially: number;
  seconds: number;
  GBps: number;
  perWorker: WorkerStats[];
  /** 'shared' when workers wrote into SharedArrayBuffers, 'transfer' when buffers were handed over. */
  memory: 'shared' | 'transfer';
}
