import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCopyBatch, destinationViews, fillSource, sourceViews } from '../../src/core/copy/index';
import { copyRanges, type Corruption } from '../../src/core/copy/copyRanges';
import { nativeBytesEqual } from '../../src/core/copy/node/nativeBytesEqual';
import { rangeChecksum, sampleSpan, wordsOf } from '../../src/core/copy/sampling';
import { claimSlot, releaseSlot, SCRATCH_BYTES, SCRATCH_SLOTS } from '../../src/core/copy/wasm/sampleScratch';
import { instantiateKernel, type CopyKernel } from '../../src/core/copy/wasm/kernel';
import { kernelModuleBytes } from '../../src/core/copy/wasm/kernelModule';
import type { VerifyMode } from '../../src/core/copy/types';

const PAGE = 64 * 1024;

/** Pages of the sampled check's scratch (past the destinations, as batch.ts lays it out). */
const SCRATCH_PAGES = Math.ceil(SCRATCH_BYTES / PAGE);

function kernelWithMemory(pages = 4): { kernel: CopyKernel; bytes: Uint8Array; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: pages + SCRATCH_PAGES, maximum: pages + SCRATCH_PAGES, shared: true });
  const kernel = instantiateKernel(memory);
  assert.ok(kernel, 'Node 20 runs the kernel (SIMD and bulk memory)');
  return { kernel, bytes: new Uint8Array(memory.buffer), memory };
}

function pattern(bytes: Uint8Array, start: number, length: number, seed: number): void {
  for (let i = 0; i < length; i++) bytes[start + i] = (i * 131 + seed * 7 + 1) & 255;
}

