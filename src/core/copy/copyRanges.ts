import type { BytesEqual } from './bytesEqual';
import { PROGRESS_SPANS, RANGE_FIELDS } from './protocol';
import { resetSample, sampleRange, sampleSpan, SAMPLE_CHECKSUM, SAMPLE_DIFF, wordsOf } from './sampling';
import type { VerifyMode } from './types';
import type { CopyKernel } from './wasm/kernel';
import { claimSlot, releaseSlot, SCRATCH_SLOT_BYTES } from './wasm/sampleScratch';

/** Bytes copied before they are compared (full mode): small enough that both stay in L2. */
export const TILE_BYTES = 128 * 1024;
/**
 * The same for the WebAssembly kernel: a tile costs one call out to memmove and one v128 compare
 * loop, so it can be small enough that both copies are still in L1 when compared, as native
 * memcpy + memcmp of a 4 KiB folio are. One thread, 64 MiB, fastest of 40 (load 5): 4 KiB tiles
 * 9.8–9.9 ms, 8 KiB 10.1–10.4, 16 KiB 10.9, 32 KiB 10.8–11.0 (copy alone 8.2–8.7).
 */
export const KERNEL_TILE_BYTES = 4 * 1024;

/** A byte to flip after it is copied (injected corruption), as block + absolute offset. */
export interface Corruption {
  block: number;
  position: number;
}

export interface CopyCheck {
  verify: VerifyMode;
  bytesEqual: BytesEqual;
  /** Sampled mode: which lines are read (see sampling.ts). */
  sampleSeed: number;
  /** Flips, in any order (injection only). */
  corruptions?: readonly Corruption[];
  tileBytes?: number;
  /** Bumped after every span (see protocol.ts); absent with transfer memory. */
  progress?: Int32Array;
  /**
   * One-memory batches: destinations start this many bytes after their sources in the same
   * block (batch.ts, CopyBatch.memory); 0 otherwise.
   */
  destinationOffset?: number;
  /** The WebAssembly kernel over that memory (block 0), when the worker runs one; typed arrays otherwise. */
  kernel?: CopyKernel;
}

export interface CopyOutcome {
  /** Indexes of ranges that did not pass the check. */
  mismatched: number[];
  /** Sampled mode: each range's checksum of its sampled source words (index = range - first); empty otherwise. */
  checksums: Int32Array;
}

/**
 * Copies ranges [first, end) from source to destination blocks. Neighbouring ranges (consecutive
 * folios of one run) are copied as one span, so small folios cost no per-folio call. Then:
 * - 'full' compares each tile right after copying it, while both copies are hot in cache (128 KiB
 *   tiles with typed arrays and memcmp, 4 KiB with the WebAssembly kernel);
 * - 'sampled' reads a seeded sample of lines of every range right after the tile holding them
 *   was copied (sampling.ts), a range longer than a tile tile by tile;
 * - 'none' checks nothing.
 */
export function copyRanges(source: ArrayBufferLike[], destination: ArrayBufferLike[], ranges: Float64Array, check: CopyCheck, first = 0, end = ranges.length / RANGE_FIELDS): CopyOutcome {
  const shift = check.destinationOffset ?? 0;
  const from = source.map((block) => new Uint8Array(block));
  // Destination views start where the destinations do, so one offset names a byte of both.
  const to = destination.map((block) => new Uint8Array(block, shift, block.byteLength - shift));
  const mover = check.kernel && source.length === 1 ? kernelMover(check.kernel, shift) : typedArrayMover(from, to, check.bytesEqual);
  const tileBytes = check.tileBytes ?? (check.kernel && check.verify === 'full' ? KERNEL_TILE_BYTES : TILE_BYTES);
  const mismatched: number[] = [];
  const kernelSample = check.verify === 'sampled' && check.kernel && source.length === 1 ? kernelSampler(check.kernel, source[0], shift) : undefined;
  const sampler = check.verify === 'sampled' ? createSampler(from, to, mover, check.sampleSeed, end - first, kernelSample) : undefined;
  try {
    copySpans(from, to, mover, sampler, ranges, check, tileBytes, first, end, mismatched);
  } finally {
    kernelSample?.release();
  }
  return { mismatched, checksums: sampler ? sampler.checksums : new Int32Array(0) };
}

