import type { BytesEqual } from './bytesEqual';
import { RANGE_FIELDS } from './protocol';
import { sampleRanges, wordsOf } from './sampling';
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
}

export interface CopyOutcome {
  /** Indexes of ranges that did not pass the check. */
  mismatched: number[];
  /** Sampled mode: checksum of the sampled source words, in range order; 0 otherwise. */
  checksum: number;
}

/**
 * Copies ranges [first, end) from source to destination blocks. Neighbouring ranges (consecutive
 * folios of one run) are copied as one span, so small folios cost no per-folio call. Then:
 * - 'full' compares each 128 KiB tile right after copying it, while both copies are hot in cache;
 * - 'sampled' reads a seeded sample of lines of every range (sampling.ts);
 * - 'none' checks nothing.
 */
export function copyRanges(source: ArrayBufferLike[], destination: ArrayBufferLike[], ranges: Float64Array, check: CopyCheck, first = 0, end = ranges.length / RANGE_FIELDS): CopyOutcome {
  const from = source.map((block) => new Uint8Array(block));
  const to = destination.map((block) => new Uint8Array(block));
  const tileBytes = check.tileBytes ?? TILE_BYTES;
  const mismatched: number[] = [];
  const words = check.verify === 'sampled' ? { from: from.map((view) => wordsOf(view.buffer)), to: to.map((view) => wordsOf(view.buffer)) } : undefined;
  let checksum = CHECKSUM_START;
  let r = first;
  while (r < end) {
    const block = ranges[r * RANGE_FIELDS];
    const start = ranges[r * RANGE_FIELDS + 1];
    let stop = start + ranges[r * RANGE_FIELDS + 2];
    let last = r;
    // Sampled: a span stops at a tile, so its sample is read while the copy is still in L2.
    const limit = words ? tileBytes : Infinity;
    while (last + 1 < end && ranges[(last + 1) * RANGE_FIELDS] === block && ranges[(last + 1) * RANGE_FIELDS + 1] === stop && stop + ranges[(last + 1) * RANGE_FIELDS + 2] - start <= limit) {
      last++;
      stop += ranges[last * RANGE_FIELDS + 2];
    }
    const flips = check.corruptions?.filter((c) => c.block === block && c.position >= start && c.position < stop) ?? [];
    if (check.verify === 'full') {
      if (!copyComparedSpan(from[block], to[block], start, stop, check.bytesEqual, flips, tileBytes)) mismatched.push(...mismatchedIn(from[block], to[block], ranges, r, last, check.bytesEqual));
    } else {
      to[block].set(from[block].subarray(start, stop), start);
      for (const flip of flips) to[block][flip.position] ^= 0x5a;
      if (words) checksum = sampleRanges(from, words.from, to, words.to, ranges, r, last + 1, check.sampleSeed, checksum, mismatched);
    }
    r = last + 1;
  }
  return { mismatched, checksum: words ? checksum : 0 };
}

const CHECKSUM_START = 0x811c9dc5 | 0;

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

/**
 * The engine's half of the sampled check: the same checksum over the destination it got back
 * (ranges that already failed are left out, as the worker left them out).
 */
export function destinationChecksum(destination: ArrayBufferLike[], ranges: Float64Array, seed: number, skip: ReadonlySet<number>): number {
  const views = destination.map((block) => new Uint8Array(block));
  const words = destination.map((block) => wordsOf(block));
  let checksum = CHECKSUM_START;
  let first = 0;
  const count = ranges.length / RANGE_FIELDS;
  // Runs of ranges between the skipped ones, so each run is one call.
  for (let r = 0; r <= count; r++) {
    if (r < count && !skip.has(r)) continue;
    if (r > first) checksum = sampleRanges(views, words, undefined, undefined, ranges, first, r, seed, checksum);
    first = r + 1;
  }
  return checksum;
}
