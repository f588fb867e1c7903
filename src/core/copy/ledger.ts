import { destinationOffsetOf, type CopyBatch } from './batch';
import { FAULT_CORRUPT, FAULT_FIELDS, type TaskDoneMessage } from './protocol';
import { seededRandom } from './random';
import { copyFolioSerially } from './recovery';
import { spotCheck } from './sampling';
import { FAULT_KINDS, type PreparedTask } from './tasks';
import type { BytesEqual } from './bytesEqual';
import type { FaultKind, FolioFailure, VerifyMode } from './types';

type Counts = Record<FaultKind, number>;

/** What became of every folio of a run. */
export interface RunVerdict {
  verified: number;
  failures: FolioFailure[];
  recoveredSerially: number;
  retried: number;
  undetectedCorruptions: number;
}

/** How many ranges of a plan's tasks cover each folio: a fact of the plan, made once per plan, not per run. */
export interface Coverage {
  expected: Uint32Array;
  /** Folios no task covers (none, for a plan of this engine; kept so a planning bug shows as failures). */
  uncovered: number[];
}

export function coverageOf(folioCount: number, tasks: readonly PreparedTask[]): Coverage {
  const expected = new Uint32Array(folioCount);
  for (const task of tasks) for (const folio of task.rangeFolios) expected[folio]++;
  const uncovered: number[] = [];
  for (let folio = 0; folio < folioCount; folio++) if (expected[folio] === 0) uncovered.push(folio);
  return { expected, uncovered };
}

/**
 * Per-run accounting of what happened to every folio: pieces answered, faults injected and
 * detected, folios to recopy serially, folios lost. `finish` turns it into verified / failed.
 */
export class RunLedger {
  readonly faults: Counts = { crash: 0, hang: 0, corrupt: 0 };
  readonly detected: Counts = { crash: 0, hang: 0, corrupt: 0 };
  private readonly tasks: readonly PreparedTask[];
  private readonly coverage: Coverage;
  /**
   * Tasks answered with every range passing, no fault and no retry: the common case, counted per task. With
   * 4 KiB folios a 64 MiB run has 16,384 folios, and counting each of them as its task answered, then again
   * in finish(), cost 0.15–0.2 ms of a 6–8 ms run on the calling thread. Folios are counted one by one
   * only once something went wrong (`answered`, made from these tasks then).
   */
  private readonly clean = new Set<PreparedTask>();
  private answered: Uint32Array | undefined;
  private readonly serial = new Map<number, string>();
  private readonly lost = new Map<number, string>();
  private readonly undetected = new Set<number>();
  private readonly corrupted = new Set<number>();
  private readonly retried = new Set<number>();
  /** Picks the ranges the engine re-reads (sampled mode), a stream the workers never see. */
  private readonly spotRandom: () => number;

  constructor(
    private readonly batch: CopyBatch,
    tasks: readonly PreparedTask[],
    private readonly verify: VerifyMode,
    private readonly sampleSeed: number,
    coverage?: Coverage,
  ) {
    this.tasks = tasks;
    this.coverage = coverage ?? coverageOf(batch.folioBytes.length, tasks);
    this.spotRandom = seededRandom(sampleSeed ^ 0x5f07c4e1);
  }

  /** Per-folio answers, made from the clean tasks the first time a folio must be counted alone. */
  private answers(): Uint32Array {
    if (this.answered) return this.answered;
    const answered = new Uint32Array(this.coverage.expected.length);
    for (const task of this.clean) for (const folio of task.rangeFolios) answered[folio]++;
    this.answered = answered;
    return answered;
  }

  /** Faults that struck before a task stopped (or while it ran to its end) are counted as injected. */
  fired(faults: Float64Array): void {
    for (let f = 0; f < faults.length; f += FAULT_FIELDS) this.faults[FAULT_KINDS[faults[f + 1]]]++;
  }

