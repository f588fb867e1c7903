/** What the panel's controller needs from whatever runs a simulation (a worker, or the page for real copies). */
import type { RealCopyResult } from '../../core/sim/copyBackend';
import type { SimConfig, SimResult, TimelineSpan } from '../../core/sim/types';
import type { CopyVerifyMode } from '../../shared/runConfig';

export interface LiveProgress {
  /** 0..1 when the runner can tell, null otherwise. */
  fraction: number | null;
  /** Kernel-style lines printed since the previous progress report. */
  newLog: string[];
  /** Timeline spans recorded since the previous report. */
  newSpans: TimelineSpan[];
  lanes: string[];
  violations: number;
  /** Batches the worker copy engine has copied and verified so far (real-copy runs). */
  realCopied?: number;
}

export interface RealCopyOutcome {
  /** One entry per batch the worker copy engine copied and verified. */
  results: RealCopyResult[];
  /** How the copies were checked ('none': corruption could not be detected). */
  verification?: CopyVerifyMode;
  /** Batches the model copied but the real copy left out (the simulator's size limits). */
  skippedBatches: number;
  /** The model's copy-phase throughput for the same batches, GB/s. */
  modelGBps: number;
}

export interface RunOutcome {
  result: SimResult;
  /** Present when the run also moved real bytes through the worker copy engine. */
  realCopy?: RealCopyOutcome;
}

export interface RunHandle {
  readonly done: Promise<RunOutcome>;
  /** Stops the run and terminates its workers; `done` then rejects with a RunCancelled. */
  cancel(): void;
}

export interface RunOptions {
  realCopy: boolean;
  /** Real copy only: how each copied batch is checked (default 'full'). */
  copyVerify?: CopyVerifyMode;
  onProgress(progress: LiveProgress): void;
}

export type StartRun = (config: SimConfig, options: RunOptions) => RunHandle;

export class RunCancelled extends Error {
  constructor() {
    super('stopped');
  }
}
