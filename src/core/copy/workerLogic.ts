import type { BytesEqual } from './bytesEqual';
import { copyRanges, type Corruption } from './copyRanges';
import { RANGE_FIELDS, type CopyTaskMessage, type FromWorker, type TaskDoneMessage, type ToWorker } from './protocol';

/** What a worker entry supplies: its fastest comparison and how it hangs when told to. */
export interface WorkerEnvironment {
  bytesEqual: BytesEqual;
  now(): number;
  /** Real workers spin forever (only terminate() stops them); the main-thread fallback just never answers. */
  hang(): void;
}

export class InjectedCrash extends Error {
  constructor(task: number) {
    super(`injected crash in task ${task}`);
    this.name = 'InjectedCrash';
  }
}

/**
 * The whole job of a copy worker, shared by the Node and browser entries: copy, verify and
 * answer, or misbehave as instructed. Returns undefined when the task hangs instead of answering.
 */
export function runCopyTask(message: CopyTaskMessage, environment: WorkerEnvironment): TaskDoneMessage | undefined {
  const fault = message.fault;
  if (fault?.kind === 'crash') throw new InjectedCrash(message.task);
  if (fault?.kind === 'hang') {
    environment.hang();
    return undefined;
  }
  const started = environment.now();
  const corruption = fault?.kind === 'corrupt' ? corruptionFor(message.ranges, fault.range, fault.at) : undefined;
  const mismatched = copyRanges(message.source, message.destination, message.ranges, environment.bytesEqual, corruption);
  return {
    type: 'done',
    task: message.task,
    mismatched,
    source: message.source,
    destination: message.destination,
    ms: environment.now() - started,
  };
}

/**
 * A worker's message handling: remembers the task in progress so that, if it throws, the
 * blocks it was given can still be handed back on request (see SalvageMessage).
 */
export function createWorkerSession(environment: WorkerEnvironment): (message: ToWorker) => FromWorker | undefined {
  let inFlight: CopyTaskMessage | undefined;
  return (message) => {
    if (message.type === 'salvage') {
      if (inFlight?.task !== message.task) return undefined;
      const { source, destination } = inFlight;
      inFlight = undefined;
      return { type: 'salvaged', task: message.task, source, destination };
    }
    inFlight = message;
    const done = runCopyTask(message, environment);
    inFlight = undefined;
    return done;
  };
}

function corruptionFor(ranges: Float64Array, range: number, at: number): Corruption {
  const base = range * RANGE_FIELDS;
  return { block: ranges[base], position: ranges[base + 1] + Math.min(at, ranges[base + 2] - 1) };
}

/** A spin that only terminate() ends: how a stuck worker looks to the engine. */
export function spinForever(): void {
  for (;;) {
    // Intentionally empty: the point is to never yield.
  }
}
