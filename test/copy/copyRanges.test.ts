import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsBytesEqual } from '../../src/core/copy/bytesEqual';
import { nativeBytesEqual } from '../../src/core/copy/node/nativeBytesEqual';
import { copyRanges as copyWith } from '../../src/core/copy/copyRanges';
import { FAULT_CORRUPT, FAULT_CRASH, FAULT_HANG, type CopyTaskMessage } from '../../src/core/copy/protocol';
import { rangeChecksum, sampledBytes, spotCheck } from '../../src/core/copy/sampling';
import { seededRandom } from '../../src/core/copy/random';
import { createWorkerSession, runCopyTask, InjectedCrash } from '../../src/core/copy/workerLogic';
import type { VerifyMode } from '../../src/core/copy/types';

function patterned(length: number, seed: number): ArrayBuffer {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 255;
  return bytes.buffer;
}

const check = (verify: VerifyMode, bytesEqual = jsBytesEqual, corruptions?: { block: number; position: number }[]) => ({ verify, bytesEqual, sampleSeed: 99, corruptions });

test('copyRanges copies exactly the listed ranges, at any alignment, in every verification mode, and touches nothing else', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 700 })), { minLength: 1, maxLength: 12 }), fc.constantFrom<VerifyMode>('full', 'sampled', 'none'), (spans, verify) => {
      const source = patterned(4096, 7);
      const destination = new ArrayBuffer(4096);
      // Ranges must not overlap: keep the spans that do not collide with an earlier one.
      const taken = new Uint8Array(4096);
      const ranges: number[] = [];
      for (const [offset, length] of spans) {
        if (taken.subarray(offset, offset + length).some((x) => x)) continue;
        taken.fill(1, offset, offset + length);
        ranges.push(0, offset, length);
      }
      const outcome = copyWith([source], [destination], new Float64Array(ranges), check(verify));
      assert.deepEqual(outcome.mismatched, []);
      const from = new Uint8Array(source);
      const to = new Uint8Array(destination);
      for (let i = 0; i < 4096; i++) assert.equal(to[i], taken[i] ? from[i] : 0, `byte ${i}`);
      if (verify === 'sampled') {
        const list = new Float64Array(ranges);
        assert.deepEqual([...outcome.checksums], Array.from({ length: list.length / 3 }, (_, r) => rangeChecksum([destination], list, r, 99)));
      }
    }),
  );
});

const folioRanges = new Float64Array(Array.from({ length: 256 }, (_, i) => [0, i * 4096, 4096]).flat());

test('full: a corrupted byte is found in exactly the range that holds it, with either comparison', () => {
  for (const bytesEqual of [jsBytesEqual, nativeBytesEqual]) {
    const source = patterned(1 << 20, 3);
    const destination = new ArrayBuffer(1 << 20);
    const outcome = copyWith([source], [destination], folioRanges, check('full', bytesEqual, [{ block: 0, position: 77 * 4096 + 1234 }]));
    assert.deepEqual(outcome.mismatched, [77]);
    assert.notEqual(new Uint8Array(destination)[77 * 4096 + 1234], new Uint8Array(source)[77 * 4096 + 1234]);
  }
});

test('sampled: a range whose lines are all corrupted is found; a single flipped byte only when it is in the sample', () => {
  const source = patterned(1 << 20, 5);
  const destination = new ArrayBuffer(1 << 20);
  const everyLine = Array.from({ length: 64 }, (_, line) => ({ block: 0, position: 12 * 4096 + line * 64 + 8 }));
  assert.deepEqual(copyWith([source], [destination], folioRanges, check('sampled', jsBytesEqual, everyLine)).mismatched, [12]);
  let found = 0;
  for (let at = 0; at < 4096; at += 4) found += copyWith([source], [destination], folioRanges, check('sampled', jsBytesEqual, [{ block: 0, position: 3 * 4096 + at }])).mismatched.length;
  // One line of 64 read out of 64 lines: about 64 of the 4096 byte positions are seen.
  assert.ok(found > 0 && found * 4 <= sampledBytes(4096) + 64, `found ${found} of 1024 flips`);
});

test("sampled: the engine's checksum of the destination catches bytes changed after the worker's check", () => {
  // One range far longer than a tile: sampled tile by tile, and the checksum still covers every run.
  const source = patterned(1 << 20, 9);
  const destination = new ArrayBuffer(1 << 20);
  const ranges = new Float64Array([0, 0, 1 << 20]);
  const outcome = copyWith([source], [destination], ranges, { ...check('sampled'), tileBytes: 4096 + 64 });
  assert.deepEqual(outcome.mismatched, []);
  assert.equal(rangeChecksum([destination], ranges, 0, 99), outcome.checksums[0]);
  assert.ok(spotCheck([destination], ranges, outcome.checksums, 99, new Set(), seededRandom(1)));
  // Change every byte of the destination: whichever lines the sample read, the checksum moves.
  const to = new Uint8Array(destination);
  for (let i = 0; i < to.length; i++) to[i] = (to[i] + 1) & 255;
  assert.notEqual(rangeChecksum([destination], ranges, 0, 99), outcome.checksums[0]);
  assert.ok(!spotCheck([destination], ranges, outcome.checksums, 99, new Set(), seededRandom(1)));
});

