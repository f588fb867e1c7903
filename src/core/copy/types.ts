/** How a batch is cut into work for the workers (the kernel providers' policies, see schedule.ts). */
export type CopyMode = 'folios' | 'chunks' | 'lanes';

/** Probabilities (0..1) that one worker task suffers each fault; drawn from the run's seed. */
export interface FaultInjection {
  crash?: number;
  hang?: number;
  corrupt?: number;
}

export interface CopyOptions {
  mode: CopyMode;
  inject?: FaultInjection;
  /** Seed for fault draws; the same seed and batch give the same faults. */
  seed?: number;
  /** A task not done this long after it was sent is treated as hung. */
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
  /** Time the worker spent copying and verifying, as it measured it; 0 when it never answered. */
  ms: number;
}

export interface CopyReport {
  mode: CopyMode;
  /** Workers (or lanes) that got work in this batch. */
  workers: number;
  folios: number;
  bytes: number;
  /** Folios whose every destination byte was checked equal to the source. */
  verified: number;
  /** Folios that could not be verified; `failures` says which and why. */
  failed: number;
  failures: FolioFailure[];
  /** Faults detected (one per affected worker task). */
  faults: Record<FaultKind, number>;
  /** Folios recopied and verified on the calling thread after a fault. */
  recoveredSerially: number;
  seconds: number;
  GBps: number;
  perWorker: WorkerStats[];
  /** 'shared' when workers wrote into SharedArrayBuffers, 'transfer' when buffers were handed over. */
  memory: 'shared' | 'transfer';
}
