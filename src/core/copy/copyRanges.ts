import type { BytesEqual } from './bytesEqual';
import { PROGRESS_SPANS, RANGE_FIELDS } from './protocol';
import { resetSample, sampleRange, sampleSpan, SAMPLE_CHECKSUM, SAMPLE_DIFF, wordsOf } from './sampling';
import type { VerifyMode } from './types';

/** Bytes copied before they are compared (full mode): small enough that both stay in L2. */
export const TILE_BYTES = 128 * 1024;

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
 * - 'full' compares each 128 KiB tile right after copying it, while both copies are hot in cache;
 * - 'sampled' reads a seeded sample of lines of every range right after the tile holding them
 *   was copied (sampling.ts), a range longer than a tile tile by tile;
 * - 'none' checks nothing.
 */
export function copyRanges(source: ArrayBufferLike[], destination: ArrayBufferLike[], ranges: Float64Array, check: CopyCheck, first = 0, end = ranges.length / RANGE_FIELDS): CopyOutcome {
  const from = source.map((block) => new Uint8Array(block));
  const to = destination.map((block) => new Uint8Array(block));
  const tileBytes = check.tileBytes ?? TILE_BYTES;
  const mismatched: number[] = [];
  const sampler = check.verify === 'sampled' ? createSampler(from, to, check.sampleSeed, end - first) : undefined;
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
      if (!copyComparedSpan(from[block], to[block], start, stop, check.bytesEqual, flips, tileBytes)) mismatched.push(...mismatchedIn(from[block], to[block], ranges, r, last, check.bytesEqual));
    } else if (sampler && last === r && stop - start > tileBytes) {
      sampler.copyLongRange(block, start, stop, flips, tileBytes, r - first, r, mismatched);
    } else {
      to[block].set(from[block].subarray(start, stop), start);
      for (const flip of flips) to[block][flip.position] ^= 0x5a;
      if (sampler) sampler.sampleSpan(block, ranges, r, last + 1, first, mismatched);
    }
    if (check.progress) Atomics.add(check.progress, PROGRESS_SPANS, 1);
    r = last + 1;
  }
  return { mismatched, checksums: sampler ? sampler.checksums : new Int32Array(0) };
}

/** The sampled check's per-task state: word views made once, one reusable state, one checksum per range. */
function createSampler(from: Uint8Array[], to: Uint8Array[], seed: number, count: number) {
  const fromWords = from.map((view) => wordsOf(view.buffer));
  const toWords = to.map((view) => wordsOf(view.buffer));
  const checksums = new Int32Array(count);
  const state = new Int32Array(3);
  const finish = (slot: number, range: number, mismatched: number[]) => {
    if (state[SAMPLE_DIFF] !== 0) mismatched.push(range);
    else checksums[slot] = state[SAMPLE_CHECKSUM];
  };
  return {
    checksums,
    sampleSpan(block: number, ranges: Float64Array, first: number, end: number, slotBase: number, mismatched: number[]) {
      sampleSpan(from[block], fromWords[block], to[block], toWords[block], ranges, first, end, seed, checksums, slotBase, mismatched, state);
    },
    /** One range longer than a tile: copy a tile, then read the sampled runs it completed. */
    copyLongRange(block: number, start: number, stop: number, flips: Corruption[], tileBytes: number, slot: number, range: number, mismatched: number[]) {
      resetSample(state);
      for (let at = start; at < stop; at += tileBytes) {
        const tileStop = Math.min(stop, at + tileBytes);
        to[block].set(from[block].subarray(at, tileStop), at);
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
