import { chunkLengths } from './chunks';
import { SCRATCH_BYTES } from './wasm/sampleScratch';
import type { BytesEqual } from './bytesEqual';
import type { Piece } from './schedule';

/** Where a stretch of one folio lives: `length` bytes at `offset` in block `block`. */
export interface Segment {
  block: number;
  offset: number;
  length: number;
}

/**
 * A batch of folios to migrate: source and destination bytes in blocks of memory.
 * With SharedArrayBuffers every folio sits in one shared source block and one shared
 * destination block. With plain ArrayBuffers a buffer can only be handed to one worker
 * at a time: each group of pieces a task sends together (`groups`) shares one block, or,
 * without groups, each folio (or each chunk of it, `splitInto`) gets blocks of its own.
 * Source and destination use the same placement, so a segment names both (in a one-memory
 * batch the destination lies `memory.destinationOffset` bytes after its source).
 */
export interface CopyBatch {
  readonly folioBytes: readonly number[];
  readonly shared: boolean;
  /** Source blocks; an entry is detached while a worker holds it. */
  readonly source: ArrayBufferLike[];
  readonly destination: ArrayBufferLike[];
  /** Segments of each folio in byte order, covering it exactly. */
  readonly placement: readonly (readonly Segment[])[];
  /**
   * One shared WebAssembly.Memory holding every source and, `destinationOffset` bytes further,
   * every destination (source[0] and destination[0] are both its buffer): the Node workers copy
   * it with v128 loads and stores and compare it with v128 loads (wasm/kernelModule.ts), where V8 copies
   * between SharedArrayBuffers with relaxed atomic word moves. Absent for other layouts.
   */
  readonly memory?: BatchMemory;
}

/** A batch whose sources and destinations share one WebAssembly memory (see CopyBatch.memory). */
export interface BatchMemory {
  readonly memory: WebAssembly.Memory;
  /** Names the memory across threads: each message hands a worker a new Memory object for it. */
  readonly id: number;
  /** Where a segment's destination is: its offset plus this (a multiple of 64 KiB). */
  readonly destinationOffset: number;
}

/** Bytes from a segment's source to its destination within one block: 0 unless the batch lives in one WebAssembly memory. */
export function destinationOffsetOf(batch: CopyBatch): number {
  return batch.memory?.destinationOffset ?? 0;
}

export interface BatchOptions {
  /** SharedArrayBuffer blocks (workers share them) or plain ArrayBuffers (handed over by transfer). */
  shared: boolean;
  /**
   * Shared memory only: sources and destinations in one shared WebAssembly.Memory (for hosts
   * whose workers run WebAssembly). Falls back to two SharedArrayBuffers when the memory cannot
   * be made.
   */
  wasm?: boolean;
  /** Transfer memory only: cut each folio into this many blocks, for chunked schedules. */
  splitInto?: number;
  /**
   * Transfer memory only: the pieces each block holds, back to back (every byte of every folio
   * in exactly one group). One group per task the engine will send (tasks.ts, groupPieces):
   * posting a buffer costs the same for 4 KiB as for 4 MiB, and a transfer per folio each way
   * held the webview's 64 KiB copies to under half of Node's. Overrides `splitInto`.
   */
  groups?: readonly (readonly Piece[])[];
}

/** Largest batch the engine accepts (bytes of source; the destination is as large again). */
export const MAX_BATCH_BYTES = 2 ** 30;

export function createCopyBatch(folioBytes: readonly number[], options: BatchOptions): CopyBatch {
  if (folioBytes.length === 0) throw new RangeError('a batch needs at least one folio');
  for (const bytes of folioBytes) {
    if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`folio size must be a positive integer, got ${bytes}`);
  }
  const total = folioBytes.reduce((sum, bytes) => sum + bytes, 0);
  if (total > MAX_BATCH_BYTES) throw new RangeError(`batch of ${total} bytes exceeds the ${MAX_BATCH_BYTES}-byte limit`);
  const batch = options.shared ? ((options.wasm ? wasmBatch(folioBytes, total) : undefined) ?? sharedBatch(folioBytes, total)) : options.groups ? groupedBatch(folioBytes, options.groups) : transferBatch(folioBytes, options.splitInto ?? 1);
  // Touch every destination page now: first-touch faults belong to allocation, not to the copy
  // (on a microVM each costs tens of microseconds and would dominate a measured copy).
  for (const view of destinationBlocks(batch)) view.fill(0);
  return batch;
}

/** Each destination block's bytes (in a one-memory batch, the part of the memory past destinationOffset). */
export function destinationBlocks(batch: CopyBatch): Uint8Array[] {
  const offset = destinationOffsetOf(batch);
  return batch.destination.map((block) => new Uint8Array(block, offset, block.byteLength - offset));
}

const WASM_PAGE = 64 * 1024;
let nextMemoryId = 1;

/**
 * Sources at 0, destinations at the next 64 KiB page past them, then the sampled check's
 * scratch, in one shared memory sized exactly (a shared memory reserves its maximum up front, so it never grows). Undefined when
 * the runtime has no shared WebAssembly memory or cannot reserve it.
 */