test('the module the builder writes validates and exports copy, equal and copyCompare over an imported shared memory', () => {
  const bytes = kernelModuleBytes();
  assert.ok(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>));
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  assert.deepEqual(WebAssembly.Module.exports(module).map((e) => `${e.name}:${e.kind}`), ['copy:function', 'equal:function', 'copyCompare:function', 'sampleSpan:function']);
  assert.deepEqual(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`), ['copy.memory:memory']);
});

test('equal: a single differing byte at any position of any length (unaligned, not a multiple of 16) makes it 0', () => {
  const { kernel, bytes } = kernelWithMemory();
  for (const length of [1, 2, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 200, 4095, 4096, 4097]) {
    for (const [a, b] of [[0, PAGE], [3, PAGE + 5], [17, 2 * PAGE + 1]]) {
      pattern(bytes, a, length, length);
      bytes.copyWithin(b, a, a + length);
      assert.equal(kernel.equal(a, b, length), 1, `equal ${length} at ${a}/${b}`);
      const positions = new Set([0, length - 1, length >> 1, Math.min(length - 1, 15), Math.min(length - 1, 16), Math.min(length - 1, 63), Math.min(length - 1, 64), length - (length % 16 || 16)]);
      for (const at of positions) {
        bytes[b + at] ^= 0x80;
        assert.equal(kernel.equal(a, b, length), 0, `length ${length}, offsets ${a}/${b}: byte ${at} differs`);
        // The byte just past the compared length is not looked at.
        bytes[b + at] ^= 0x80;
      }
      bytes[b + length] = bytes[a + length] ^ 1;
      assert.equal(kernel.equal(a, b, length), 1, `byte ${length} is outside the compare`);
    }
  }
  assert.equal(kernel.equal(0, PAGE, 0), 1, 'nothing to compare is equal');
});

test('copy moves exactly [src, src + len) to dst at any alignment and length (64-, 16- and 1-byte steps), writing nothing else', () => {
  const { kernel, bytes } = kernelWithMemory();
  for (let length = 0; length <= 200; length++) {
    for (const [src, dst] of [[0, PAGE], [7, PAGE + 3], [33, 2 * PAGE + 60]]) {
      pattern(bytes, src, length + 8, length);
      bytes.fill(0xc3, dst - 8, dst + length + 8);
      kernel.copy(dst, src, length);
      for (let i = 0; i < length; i++) if (bytes[dst + i] !== bytes[src + i]) assert.fail(`length ${length} from ${src} to ${dst}: byte ${i}`);
      assert.ok(bytes.subarray(dst - 8, dst).every((b) => b === 0xc3) && bytes.subarray(dst + length, dst + length + 8).every((b) => b === 0xc3), `length ${length}: nothing written outside`);
    }
  }
});

test('copyCompare copies every byte and nothing else, and reports a flip at the first or last byte of any tile', () => {
  const { kernel, bytes } = kernelWithMemory();
  for (const [length, tile] of [[1000, 100], [4096, 4096], [4097, 1024], [777, 16], [33, 7], [65536 + 3, 16384]]) {
    const src = 5;
    const dst = PAGE + 9;
    pattern(bytes, src, length, tile);
    bytes.fill(0xee, dst - 4, dst + length + 4);
    assert.equal(kernel.copyCompare(dst, src, length, tile, -1), 1, `clean ${length}/${tile}`);
    assert.equal(kernel.equal(src, dst, length), 1);
    assert.deepEqual([...bytes.subarray(dst - 4, dst), ...bytes.subarray(dst + length, dst + length + 4)], new Array(8).fill(0xee), 'no byte outside the span is written');
    const flips = new Set<number>();
    for (let at = 0; at < length; at += tile) flips.add(at).add(Math.min(length, at + tile) - 1);
    for (const flip of flips) {
      bytes.fill(0, dst, dst + length);
      assert.equal(kernel.copyCompare(dst, src, length, tile, flip), 0, `flip at ${flip} (length ${length}, tile ${tile})`);
      assert.equal(bytes[dst + flip], bytes[src + flip] ^ 0x5a, 'the flip lands on its byte after the copy');
      bytes[dst + flip] ^= 0x5a;
      assert.equal(kernel.equal(src, dst, length), 1, 'every other byte was copied');
    }
    assert.equal(kernel.copyCompare(dst, src, length, tile, length), 1, 'a flip past the span is not applied');
  }
});

/** A one-memory batch's layout by hand: sources at 0, destinations at `shift`. */
function oneMemoryRanges(spans: [number, number][]): Float64Array {
  return new Float64Array(spans.flatMap(([offset, length]) => [0, offset, length]));
}

test('copyRanges over one memory: the kernel and the typed-array fallback copy, flag and checksum alike in every mode', () => {
  const { kernel, bytes, memory } = kernelWithMemory(4);
  const shift = 2 * PAGE;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 2 * PAGE - 9000 }), fc.integer({ min: 1, max: 9000 })), { minLength: 1, maxLength: 8 }),
      fc.constantFrom<VerifyMode>('full', 'sampled', 'none'),
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.constantFrom(16, 100, 4096, 16384),
      (spans, verify, flipPicks, tileBytes) => {
        // Non-overlapping ranges in address order (neighbours join into spans, as folios do).
        spans.sort((x, y) => x[0] - y[0]);
        const kept: [number, number][] = [];
        let end = 0;
        for (const [offset, length] of spans) if (offset >= end) { kept.push([offset, length]); end = offset + length; }
        const ranges = oneMemoryRanges(kept);
        // Flips at the first or last byte of a range or a tile, one per range at most (as injection draws them).
        const corruptions: Corruption[] = [];
        flipPicks.forEach((pick, i) => {
          const [offset, length] = kept[pick % kept.length];
          const candidates = [offset, offset + length - 1, Math.min(offset + length - 1, offset + tileBytes - 1), Math.min(offset + length - 1, offset + tileBytes)];
          if (!corruptions.some((c) => c.position >= offset && c.position < offset + length)) corruptions.push({ block: 0, position: candidates[i % candidates.length] });
        });
        const run = (withKernel: boolean) => {
          pattern(bytes, 0, 2 * PAGE, 3);
          bytes.fill(0, shift, 4 * PAGE);
          // Every scratch slot free again after each run (the kernel sampler claims one per call).
          assert.ok(new Int32Array(memory.buffer, 4 * PAGE, SCRATCH_SLOTS).every((claim) => claim === 0), 'no scratch slot left claimed');
          const outcome = copyRanges([memory.buffer], [memory.buffer], ranges, { verify, bytesEqual: nativeBytesEqual, sampleSeed: 7, corruptions, tileBytes, destinationOffset: shift, ...(withKernel ? { kernel } : {}) });
          return { outcome, destination: bytes.slice(shift, 4 * PAGE), source: bytes.slice(0, 2 * PAGE) };
        };
        const fast = run(true);
        const fallback = run(false);
        assert.deepEqual(fast.outcome.mismatched, fallback.outcome.mismatched);
        assert.deepEqual([...fast.outcome.checksums], [...fallback.outcome.checksums]);
        assert.ok(Buffer.from(fast.destination).equals(Buffer.from(fallback.destination)), 'same destination bytes');
        assert.ok(Buffer.from(fast.source).equals(Buffer.from(fallback.source)), 'sources untouched');
        // Every listed byte copied (or flipped), every other destination byte still zero.
        const listed = new Uint8Array(2 * PAGE);
        for (const [offset, length] of kept) listed.fill(1, offset, offset + length);
        const flipped = new Set(corruptions.map((c) => c.position));
        for (let i = 0; i < 2 * PAGE; i++) {
          const expected = listed[i] ? fast.source[i] ^ (flipped.has(i) ? 0x5a : 0) : 0;
          if (fast.destination[i] !== expected) assert.fail(`byte ${i}: ${fast.destination[i]} != ${expected}`);
        }
        if (verify === 'full') {
          const hit = kept.flatMap(([offset, length], r) => (corruptions.some((c) => c.position >= offset && c.position < offset + length) ? [r] : []));
          assert.deepEqual([...fast.outcome.mismatched].sort((a, b) => a - b), hit, 'full finds exactly the flipped ranges');
        }
        if (verify === 'sampled') {
          kept.forEach((_, r) => {
            if (!fast.outcome.mismatched.includes(r)) assert.equal(rangeChecksum([memory.buffer], ranges, r, 7, shift), fast.outcome.checksums[r], `range ${r}'s checksum over the destination`);
          });
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('a one-memory batch keeps each destination past its source: views, fill and the page touch see only their half', () => {
  const batch = createCopyBatch([4096, 100, 65536 + 7], { shared: true, wasm: true });
  assert.ok(batch.memory, 'Node can make a shared WebAssembly memory');
  assert.equal(batch.source[0], batch.memory.memory.buffer);
  assert.equal(batch.destination[0], batch.memory.memory.buffer);
  assert.equal(batch.memory.destinationOffset % PAGE, 0);
  assert.ok(batch.memory.destinationOffset >= 4096 + 100 + 65536 + 7);
  fillSource(batch, 5);
  batch.folioBytes.forEach((bytes, folio) => {
    const [source] = sourceViews(batch, folio);
    const [destination] = destinationViews(batch, folio);
    assert.equal(destination.byteOffset, source.byteOffset + batch.memory!.destinationOffset);
    assert.equal(destination.length, bytes);
    assert.ok(destination.every((byte) => byte === 0), 'fillSource wrote no destination');
    assert.ok(source.some((byte) => byte !== 0));
  });
  const plain = createCopyBatch([4096], { shared: true });
  assert.equal(plain.memory, undefined);
  assert.notEqual(plain.source[0], plain.destination[0]);
});

