/**
 * The sampled check: instead of comparing every byte, a worker compares a seeded sample of
 * 64-byte lines of each range (1 line in 64, at least 1 per range) right after copying
 * them, and folds the source words it read into one checksum per range. The engine re-reads a
 * seeded share of those ranges in the destination it got back (see spotCheck), which catches
 * bytes that changed after the worker's check (a torn hand-back, a second writer) without a
 * second cache-missing pass over every folio on the calling thread. A corruption outside the
 * sample is not seen: sampled mode trades certainty for speed, and its report says so.
 */
import { RANGE_FIELDS } from './protocol';

export const LINE_BYTES = 64;
/** One line in this many is read (a range of up to two lines is read whole). */
export const SAMPLE_ONE_IN = 64;
/** Neighbouring lines read together in ranges of 64 KiB and more. */
const RUN_LINES = 8;
/** The engine re-reads one range in this many of every answered task (at least one per task). */
export const SPOT_ONE_IN = 16;
export const CHECKSUM_START = 0x811c9dc5 | 0;

/**
 * Lines a sampled check reads in a range of `length` bytes: at least one, so a folio copied
 * wrong or not at all is always seen. (Two per 4 KiB folio cost 12–17 % of a 'none' copy of
 * 16,384 folios in JavaScript; one costs half that.)
 */