/** The span loop of copyRanges: neighbouring ranges copied (and checked) as one span. */
function copySpans(from: Uint8Array[], to: Uint8Array[], mover: Mover, sampler: Sampler | undefined, ranges: Float64Array, check: CopyCheck, tileBytes: number, first: number, end: number, mismatched: number[]): void {
  let r = first;
  while (r < end) {
    const block = ranges[r * RANGE_FIELDS];
    const start = ranges[r * RANGE_FIELDS + 1];
    let stop = start + ranges[r * RANGE_FIELDS + 2];
    let last = r;
    // Sampled: a span stops at a tile, so its sample is read while the copy is still in L2.
    const limit = sampler ? tileBytes : Infinity;
    while (last + 1 < end && ranges[(last + 1) * RANGE_FIELDS] === block && ranges[(last + 1) * RANGE_FIELDS + 1] === stop && stop + ranges[(last + 1) * RANGE_FIELDS + 2] - start <= limit) {
      last++;
      stop += ranges[last * RANGE_FIELDS + 2];
    }
    const flips = check.corruptions?.filter((c) => c.block === block && c.position >= start && c.position < stop) ?? [];
    if (check.verify === 'full') {
      if (!mover.copyCompare(block, start, stop, flips, tileBytes)) mismatched.push(...mismatchedIn(from[block], to[block], ranges, r, last, check.bytesEqual));
    } else if (sampler && last === r && stop - start > tileBytes) {
      sampler.copyLongRange(block, start, stop, flips, tileBytes, r - first, r, mismatched);
    } else {
      mover.copy(block, start, stop);
      for (const flip of flips) to[block][flip.position] ^= 0x5a;
      if (sampler) sampler.sampleSpan(block, ranges, r, last + 1, first, mismatched);
    }
    if (check.progress) Atomics.add(check.progress, PROGRESS_SPANS, 1);
    r = last + 1;
  }
}

/** How a span's bytes move (and, in full mode, are compared): typed arrays, or the WebAssembly kernel. */
interface Mover {
  copy(block: number, start: number, stop: number): void;
  /** Copies [start, stop) tile by tile, flipping the injected bytes after their tile's copy, and compares each tile; true when all were equal. */
  copyCompare(block: number, start: number, stop: number, flips: Corruption[], tileBytes: number): boolean;
}

function typedArrayMover(from: Uint8Array[], to: Uint8Array[], bytesEqual: BytesEqual): Mover {
  return {
    copy: (block, start, stop) => to[block].set(from[block].subarray(start, stop), start),
    copyCompare: (block, start, stop, flips, tileBytes) => copyComparedSpan(from[block], to[block], start, stop, bytesEqual, flips, tileBytes),
  };
}

/**
 * One-memory batches (a single block): sources at their offsets, destinations `shift` further.
 * The kernel flips at most one byte per call, so a span with several injected flips is cut
 * after each (injection runs only; a clean span is one call).
 */
function kernelMover(kernel: CopyKernel, shift: number): Mover {
  return {
    copy: (_block, start, stop) => kernel.copy(start + shift, start, stop - start),
    copyCompare(_block, start, stop, flips, tileBytes) {
      let ok = true;
      let at = start;
      for (const flip of [...flips].sort((a, b) => a.position - b.position)) {
        if (kernel.copyCompare(at + shift, at, flip.position + 1 - at, tileBytes, flip.position - at) !== 1) ok = false;
        at = flip.position + 1;
      }
      if (at < stop && kernel.copyCompare(at + shift, at, stop - at, tileBytes, -1) !== 1) ok = false;
      return ok;
    },
  };
}

/** The shortest and longest range sampleSpan samples line by line (shorter ones byte by byte, longer ones in runs: sampling.ts). */
const KERNEL_SAMPLE_MIN = 16;
const KERNEL_SAMPLE_MAX = 1023 * 64;

/**
 * The kernel's sampled check of a span (one call for all its ranges), through a scratch slot of
 * the batch's memory claimed for this task (wasm/sampleScratch.ts). Undefined when no slot is free.
 */
