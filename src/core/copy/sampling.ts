/**
 * The sampled check: instead of comparing every byte, a worker compares a seeded sample of
 * 64-byte lines of each range (about 1 line in 64, at least 2 per range) and folds the source
 * words it read into a checksum. The engine recomputes that checksum over the destination it
 * got back, which catches bytes that changed after the worker's check (a torn hand-back, a
 * second writer). A corruption outside the sample is not seen: sampled mode trades certainty
 * for speed, and its report says so.
 */
import { RANGE_FIELDS } from './protocol';

export const LINE_BYTES = 64;
/** One line in this many is read (a range of up to two lines is read whole). */
export const SAMPLE_ONE_IN = 64;
/** Neighbouring lines read together in ranges of 64 KiB and more. */
const RUN_LINES = 8;

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
 * Walks the sampled lines of ranges [first, end) of `a` (and `b` when given), folding `a`'s
 * words into the running checksum; a range whose sampled lines differ in `b` is pushed to
 * `mismatched` and left out of the checksum. One call covers many ranges and keeps the
 * checksum in a local: a call per range would box every 32-bit checksum it returns.
 */
export function sampleRanges(a: Uint8Array[], aWords: Int32Array[], b: Uint8Array[] | undefined, bWords: Int32Array[] | undefined, ranges: Float64Array, first: number, end: number, seed: number, checksum: number, mismatched?: number[]): number {
  let c = checksum | 0;
  for (let r = first; r < end; r++) {
    const block = ranges[r * RANGE_FIELDS];
    const start = ranges[r * RANGE_FIELDS + 1];
    const length = ranges[r * RANGE_FIELDS + 2];
    const stop = start + length;
    let diff = 0;
    let rc = c;
    if (length < 16) {
      const av = a[block];
      const bv = b ? b[block] : undefined;
      for (let i = start; i < stop; i++) {
        if (bv) diff |= av[i] ^ bv[i];
        rc = (rc + (av[i] ^ i)) | 0;
      }
    } else {
      const aw = aWords[block];
      const bw = bWords ? bWords[block] : undefined;
      const lines = Math.ceil(length / LINE_BYTES);
      const count = lines <= 2 ? lines : Math.max(2, Math.floor(lines / SAMPLE_ONE_IN));
      // Large ranges are sampled in runs of RUN_LINES neighbouring lines: the same share of the
      // bytes, but one cache miss (and the prefetcher) per run instead of one per line.
      const run = lines >= 1024 ? RUN_LINES : 1;
      const runs = Math.max(1, Math.floor(count / run));
      const stride = lines / runs;
      const phase = phaseOf(seed, start);
      const lastWord = (stop >>> 2) - 1;
      for (let i = 0; i < runs; i++) {
        const line = Math.min(lines - run, Math.floor((i + phase) * stride));
        const firstWord = (start + line * LINE_BYTES + 3) >>> 2;
        const last = Math.min(firstWord + (run * LINE_BYTES) / 4 - 1, lastWord);
        for (let w = firstWord; w <= last; w++) {
          const word = aw[w];
          if (bw) diff |= word ^ bw[w];
          // A position-mixed sum: one add per word, no multiply chain holding up the loads.
          rc = (rc + (word ^ w)) | 0;
        }
      }
    }
    if (diff !== 0) mismatched?.push(r);
    else c = rc;
  }
  return c;
}

/** A block's 32-bit word view (its tail bytes past the last whole word are left out). */
export function wordsOf(block: ArrayBufferLike): Int32Array {
  return new Int32Array(block, 0, block.byteLength >>> 2);
}