export function sampledLines(length: number): number {
  const lines = Math.ceil(length / LINE_BYTES);
  return lines <= 2 ? lines : Math.max(1, Math.floor(lines / SAMPLE_ONE_IN));
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

/** Where one range's sample state lives between calls (a typed array: no boxed numbers, no allocation). */
export const SAMPLE_CHECKSUM = 0;
export const SAMPLE_DIFF = 1;
export const SAMPLE_NEXT_RUN = 2;

/** A fresh sample state for a range. */
export function resetSample(state: Int32Array): void {
  state[SAMPLE_CHECKSUM] = CHECKSUM_START;
  state[SAMPLE_DIFF] = 0;
  state[SAMPLE_NEXT_RUN] = 0;
}

/**
 * Reads the sampled runs of one range [start, start + length) of `a` (and compares them with
 * `b` when given) that end at or before byte `upTo`, continuing from where the state left off:
 * a range longer than a tile is sampled tile by tile right after each tile's copy, while it is
 * still in L2. Source words go into the state's checksum; a difference sets its diff flag.
 */
export function sampleRange(a: Uint8Array, aw: Int32Array, b: Uint8Array | undefined, bw: Int32Array | undefined, start: number, length: number, seed: number, upTo: number, state: Int32Array): void {
  const stop = start + length;
  let c = state[SAMPLE_CHECKSUM];
  let diff = state[SAMPLE_DIFF];
  if (length < 16) {
    if (upTo < stop) return;
    for (let i = start; i < stop; i++) {
      if (b) diff |= a[i] ^ b[i];
      c = (c + Math.imul(a[i], (i << 1) | 1)) | 0;
    }
    state[SAMPLE_CHECKSUM] = c;
    state[SAMPLE_DIFF] = diff;
    return;
  }
  const lines = Math.ceil(length / LINE_BYTES);
  const count = sampledLines(length);
  // Large ranges are sampled in runs of RUN_LINES neighbouring lines: the same share of the
  // bytes, but one cache miss (and the prefetcher) per run instead of one per line.
  const run = lines >= 1024 ? RUN_LINES : 1;
  const runs = Math.max(1, Math.floor(count / run));
  const stride = lines / runs;
  const phase = phaseOf(seed, start);
  const lastWord = (stop >>> 2) - 1;
  const runWords = (run * LINE_BYTES) / 4;
  let i = state[SAMPLE_NEXT_RUN];
  for (; i < runs; i++) {
    const line = Math.min(lines - run, Math.floor((i + phase) * stride));
    const firstWord = (start + line * LINE_BYTES + 3) >>> 2;
    const last = Math.min(firstWord + runWords - 1, lastWord);
    // Only runs copied already: the rest wait for the next tile.
    if ((last + 1) * 4 > upTo && upTo < stop) break;
    if (bw) {
      let w = firstWord;
      // A position-weighted sum: the multiplies are independent (no chain holding up the
      // loads), and unlike a plain sum it moves when a periodic pattern is shifted. Four words a
      // step, as in sampleSpan (the same sum in another order).
      for (; w + 3 <= last; w += 4) {
        const x0 = aw[w];
        const x1 = aw[w + 1];
        const x2 = aw[w + 2];
        const x3 = aw[w + 3];
        diff |= (x0 ^ bw[w]) | (x1 ^ bw[w + 1]) | (x2 ^ bw[w + 2]) | (x3 ^ bw[w + 3]);
        c = (c + Math.imul(x0, (w << 1) | 1) + Math.imul(x1, (w << 1) + 3) + Math.imul(x2, (w << 1) + 5) + Math.imul(x3, (w << 1) + 7)) | 0;
      }
      for (; w <= last; w++) {
        const word = aw[w];
        diff |= word ^ bw[w];
        c = (c + Math.imul(word, (w << 1) | 1)) | 0;
      }
    } else {
      for (let w = firstWord; w <= last; w++) c = (c + Math.imul(aw[w], (w << 1) | 1)) | 0;
    }
  }
  state[SAMPLE_CHECKSUM] = c;
  state[SAMPLE_DIFF] = diff;
  state[SAMPLE_NEXT_RUN] = i;
}

/**
 * sampleRange for every range of a span [first, end) copied as one piece (each range shorter
 * than a tile, all in one block), in one call with the per-range work inline: with 16,384
 * folios of 4 KiB a call and a state per range cost as much as the lines they read. Writes
 * each range's checksum to checksums[range - slotBase], or pushes the range to `mismatched`.
 * The WebAssembly kernel's sampleSpan (wasm/kernelModule.ts) does the same for one-memory
 * batches and must stay bit for bit equal to this (test/copy/wasmKernel.test.ts).
 */
export function sampleSpan(a: Uint8Array, aw: Int32Array, b: Uint8Array, bw: Int32Array, ranges: Float64Array, first: number, end: number, seed: number, checksums: Int32Array, slotBase: number, mismatched: number[], state: Int32Array): void {
  for (let r = first; r < end; r++) {
    const start = ranges[r * RANGE_FIELDS + 1];
    const length = ranges[r * RANGE_FIELDS + 2];
    const lines = Math.ceil(length / LINE_BYTES);
    if (length < 16 || lines >= 1024) {
      resetSample(state);
      sampleRange(a, aw, b, bw, start, length, seed, start + length, state);
      if (state[SAMPLE_DIFF] !== 0) mismatched.push(r);
      else checksums[r - slotBase] = state[SAMPLE_CHECKSUM];
      continue;
    }
    const runs = lines <= 2 ? lines : Math.max(1, Math.floor(lines / SAMPLE_ONE_IN));
    const stride = lines / runs;
    const phase = phaseOf(seed, start);
    const lastWord = ((start + length) >>> 2) - 1;
    let c = CHECKSUM_START;
    let diff = 0;
    for (let i = 0; i < runs; i++) {
      const firstWord = (start + Math.min(lines - 1, Math.floor((i + phase) * stride)) * LINE_BYTES + 3) >>> 2;
      const last = Math.min(firstWord + LINE_BYTES / 4 - 1, lastWord);
      let w = firstWord;
      // Four words a step (the same sum, in any order): 15–40 % faster than one word a step.
      for (; w + 3 <= last; w += 4) {
        const x0 = aw[w];
        const x1 = aw[w + 1];
        const x2 = aw[w + 2];
        const x3 = aw[w + 3];
        diff |= (x0 ^ bw[w]) | (x1 ^ bw[w + 1]) | (x2 ^ bw[w + 2]) | (x3 ^ bw[w + 3]);
        c = (c + Math.imul(x0, (w << 1) | 1) + Math.imul(x1, (w << 1) + 3) + Math.imul(x2, (w << 1) + 5) + Math.imul(x3, (w << 1) + 7)) | 0;
      }
      for (; w <= last; w++) {
        const word = aw[w];
        diff |= word ^ bw[w];
        c = (c + Math.imul(word, (w << 1) | 1)) | 0;
      }
    }
    if (diff !== 0) mismatched.push(r);
    else checksums[r - slotBase] = c;
  }
}

/** The checksum one range's sample gives over `blocks` (the engine's half of the check, and the tests'). */
export function rangeChecksum(blocks: ArrayBufferLike[], ranges: Float64Array, range: number, seed: number, shift = 0): number {
  return checksumOf(viewsOf(blocks, shift), ranges, range, seed, new Int32Array(3));
}

interface BlockViews {
  bytes: Uint8Array;
  words: Int32Array;
}

/** Each block's byte and word views from `shift` on (where destinations start in one-memory batches, batch.ts). */
function viewsOf(blocks: ArrayBufferLike[], shift: number): BlockViews[] {
  return blocks.map((block) => {
    const bytes = new Uint8Array(block, shift, block.byteLength - shift);
    return { bytes, words: wordsOf(bytes) };
  });
}

function checksumOf(views: BlockViews[], ranges: Float64Array, range: number, seed: number, state: Int32Array): number {
  const { bytes, words } = views[ranges[range * RANGE_FIELDS]];
  resetSample(state);
  const start = ranges[range * RANGE_FIELDS + 1];
  const length = ranges[range * RANGE_FIELDS + 2];
  sampleRange(bytes, words, undefined, undefined, start, length, seed, start + length, state);
  return state[SAMPLE_CHECKSUM];
}

/**
 * The engine's re-read of a sampled task's answer: SPOT_ONE_IN of its ranges (at least one),
 * picked by `random` after the answer arrived, stratified over the task. True when every
 * picked range's destination still gives the checksum the worker reported. Ranges in `skip`
 * (already failed) are left out. `shift`: where destinations start in their blocks (one-memory batches, batch.ts).
 * Views and state are made once per call: a 64 MiB task of 4 KiB folios re-reads 1,024 ranges
 * on the calling thread, inside the timed run.
 */
export function spotCheck(destination: ArrayBufferLike[], ranges: Float64Array, checksums: Int32Array, seed: number, skip: ReadonlySet<number>, random: () => number, shift = 0): boolean {
  const count = ranges.length / RANGE_FIELDS;
  const picks = Math.ceil(count / SPOT_ONE_IN);
  const views = viewsOf(destination, shift);
  const state = new Int32Array(3);
  for (let j = 0; j < picks; j++) {
    const range = Math.min(count - 1, Math.floor(((j + random()) * count) / picks));
    if (skip.has(range)) continue;
    if (checksumOf(views, ranges, range, seed, state) !== checksums[range]) return false;
  }
  return true;
}

/** The 32-bit word view over a byte view that starts at a multiple of 4 in its buffer (tail bytes past the last whole word are left out). */
export function wordsOf(view: Uint8Array): Int32Array {
  return new Int32Array(view.buffer, view.byteOffset, view.byteLength >>> 2);
}
