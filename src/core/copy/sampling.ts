/**
 * The sampled check: instead of comparing every byte, a worker compares a seeded sample of
 * 64-byte lines of each range (about 1 line in 64, at least 2 per range) and folds the source
 * words it read into a checksum. The engine recomputes that checksum over the destination it
 * got back, which catches bytes that changed after the worker's check (a torn hand-back, a
 * second writer). A corruption outside the sample is not seen: sampled mode trades certainty
 * for speed, and its report says so.
 */
export const LINE_BYTES = 64;
/** One line in this many is read (a range of up to two lines is read whole). */
export const SAMPLE_ONE_IN = 64;

/** Lines a sampled check reads in a range of `length` bytes. */
export function sampledLines(length: number): number {
  const lines = Math.ceil(length / LINE_BYTES);
  return lines <= 2 ? lines : Math.max(2, Math.floor(lines / SAMPLE_ONE_IN));
}

/** Bytes a sampled check of a range of `length` bytes reads (at most). */
export function sampledBytes(length: number): number {
  return Math.min(length, sampledLines(length) * LINE_BYTES);
}

function phaseOf(seed: number, start: number): number {
  let h = Math.imul(seed ^ start, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

/**
 * Walks the sampled lines of one range of `a` (and `b` when given): returns the checksum
 * folded from `a`'s words starting at `checksum`, or NaN when `b` differs from `a` in a
 * sampled line. Word views cover each block once (32-bit words at 4-byte-aligned positions;
 * the few bytes a range has outside them are compared byte by byte when the range is tiny).
 */
export function sampleRange(a: Uint8Array, aWords: Int32Array, b: Uint8Array | undefined, bWords: Int32Array | undefined, start: number, length: number, seed: number, checksum: number): number {
  const end = start + length;
  if (length < 16) {
    for (let i = start; i < end; i++) {
      if (b && a[i] !== b[i]) return NaN;
      checksum = Math.imul(checksum ^ a[i], 0x01000193);
    }
    return checksum;
  }
  const lines = Math.ceil(length / LINE_BYTES);
  const count = sampledLines(length);
  const stride = lines / count;
  const phase = phaseOf(seed, start);
  const lastWord = (end >>> 2) - 1;
  let c = checksum;
  let diff = 0;
  for (let i = 0; i < count; i++) {
    const line = Math.min(lines - 1, Math.floor((i + phase) * stride));
    const first = (start + line * LINE_BYTES + 3) >>> 2;
    const last = Math.min(first + LINE_BYTES / 4 - 1, lastWord);
    for (let w = first; w <= last; w++) {
      const word = aWords[w];
      if (bWords) diff |= word ^ bWords[w];
      c = Math.imul(c ^ word, 0x01000193);
    }
  }
  return diff === 0 ? c : NaN;
}

/** A block's 32-bit word view (its tail bytes past the last whole word are left out). */
export function wordsOf(block: ArrayBufferLike): Int32Array {
  return new Int32Array(block, 0, block.byteLength >>> 2);
}