  /** A task answered: its checked ranges count; failed ones go to serial recovery; missed injected corruptions are reported. */
  answeredTask(task: PreparedTask, message: TaskDoneMessage, faults: Float64Array | undefined, retried: boolean): void {
    if (faults) this.fired(faults);
    const bad = new Set(message.mismatched);
    // The task's destination blocks as the engine holds them now (handed back already with transfer memory).
    if (this.verify === 'sampled' && !spotCheck(task.blocks.map((block) => this.batch.destination[block]), task.ranges, message.checksums, this.sampleSeed, bad, this.spotRandom, destinationOffsetOf(this.batch))) {
      // A re-read range's destination changed after the worker checked it: trust none of this task.
      task.rangeFolios.forEach((_folio, range) => bad.add(range));
    }
    if (bad.size === 0 && !faults && !retried && !this.answered && !this.clean.has(task)) {
      this.clean.add(task);
      return;
    }
    const answered = this.answers();
    const corruptRanges = new Set<number>();
    if (faults) for (let f = 0; f < faults.length; f += FAULT_FIELDS) if (faults[f + 1] === FAULT_CORRUPT) corruptRanges.add(faults[f]);
    task.rangeFolios.forEach((folio, range) => {
      if (retried) this.retried.add(folio);
      if (bad.has(range)) {
        if (!this.corrupted.has(folio)) this.detected.corrupt++;
        this.corrupted.add(folio);
        this.serial.set(folio, 'a worker copy that did not pass the check');
      } else if (corruptRanges.has(range)) {
        this.undetected.add(folio);
      } else {
        answered[folio]++;
      }
    });
  }

  /** The task cannot be trusted to a worker any more: its folios are recopied on the calling thread. */
  recoverSerially(task: PreparedTask, why: string): void {
    for (const folio of task.rangeFolios) if (!this.serial.has(folio)) this.serial.set(folio, why);
  }

  /** Transfer memory went down with a terminated worker. */
  lose(task: PreparedTask, why: string): void {
    for (const folio of task.rangeFolios) this.lost.set(folio, why);
  }

  /** Serial recovery, then the verdict for every folio. */
  finish(bytesEqual: BytesEqual, beforeEachSerialCopy: () => void): RunVerdict {
    const failures: FolioFailure[] = [];
    let verified = 0;
    let recoveredSerially = 0;
    let undetectedCorruptions = 0;
    const { expected, uncovered } = this.coverage;
    if (!this.answered && this.clean.size === this.tasks.length) {
      // Every task answered once with every range passing (this runs inside the timed region): every covered folio is whole.
      for (const folio of uncovered) failures.push({ folio, reason: 'no worker reported this folio copied' });
      return { verified: expected.length - uncovered.length, failures, recoveredSerially, retried: this.retried.size, undetectedCorruptions };
    }
    const answered = this.answers();
    for (let folio = 0; folio < expected.length; folio++) {
      const lostReason = this.lost.get(folio);
      const serialReason = this.serial.get(folio);
      if (lostReason !== undefined) {
        failures.push({ folio, reason: lostReason });
      } else if (serialReason !== undefined) {
        beforeEachSerialCopy();
        if (copyFolioSerially(this.batch, folio, bytesEqual)) {
          recoveredSerially++;
          verified++;
        } else {
          failures.push({ folio, reason: `serial recopy after ${serialReason} did not verify` });
        }
      } else if (this.undetected.has(folio)) {
        undetectedCorruptions++;
        failures.push({ folio, reason: `corruption was injected here and verification '${this.verify}' cannot see it${this.verify === 'sampled' ? ' (outside the sample)' : ''}` });
      } else if (answered[folio] === expected[folio]) {
        verified++;
      } else {
        failures.push({ folio, reason: 'no worker reported this folio copied' });
      }
    }
    return { verified, failures, recoveredSerially, retried: this.retried.size, undetectedCorruptions };
  }
}