function wasmBatch(folioBytes: readonly number[], total: number): CopyBatch | undefined {
  if (typeof WebAssembly !== 'object' || typeof SharedArrayBuffer !== 'function') return undefined;
  const destinationOffset = Math.ceil(total / WASM_PAGE) * WASM_PAGE;
  // Past the destinations: the kernel's sampled-check scratch (wasm/sampleScratch.ts).
  const pages = (2 * destinationOffset + Math.ceil(SCRATCH_BYTES / WASM_PAGE) * WASM_PAGE) / WASM_PAGE;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return undefined;
  }
  if (!(memory.buffer instanceof SharedArrayBuffer)) return undefined;
  const placement = contiguousPlacement(folioBytes);
  return { folioBytes, shared: true, source: [memory.buffer], destination: [memory.buffer], placement, memory: { memory, id: nextMemoryId++, destinationOffset } };
}

function contiguousPlacement(folioBytes: readonly number[]): Segment[][] {
  let offset = 0;
  return folioBytes.map((length) => {
    const segment = { block: 0, offset, length };
    offset += length;
    return [segment];
  });
}

function sharedBatch(folioBytes: readonly number[], total: number): CopyBatch {
  const placement = contiguousPlacement(folioBytes);
  return { folioBytes, shared: true, source: [new SharedArrayBuffer(total)], destination: [new SharedArrayBuffer(total)], placement };
}

function transferBatch(folioBytes: readonly number[], splitInto: number): CopyBatch {
  const source: ArrayBuffer[] = [];
  const destination: ArrayBuffer[] = [];
  const placement = folioBytes.map((bytes) =>
    chunkLengths(bytes, splitInto)
      .filter((length) => length > 0)
      .map((length) => {
        source.push(new ArrayBuffer(length));
        destination.push(new ArrayBuffer(length));
        return { block: source.length - 1, offset: 0, length };
      }),
  );
  return { folioBytes, shared: false, source, destination, placement };
}

function groupedBatch(folioBytes: readonly number[], groups: readonly (readonly Piece[])[]): CopyBatch {
  const source: ArrayBuffer[] = [];
  const destination: ArrayBuffer[] = [];
  const found: { start: number; segment: Segment }[][] = folioBytes.map(() => []);
  for (const group of groups) {
    let offset = 0;
    for (const piece of group) {
      if (piece.folio < 0 || piece.folio >= folioBytes.length || piece.length < 1) throw new RangeError(`group piece for folio ${piece.folio} is outside the batch`);
      found[piece.folio].push({ start: piece.offset, segment: { block: source.length, offset, length: piece.length } });
      offset += piece.length;
    }
    if (offset === 0) continue;
    source.push(new ArrayBuffer(offset));
    destination.push(new ArrayBuffer(offset));
  }
  const placement = found.map((segments, folio) => {
    segments.sort((a, b) => a.start - b.start);
    let covered = 0;
    for (const { start, segment } of segments) {
      if (start !== covered) throw new RangeError(`groups must cover folio ${folio} exactly once (a gap or overlap at byte ${Math.min(start, covered)})`);
      covered += segment.length;
    }
    if (covered !== folioBytes[folio]) throw new RangeError(`groups cover ${covered} of folio ${folio}'s ${folioBytes[folio]} bytes`);
    return segments.map(({ segment }) => segment);
  });
  return { folioBytes, shared: false, source, destination, placement };
}

function folioBytesOf(batch: CopyBatch, blocks: ArrayBufferLike[], folio: number, shift: number): Uint8Array[] {
  return batch.placement[folio].map((segment) => new Uint8Array(blocks[segment.block], segment.offset + shift, segment.length));
}

/** Views of a folio's source bytes, one per segment (a folio spans several blocks only when split). */
export function sourceViews(batch: CopyBatch, folio: number): Uint8Array[] {
  return folioBytesOf(batch, batch.source, folio, 0);
}

export function destinationViews(batch: CopyBatch, folio: number): Uint8Array[] {
  return folioBytesOf(batch, batch.destination, folio, destinationOffsetOf(batch));
}

/** Fills every source folio with a cheap position- and seed-dependent pattern (no two folios alike). */
export function fillSource(batch: CopyBatch, seed: number): void {
  batch.placement.forEach((_segments, folio) => {
    let state = (seed ^ Math.imul(folio + 1, 0x9e3779b1)) >>> 0;
    for (const view of sourceViews(batch, folio)) {
      const words = view.byteOffset % 4 === 0 ? view.length >>> 2 : 0;
      const wordView = new Uint32Array(view.buffer, words > 0 ? view.byteOffset : 0, words);
      for (let i = 0; i < words; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        wordView[i] = state ^ (state >>> 13);
      }
      for (let i = words * 4; i < view.length; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        view[i] = state >>> 24;
      }
    }
  });
}

/** True when the folio's destination equals its source byte for byte. */
export function folioMatches(batch: CopyBatch, folio: number, bytesEqual: BytesEqual): boolean {
  const sources = sourceViews(batch, folio);
  const destinations = destinationViews(batch, folio);
  return sources.every((view, i) => bytesEqual(view, destinations[i]));
}
