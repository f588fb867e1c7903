import type { BytesEqual } from './bytesEqual';
import { RANGE_FIELDS } from './protocol';

/** Bytes copied before they are checked: small enough that source and destination are still in cache. */
export const TILE_BYTES = 128 * 1024;

/** A byte to flip after it is copied (injected corruption), as block + absolute offset. */
export interface Corruption {
  block: number;
  position: number;
}

/**
 * Copies every range from source to destination blocks and checks each destination byte
 * against its source while both are hot in cache. Neighbouring ranges (consecutive folios
 * of one run) are copied as one span so small folios do not pay per-call overhead.
 * Returns the indexes of ranges that did not verify.
 */
export function copyRanges(
  source: ArrayBufferLike[],
  destination: ArrayBufferLike[],
  ranges: Float64Array,
  bytesEqual: BytesEqual,
  corruption?: Corruption,
  tileBytes = TILE_BYTES,
): number[] {
  const from = source.map((block) => new Uint8Array(block));
  const to = destination.map((block) => new Uint8Array(block));
  const count = ranges.length / RANGE_FIELDS;
  const mismatched: number[] = [];
  let first = 0;
  while (first < count) {
    const block = ranges[first * RANGE_FIELDS];
    const start = ranges[first * RANGE_FIELDS + 1];
    let end = start + ranges[first * RANGE_FIELDS + 2];
    let last = first;
    while (last + 1 < count) {
      const next = (last + 1) * RANGE_FIELDS;
      if (ranges[next] !== block || ranges[next + 1] !== end || end + ranges[next + 2] - start > tileBytes) break;
      end += ranges[next + 2];
      last++;
    }
    const spanOk = copySpan(from[block], to[block], start, end, bytesEqual, corruption?.block === block ? corruption.position : -1, tileBytes);
    if (!spanOk) mismatched.push(...mismatchedIn(from[block], to[block], ranges, first, last, bytesEqual));
    first = last + 1;
  }
  return mismatched;
}

function copySpan(from: Uint8Array, to: Uint8Array, start: number, end: number, bytesEqual: BytesEqual, flipAt: number, tileBytes: number): boolean {
  let ok = true;
  for (let at = start; at < end; at += tileBytes) {
    const stop = Math.min(end, at + tileBytes);
    to.set(from.subarray(at, stop), at);
    if (flipAt >= at && flipAt < stop) to[flipAt] ^= 0x5a;
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
