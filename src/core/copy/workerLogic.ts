import type { BytesEqual } from './bytesEqual';
import { copyRanges, type Corruption } from './copyRanges';
import type { CopyKernel } from './wasm/kernel';
import { FAULT_CORRUPT, FAULT_CRASH, FAULT_FIELDS, FAULT_HANG, handedBack, PROGRESS_ANSWERED, RANGE_FIELDS, type CopyTaskMessage, type FromWorker, type TaskDoneMessage, type ToWorker } from './protocol';

/** What a worker entry supplies: its fastest comparison and how it hangs when told to. */
export interface WorkerEnvironment {
  bytesEqual: BytesEqual;
  now(): number;
  /** Real workers spin forever (only terminate() stops them); the main-thread fallback just never answers. */
  hang(): void;
  /**
   * The WebAssembly kernel over a one-memory batch's memory (wasm/kernel.ts), for entries whose
   * thread may compile WebAssembly (the Node worker; not the webview, whose CSP refuses it).
   * Undefined, or absent: the same bytes are copied with typed arrays.
   */
  kernelFor?(memory: WebAssembly.Memory, id: number): CopyKernel | undefined;
}

export class InjectedCrash extends Error {
  constructor(task: number, range: number) {
    super(`injected crash in task ${task} at range ${range}`);
    this.name = 'InjectedCrash';
  }
}

/**
 * The whole job of a copy worker, shared by the Node and browser entries: copy and check the
 * task's ranges in order; an injected crash or hang strikes when the copy reaches its range
 * (the ranges before it are copied), an injected corruption flips one byte of its range right
 * after the copy and before the check. Returns undefined when the task hangs instead of answering.
 */
export function runCopyTask(message: CopyTaskMessage, environment: WorkerEnvironment): TaskDoneMessage | undefined {
  const started = environment.now();
  const count = message.ranges.length / RANGE_FIELDS;
  const { stopAt, stopKind, corruptions } = faultsOf(message);
  const check = { verify: message.verify, bytesEqual: environment.bytesEqual, sampleSeed: message.sampleSeed, corruptions, progress: message.progress, ...memoryOf(message, environment) };
  // A one-memory batch is its memory's buffer, as both source and destination block.
  const blocks = message.memory ? [message.memory.memory.buffer] : undefined;
  const outcome = copyRanges(blocks ?? message.source, blocks ?? message.destination, message.ranges, check, 0, stopAt ?? count);
  if (stopKind === FAULT_CRASH) throw new InjectedCrash(message.task, stopAt!);
  if (stopKind === FAULT_HANG) {
    environment.hang();
    return undefined;
  }
  return { type: 'done', task: message.task, mismatched: outcome.mismatched, checksums: outcome.checksums, source: handedBack(message.source), destination: handedBack(message.destination), ms: environment.now() - started };
}

function memoryOf(message: CopyTaskMessage, environment: WorkerEnvironment): { destinationOffset?: number; kernel?: CopyKernel } {
  if (!message.memory) return {};
  const kernel = environment.kernelFor?.(message.memory.memory, message.memory.id);
  return { destinationOffset: message.memory.destinationOffset, ...(kernel ? { kernel } : {}) };
}

function faultsOf(message: CopyTaskMessage): { stopAt?: number; stopKind?: number; corruptions?: Corruption[] } {
  const faults = message.faults;
  if (!faults || faults.length === 0) return {};
  const corruptions: Corruption[] = [];
  for (let f = 0; f < faults.length; f += FAULT_FIELDS) {
    const range = faults[f];
    const kind = faults[f + 1];
    if (kind === FAULT_CRASH || kind === FAULT_HANG) return { stopAt: range, stopKind: kind, corruptions };
    if (kind === FAULT_CORRUPT) {
      const base = range * RANGE_FIELDS;
      corruptions.push({ block: message.ranges[base], position: message.ranges[base + 1] + Math.min(faults[f + 2], message.ranges[base + 2] - 1) });
    }
  }
  return { corruptions };
}

/**
 * A worker's message handling: what escapes a task (an injected crash, or a real bug) is
 * caught here, as a top-level error handler would, and reported with the blocks the task held,
 * so transferred memory comes back and the worker stays usable.
 */
export function createWorkerSession(environment: WorkerEnvironment): (message: ToWorker) => FromWorker | undefined {
  return (message) => {
    const answer = answerTask(message, environment);
    // The task is answered: its answer may sit in the engine's queue behind a deadline timer.
    if (answer && message.progress) Atomics.store(message.progress, PROGRESS_ANSWERED, message.task);
    return answer;
  };
}

function answerTask(message: ToWorker, environment: WorkerEnvironment): FromWorker | undefined {
  try {
    return runCopyTask(message, environment);
  } catch (error) {
    return { type: 'crashed', task: message.task, reason: error instanceof Error ? error.message : String(error), source: handedBack(message.source), destination: handedBack(message.destination) };
  }
}

/** A spin that only terminate() ends: how a stuck worker looks to the engine. */
export function spinForever(): void {
  for (;;) {
    // Intentionally empty: the point is to never yield.
  }
}
