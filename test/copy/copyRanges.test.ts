import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { copyRanges } from '../../src/core/copy/copyRanges';
import { jsBytesEqual } from '../../src/core/copy/bytesEqual';
import { nativeBytesEqual } from '../../src/core/copy/node/nativeBytesEqual';
import { createWorkerSession, runCopyTask, InjectedCrash } from '../../src/core/copy/workerLogic';

function patterned(length: number, seed: number): ArrayBuffer {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 255;
  return bytes.buffer;
}

test('copyRanges copies exactly the listed ranges, at any alignment, and touches nothing else', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 700 })), { minLength: 1, maxLength: 12 }), (spans) => {
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
      const mismatched = copyRanges([source], [destination], new Float64Array(ranges), jsBytesEqual);
      assert.deepEqual(mismatched, []);
      const from = new Uint8Array(source);
      const to = new Uint8Array(destination);
      for (let i = 0; i < 4096; i++) assert.equal(to[i], taken[i] ? from[i] : 0, `byte ${i}`);
    }),
  );
});

test('a corrupted byte is found in exactly the range that holds it, with either comparison', () => {
  for (const bytesEqual of [jsBytesEqual, nativeBytesEqual]) {
    const source = patterned(1 << 20, 3);
    const destination = new ArrayBuffer(1 << 20);
    const ranges = new Float64Array(Array.from({ length: 256 }, (_, i) => [0, i * 4096, 4096]).flat());
    const mismatched = copyRanges([source], [destination], ranges, bytesEqual, { block: 0, position: 77 * 4096 + 1234 });
    assert.deepEqual(mismatched, [77]);
    assert.notEqual(new Uint8Array(destination)[77 * 4096 + 1234], new Uint8Array(source)[77 * 4096 + 1234]);
  }
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

test('the worker logic crashes, hangs or answers as instructed', () => {
  const hangs: string[] = [];
  const environment = { bytesEqual: jsBytesEqual, now: () => 0, hang: () => void hangs.push('hung') };
  const message = { type: 'copy' as const, task: 4, source: [patterned(64, 1)], destination: [new ArrayBuffer(64)], ranges: new Float64Array([0, 0, 64]) };
  assert.throws(() => runCopyTask({ ...message, fault: { kind: 'crash' } }, environment), InjectedCrash);
  assert.equal(runCopyTask({ ...message, fault: { kind: 'hang' } }, environment), undefined);
  assert.deepEqual(hangs, ['hung']);
  assert.deepEqual(runCopyTask({ ...message, fault: { kind: 'corrupt', range: 0, at: 10 } }, environment)?.mismatched, [0]);
  assert.deepEqual(runCopyTask(message, environment)?.mismatched, []);
});

test('a worker session hands back the blocks of a task that threw, once, and only for that task', () => {
  const handle = createWorkerSession({ bytesEqual: jsBytesEqual, now: () => 0, hang: () => undefined });
  const source = patterned(64, 1);
  const destination = new ArrayBuffer(64);
  assert.throws(() => handle({ type: 'copy', task: 9, source: [source], destination: [destination], ranges: new Float64Array([0, 0, 64]), fault: { kind: 'crash' } }), InjectedCrash);
  assert.equal(handle({ type: 'salvage', task: 8 }), undefined);
  const salvaged = handle({ type: 'salvage', task: 9 });
  assert.ok(salvaged?.type === 'salvaged' && salvaged.source[0] === source && salvaged.destination[0] === destination);
  assert.equal(handle({ type: 'salvage', task: 9 }), undefined);
});
