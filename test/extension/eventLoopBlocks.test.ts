import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBlocks, LongestBlocks } from '../../src/extension/features/eventLoopBlocks';

/** Ticks every 10 ms from `from` to `to`, as an unblocked loop would run them. */
function steady(blocks: LongestBlocks, from: number, to: number): void {
  for (let now = from + 10; now <= to; now += 10) blocks.tick(now);
}

describe('LongestBlocks', () => {
  it('finds a block by the late tick after it, with the time it began', () => {
    const blocks = new LongestBlocks(10, 5, 1000);
    steady(blocks, 1000, 1500);
    blocks.tick(1600); // the tick due at 1510 came 90 ms late
    steady(blocks, 1600, 2000);
    assert.deepEqual(blocks.longest(), [{ atMs: 500, ms: 90 }]);
  });

  it('ignores lateness under one period (timer jitter) and keeps only the longest, longest first', () => {
    const blocks = new LongestBlocks(10, 2, 0);
    let now = 0;
    for (const late of [5, 30, 9, 200, 50, 12]) {
      now += 10 + late;
      blocks.tick(now);
    }
    assert.deepEqual(blocks.longest().map((block) => block.ms), [200, 50]);
  });

  it('starts over on reset, with times counted from the reset', () => {
    const blocks = new LongestBlocks(10, 5, 0);
    blocks.tick(100);
    blocks.reset(5000);
    assert.deepEqual(blocks.longest(), []);
    blocks.tick(5010);
    blocks.tick(5060);
    assert.deepEqual(blocks.longest(), [{ atMs: 10, ms: 40 }]);
  });

  it('describes blocks briefly for a notification', () => {
    assert.equal(describeBlocks([]), 'none');
    assert.equal(describeBlocks([{ atMs: 3240, ms: 95.4 }, { atMs: 400, ms: 41 }]), '95 ms at 3.2 s, 41 ms at 0.4 s');
  });
});