test("the kernel's sampleSpan gives sampling.ts's checksums and mismatches bit for bit, for any range sizes, seeds and flipped bytes", () => {
  const { kernel, bytes, memory } = kernelWithMemory(4);
  const shift = 2 * PAGE;
  const table = 4 * PAGE + 4096;
  const from = new Uint8Array(memory.buffer);
  const to = new Uint8Array(memory.buffer, shift, memory.buffer.byteLength - shift);
  const fromWords = wordsOf(from);
  const toWords = wordsOf(to);
  let mismatchesSeen = 0;
  fc.assert(
    fc.property(
      // Folio-like ranges back to back from an arbitrary start: sizes from 16 bytes to just under 1,024 lines.
      fc.integer({ min: 0, max: 4000 }),
      fc.array(fc.oneof(fc.integer({ min: 16, max: 300 }), fc.constantFrom(4096, 8192, 16384, 65472, 4095, 4097), fc.integer({ min: 16, max: 65472 })), { minLength: 1, maxLength: 24 }),
      fc.integer(),
      fc.array(fc.nat(), { maxLength: 6 }),
      (origin, lengths, seed, flipPicks) => {
        const spans: number[] = [];
        let at = origin;
        for (const length of lengths) {
          if (at + length > 2 * PAGE) break;
          spans.push(0, at, length);
          at += length;
        }
        fc.pre(spans.length > 0);
        const ranges = new Float64Array(spans);
        const count = ranges.length / 3;
        pattern(bytes, 0, 2 * PAGE, seed & 255);
        bytes.copyWithin(shift, 0, 2 * PAGE);
        // Flipped destination bytes anywhere in the ranges: some fall in the sample, most do not.
        for (const pick of flipPicks) bytes[shift + origin + (pick % (at - origin))] ^= 1 << (pick % 8);
        const checksums = new Int32Array(count);
        const mismatched: number[] = [];
        sampleSpan(from, fromWords, to, toWords, ranges, 0, count, seed, checksums, 0, mismatched, new Int32Array(3));
        const entries = new Int32Array(memory.buffer, table, 2 * count);
        for (let r = 0; r < count; r++) entries.set([ranges[r * 3 + 1], ranges[r * 3 + 2]], 2 * r);
        const bad = kernel.sampleSpan(shift, table, count, seed);
        const kernelMismatched: number[] = [];
        const kernelChecksums = new Int32Array(count);
        for (let r = 0; r < count; r++) {
          if (entries[2 * r + 1] !== 0) kernelMismatched.push(r);
          else kernelChecksums[r] = entries[2 * r];
        }
        assert.equal(bad, kernelMismatched.length);
        assert.deepEqual(kernelMismatched, mismatched, 'the same ranges differ');
        assert.deepEqual([...kernelChecksums], [...checksums], 'the same checksums');
        mismatchesSeen += mismatched.length;
      },
    ),
    { numRuns: 300 },
  );
  assert.ok(mismatchesSeen > 0, 'some flips fell in the sample (the property compared mismatches, not only clean ranges)');
});