test('sampled: a long range sampled tile by tile reads the same lines as in one piece, and sees a bad line in any tile', () => {
  const source = patterned(1 << 20, 4);
  const ranges = new Float64Array([0, 0, 1 << 20]);
  const whole = copyWith([source], [new ArrayBuffer(1 << 20)], ranges, { ...check('sampled'), tileBytes: 2 << 20 });
  const tiled = copyWith([source], [new ArrayBuffer(1 << 20)], ranges, { ...check('sampled'), tileBytes: 5000 });
  assert.equal(tiled.checksums[0], whole.checksums[0]);
  // Every line corrupted, or only those of the last 40 KiB (the last sampled run lies there): seen either way.
  for (const tileBytes of [5000, 128 * 1024]) {
    const everyLine = Array.from({ length: (1 << 20) / 64 }, (_, line) => ({ block: 0, position: line * 64 + 5 }));
    assert.deepEqual(copyWith([source], [new ArrayBuffer(1 << 20)], ranges, { ...check('sampled', jsBytesEqual, everyLine), tileBytes }).mismatched, [0]);
    const lastTile = everyLine.filter((flip) => flip.position > (1 << 20) - 40 * 1024);
    assert.deepEqual(copyWith([source], [new ArrayBuffer(1 << 20)], ranges, { ...check('sampled', jsBytesEqual, lastTile), tileBytes }).mismatched, [0]);
  }
});

test("sampled: the engine's spot check re-reads one range in 16 of a task, picked after the answer", () => {
  const source = patterned(1 << 20, 2);
  const destination = new ArrayBuffer(1 << 20);
  const outcome = copyWith([source], [destination], folioRanges, check('sampled'));
  assert.ok(spotCheck([destination], folioRanges, outcome.checksums, 99, new Set(), seededRandom(3)));
  // Every folio changed after the check: any pick sees it.
  const to = new Uint8Array(destination);
  for (let i = 0; i < to.length; i++) to[i] ^= 0x11;
  assert.ok(!spotCheck([destination], folioRanges, outcome.checksums, 99, new Set(), seededRandom(3)));
  // One folio changed: seen only by the picks that land on it (16 of 256 ranges are read per answer).
  to.set(new Uint8Array(source));
  const fresh = copyWith([source], [destination], folioRanges, check('sampled'));
  to.fill(0, 40 * 4096, 41 * 4096);
  let seen = 0;
  for (let seed = 0; seed < 200; seed++) if (!spotCheck([destination], folioRanges, fresh.checksums, 99, new Set(), seededRandom(seed))) seen++;
  assert.ok(seen > 0 && seen < 200, `seen by ${seen} of 200 picks`);
});

test('none: corruption goes unseen (nothing is compared)', () => {
  const source = patterned(1 << 20, 3);
  const destination = new ArrayBuffer(1 << 20);
  const outcome = copyWith([source], [destination], folioRanges, check('none', nativeBytesEqual, [{ block: 0, position: 5 }]));
  assert.deepEqual(outcome.mismatched, []);
  assert.notEqual(new Uint8Array(destination)[5], new Uint8Array(source)[5]);
});

test('comparisons agree on equal and unequal views at odd offsets', () => {
  const a = new Uint8Array(patterned(1000, 1));
  const b = new Uint8Array(a);
  assert.ok(jsBytesEqual(a.subarray(3, 999), b.subarray(3, 999)));
  b[500] ^= 1;
  assert.ok(!jsBytesEqual(a.subarray(3, 999), b.subarray(3, 999)));
  assert.ok(!nativeBytesEqual(a.subarray(3, 999), b.subarray(3, 999)));
  assert.ok(!jsBytesEqual(a.subarray(0, 4), b.subarray(0, 5)));
});

function task(faults?: number[]): CopyTaskMessage {
  const ranges = new Float64Array([0, 0, 64, 0, 64, 64, 0, 128, 64, 0, 192, 64]);
  return { type: 'copy', task: 4, source: [patterned(256, 1)], destination: [new ArrayBuffer(256)], ranges, verify: 'full', sampleSeed: 1, ...(faults ? { faults: new Float64Array(faults) } : {}) };
}

test('the worker logic crashes, hangs or corrupts at the faulted range, after copying the ranges before it', () => {
  const hangs: string[] = [];
  const environment = { bytesEqual: jsBytesEqual, now: () => 0, hang: () => void hangs.push('hung') };
  const crashing = task([2, FAULT_CRASH, 0]);
  assert.throws(() => runCopyTask(crashing, environment), InjectedCrash);
  assert.deepEqual([...new Uint8Array(crashing.destination[0])].map((byte, i) => byte === new Uint8Array(crashing.source[0])[i]), Array.from({ length: 256 }, (_, i) => i < 128));
  const hanging = task([1, FAULT_HANG, 0, 3, FAULT_CRASH, 0]);
  assert.equal(runCopyTask(hanging, environment), undefined);
  assert.deepEqual(hangs, ['hung']);
  assert.equal(new Uint8Array(hanging.destination[0])[64], 0, 'nothing past the hang was copied');
  assert.deepEqual(runCopyTask(task([0, FAULT_CORRUPT, 10, 3, FAULT_CORRUPT, 63]), environment)?.mismatched, [0, 3]);
  assert.deepEqual(runCopyTask(task(), environment)?.mismatched, []);
});

test('a worker session reports a task that threw with the blocks it held, and serves the next one', () => {
  const handle = createWorkerSession({ bytesEqual: jsBytesEqual, now: () => 0, hang: () => undefined });
  const crashing = task([0, FAULT_CRASH, 0]);
  const answer = handle(crashing);
  assert.ok(answer?.type === 'crashed' && answer.task === 4 && /injected crash/.test(answer.reason));
  assert.ok(answer.source[0] === crashing.source[0] && answer.destination[0] === crashing.destination[0]);
  assert.equal(handle(task())?.type, 'done');
});
