/**
 * Messages between the engine and a copy worker. The bulk bytes never travel inside a
 * message: blocks are SharedArrayBuffers (shared) or ArrayBuffers in the transfer list.
 */
import type { VerifyMode } from './types';

/** Values per range in `ranges`: block index (into the message's block lists), byte offset, byte length. */
export const RANGE_FIELDS = 3;

/** Fault codes in `faults` (injection only). */
export const FAULT_CRASH = 1;
export const FAULT_HANG = 2;
export const FAULT_CORRUPT = 3;
/** Values per fault in `faults`: range index, fault code, byte offset within the range (corrupt). Sorted by range. */
export const FAULT_FIELDS = 3;

export interface CopyTaskMessage {
  type: 'copy';
  task: number;
  source: ArrayBufferLike[];
  destination: ArrayBufferLike[];
  ranges: Float64Array;
  verify: VerifyMode;
  /** Seeds which lines a sampled check reads (chosen per run, unknown to the data). */
  sampleSeed: number;
  /** Injected faults, fired when the copy reaches their range; absent in normal runs. */
  faults?: Float64Array;
  /**
   * Shared memory only: two words over a SharedArrayBuffer. The worker bumps PROGRESS_SPANS
   * after every span it copies and writes PROGRESS_ANSWERED = the task id it last answered, so
   * the engine can tell a slow, descheduled or already answered worker from a stuck one (lane.ts).
   */
  progress?: Int32Array;
  /**
   * One-memory batches (batch.ts, CopyBatch.memory): the shared WebAssembly.Memory whose buffer
   * is the batch's one block (source and destination lists are then empty: the buffer travels
   * inside the memory), its id, and where destinations start. A worker that runs WebAssembly
   * copies with it; any other copies the same bytes with typed arrays.
   */
  memory?: { memory: WebAssembly.Memory; id: number; destinationOffset: number };
}

export const PROGRESS_SPANS = 0;
export const PROGRESS_ANSWERED = 1;
export const PROGRESS_WORDS = 2;

export interface WorkerReadyMessage {
  type: 'ready';
}

export interface TaskDoneMessage {
  type: 'done';
  task: number;
  /** Indexes of ranges whose destination did not pass the check (always empty with verify 'none'). */
  mismatched: number[];
  /** Sampled mode: per range, the checksum of its sampled source lines as the worker read them (see sampling.ts); empty otherwise. */
  checksums: Int32Array;
  /** The message's blocks, handed back (transfer memory) so the engine owns them again; empty with shared memory (see handedBack). */
  source: ArrayBufferLike[];
  destination: ArrayBufferLike[];
  ms: number;
}

/**
 * The task threw out of the copy loop. The worker's entry catches what escapes a task the way
 * a top-level error handler would (a Web Worker survives uncaught exceptions; the Node entry
 * behaves the same), reports it and hands back the blocks it held, then serves the next task.
 */
export interface TaskCrashedMessage {
  type: 'crashed';
  task: number;
  reason: string;
  source: ArrayBufferLike[];
  destination: ArrayBufferLike[];
}

export type ToWorker = CopyTaskMessage;
export type FromWorker = WorkerReadyMessage | TaskDoneMessage | TaskCrashedMessage;

/**
 * The blocks an answer hands back: transferred ArrayBuffers, which the engine must own again.
 * SharedArrayBuffers never left the engine, and each one in a message is one more object to
 * serialize and register on both sides.
 */
export function handedBack(blocks: ArrayBufferLike[]): ArrayBufferLike[] {
  return blocks.every((block) => block instanceof ArrayBuffer) ? blocks : [];
}

/** Blocks that must go in a postMessage transfer list: plain ArrayBuffers, never shared ones. */
export function transferables(message: { source: ArrayBufferLike[]; destination: ArrayBufferLike[] }): ArrayBuffer[] {
  return [...message.source, ...message.destination].filter((block): block is ArrayBuffer => block instanceof ArrayBuffer);
}