test('the kernel sampler through copyRanges: a corrupted line is listed, and with every scratch slot taken the JavaScript sampler gives the same answer', () => {
  const { kernel, bytes, memory } = kernelWithMemory(4);
  const shift = 2 * PAGE;
  const ranges = oneMemoryRanges(Array.from({ length: 32 }, (_, i): [number, number] => [i * 4096, 4096]));
  const run = (corruptions: Corruption[]) => {
    pattern(bytes, 0, 2 * PAGE, 9);
    bytes.fill(0, shift, 4 * PAGE);
    return copyRanges([memory.buffer], [memory.buffer], ranges, { verify: 'sampled', bytesEqual: nativeBytesEqual, sampleSeed: 11, corruptions, destinationOffset: shift, kernel });
  };
  // Every byte of folio 5 flipped after its copy: whatever line the sample read, it differs.
  const everyByte = Array.from({ length: 4096 }, (_, i) => ({ block: 0, position: 5 * 4096 + i }));
  const clean = run([]);
  assert.deepEqual(clean.mismatched, []);
  for (let r = 0; r < 32; r++) assert.equal(rangeChecksum([memory.buffer], ranges, r, 11, shift), clean.checksums[r], `range ${r}'s checksum over the destination`);
  assert.deepEqual(run(everyByte).mismatched, [5]);
  // Take every slot: copyRanges falls back to JavaScript, with the same checksums.
  const taken: number[] = [];
  for (let slot = claimSlot(memory.buffer, shift); slot !== undefined; slot = claimSlot(memory.buffer, shift)) taken.push(slot);
  assert.equal(taken.length, SCRATCH_SLOTS);
  const fallback = run([]);
  assert.deepEqual([...fallback.checksums], [...clean.checksums]);
  assert.deepEqual(run(everyByte).mismatched, [5]);
  for (const slot of taken) releaseSlot(memory.buffer, shift, slot);
  assert.ok(claimSlot(memory.buffer, 0) === undefined, 'a memory without a destination offset has no scratch');
});
