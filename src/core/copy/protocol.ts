/**
 * Messages between the engine and a copy worker. The bulk bytes never travel inside a
 * message: blocks are SharedArrayBuffers (shared) or ArrayBuffers in the transfer list.
 */
export type InjectedFault = { kind: 'crash' } | { kind: 'hang' } | { kind: 'corrupt'; range: number; at: number };

/** Values per range in `ranges`: block index (into the message's block lists), byte offset, byte length. */
export const RANGE_FIELDS = 3;

export interface CopyTaskMessage {
  type: 'copy';
  task: number;
  source: ArrayBufferLike[];
  destination: ArrayBufferLike[];
  ranges: Float64Array;
  fault?: InjectedFault;
}

export interface WorkerReadyMessage {
  type: 'ready';
}

export interface TaskDoneMessage {
  type: 'done';
  task: number;
  /** Indexes of ranges whose destination did not equal the source after the copy. */
  mismatched: number[];
  /** The message's blocks, handed back (transfer memory) so the engine owns them again. */
  source: ArrayBufferLike[];
  destination: ArrayBufferLike[];
  ms: number;
}

/**
 * After a task failed with an exception, asks the worker for the blocks it still holds. A
 * browser worker survives an uncaught exception, so transferred memory can come back; a
 * dead or spinning worker never answers.
 */
export interface SalvageMessage {
  type: 'salvage';
  task: number;
}

export interface SalvagedMessage {
  type: 'salvaged';
  task: number;
  source: ArrayBufferLike[];
  destination: ArrayBufferLike[];
}

export type ToWorker = CopyTaskMessage | SalvageMessage;
export type FromWorker = WorkerReadyMessage | TaskDoneMessage | SalvagedMessage;

/** Blocks that must go in a postMessage transfer list: plain ArrayBuffers, never shared ones. */
export function transferables(message: { source: ArrayBufferLike[]; destination: ArrayBufferLike[] }): ArrayBuffer[] {
  return [...message.source, ...message.destination].filter((block): block is ArrayBuffer => block instanceof ArrayBuffer);
}