function kernelSampler(kernel: CopyKernel, buffer: ArrayBufferLike, shift: number) {
  const slot = claimSlot(buffer, shift);
  if (slot === undefined) return undefined;
  const table = new Int32Array(buffer, slot, SCRATCH_SLOT_BYTES / 4);
  return {
    release: () => releaseSlot(buffer, shift, slot),
    /** False (nothing recorded) when the span has a range the kernel does not sample, or more than a slot holds. */
    sampleSpan(ranges: Float64Array, first: number, end: number, seed: number, checksums: Int32Array, slotBase: number, mismatched: number[]): boolean {
      if ((end - first) * 2 > table.length) return false;
      let t = 0;
      for (let r = first; r < end; r++) {
        const length = ranges[r * RANGE_FIELDS + 2];
        if (length < KERNEL_SAMPLE_MIN || length > KERNEL_SAMPLE_MAX) return false;
        table[t++] = ranges[r * RANGE_FIELDS + 1];
        table[t++] = length;
      }
      const bad = kernel.sampleSpan(shift, slot, end - first, seed);
      // Entries are [checksum, differed]: a differing range keeps checksum 0 and is listed, as in sampling.ts.
      if (bad === 0) {
        for (let r = first, e = 0; r < end; r++, e += 2) checksums[r - slotBase] = table[e];
      } else {
        for (let r = first, e = 0; r < end; r++, e += 2) {
          if (table[e + 1] !== 0) mismatched.push(r);
          else checksums[r - slotBase] = table[e];
        }
      }
      return true;
    },
  };
}

type KernelSampler = ReturnType<typeof kernelSampler>;
type Sampler = ReturnType<typeof createSampler>;

/** The sampled check's per-task state: word views made once, one reusable state, one checksum per range. */
function createSampler(from: Uint8Array[], to: Uint8Array[], mover: Mover, seed: number, count: number, kernelSample: KernelSampler) {
  const fromWords = from.map(wordsOf);
  const toWords = to.map(wordsOf);
  const checksums = new Int32Array(count);
  const state = new Int32Array(3);
  const finish = (slot: number, range: number, mismatched: number[]) => {
    if (state[SAMPLE_DIFF] !== 0) mismatched.push(range);
    else checksums[slot] = state[SAMPLE_CHECKSUM];
  };
  return {
    checksums,
    sampleSpan(block: number, ranges: Float64Array, first: number, end: number, slotBase: number, mismatched: number[]) {
      if (kernelSample?.sampleSpan(ranges, first, end, seed, checksums, slotBase, mismatched)) return;
      sampleSpan(from[block], fromWords[block], to[block], toWords[block], ranges, first, end, seed, checksums, slotBase, mismatched, state);
    },
    /** One range longer than a tile: copy a tile, then read the sampled runs it completed. */
    copyLongRange(block: number, start: number, stop: number, flips: Corruption[], tileBytes: number, slot: number, range: number, mismatched: number[]) {
      resetSample(state);
      for (let at = start; at < stop; at += tileBytes) {
        const tileStop = Math.min(stop, at + tileBytes);
        mover.copy(block, at, tileStop);
        for (const flip of flips) if (flip.position >= at && flip.position < tileStop) to[block][flip.position] ^= 0x5a;
        sampleRange(from[block], fromWords[block], to[block], toWords[block], start, stop - start, seed, tileStop, state);
      }
      finish(slot, range, mismatched);
    },
  };
}

function copyComparedSpan(from: Uint8Array, to: Uint8Array, start: number, end: number, bytesEqual: BytesEqual, flips: Corruption[], tileBytes: number): boolean {
  let ok = true;
  for (let at = start; at < end; at += tileBytes) {
    const stop = Math.min(end, at + tileBytes);
    to.set(from.subarray(at, stop), at);
    for (const flip of flips) if (flip.position >= at && flip.position < stop) to[flip.position] ^= 0x5a;
    if (!bytesEqual(from, to, at, stop)) ok = false;
  }
  return ok;
}

function mismatchedIn(from: Uint8Array, to: Uint8Array, ranges: Float64Array, first: number, last: number, bytesEqual: BytesEqual): number[] {
  const bad: number[] = [];
  for (let r = first; r <= last; r++) {
    const start = ranges[r * RANGE_FIELDS + 1];
    if (!bytesEqual(from, to, start, start + ranges[r * RANGE_FIELDS + 2])) bad.push(r);
  }
  return bad;
}
