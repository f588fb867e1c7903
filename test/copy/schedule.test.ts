import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCopyBatch, planCopy, type CopyMode, type Piece } from '../../src/core/copy/index';
import { chunkLengths, contiguousRuns } from '../../src/core/copy/chunks';
import { groupPieces, prepareTasks, TASK_BYTES, TASK_RANGES } from '../../src/core/copy/tasks';

const modes: CopyMode[] = ['folios', 'chunks', 'lanes'];
const folioSizes = fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 40 });
const workerCounts = fc.integer({ min: 1, max: 33 });

/** Every byte of every folio in exactly one piece of exactly one task. */
function assertExactCover(sizes: number[], tasks: Piece[][]): void {
  const perFolio = sizes.map(() => [] as Piece[]);
  for (const task of tasks) for (const piece of task) perFolio[piece.folio].push(piece);
  perFolio.forEach((pieces, folio) => {
    pieces.sort((a, b) => a.offset - b.offset);
    let next = 0;
    for (const piece of pieces) {
      assert.ok(piece.length > 0, `empty piece in folio ${folio}`);
      assert.equal(piece.offset, next, `folio ${folio}: gap or overlap at byte ${next}`);
      next += piece.length;
    }
    assert.equal(next, sizes[folio], `folio ${folio}: covered ${next} of ${sizes[folio]} bytes`);
  });
}

test('every byte is assigned exactly once, for any folio count, sizes, worker count and mode', () => {
  fc.assert(
    fc.property(folioSizes, workerCounts, fc.constantFrom(...modes), (sizes, workers, mode) => {
      const plan = planCopy(sizes, workers, mode);
      assert.ok(plan.tasks.length >= 1 && plan.tasks.length <= workers);
      assertExactCover(sizes, plan.tasks);
    }),
    { numRuns: 400 },
  );
});

test('folios mode follows mtcopy: whole folios in contiguous runs, the first n % workers runs one longer', () => {
  fc.assert(
    fc.property(folioSizes, workerCounts, (sizes, workers) => {
      fc.pre(sizes.length >= workers);
      const plan = planCopy(sizes, workers, 'folios');
      assert.equal(plan.policy, 'whole-folios');
      assert.equal(plan.tasks.length, workers);
      const base = Math.floor(sizes.length / workers);
      let next = 0;
      plan.tasks.forEach((task, i) => {
        assert.equal(task.length, base + (i < sizes.length % workers ? 1 : 0));
        for (const piece of task) assert.deepEqual(piece, { folio: next++, offset: 0, length: sizes[piece.folio] });
      });
    }),
  );
});

test('with fewer folios than workers each folio is cut into `workers` chunks and the remainder is kept', () => {
  // mtcopy V3 cuts 4096 / 12 = 341 bytes per chunk and never copies the last 4 bytes.
  const plan = planCopy([4096], 12, 'folios');
  assert.equal(plan.policy, 'split-folios');
  assert.equal(plan.tasks.length, 12);
  assertExactCover([4096], plan.tasks);
  const lengths = plan.tasks.map((task) => task[0].length);
  assert.ok(Math.max(...lengths) - Math.min(...lengths) <= 64, `chunks nearly equal: ${lengths}`);
  assert.ok(lengths.every((length) => length % 64 === 0), 'chunks stay cache-line sized');
});

test('chunk lengths cover the folio and differ by at most one unit plus the tail', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 64 }), (length, parts) => {
      const lengths = chunkLengths(length, parts);
      assert.equal(lengths.length, parts);
      assert.equal(lengths.reduce((a, b) => a + b, 0), length);
      const unit = length >= 64 * parts ? 64 : 1;
      const head = lengths.slice(0, -1);
      if (head.length > 0) assert.ok(Math.max(...head) - Math.min(...head) <= unit);
    }),
  );
  assert.deepEqual(contiguousRuns(10, 4), [{ first: 0, count: 3 }, { first: 3, count: 3 }, { first: 6, count: 2 }, { first: 8, count: 2 }]);
});

test('lanes mode uses min(workers, folios, 16) lanes, never splits a folio, one task per lane', () => {
  fc.assert(
    fc.property(folioSizes, workerCounts, (sizes, workers) => {
      const plan = planCopy(sizes, workers, 'lanes');
      assert.equal(plan.tasks.length, Math.min(workers, sizes.length, 16));
      for (const task of plan.tasks) for (const piece of task) assert.equal(piece.length, sizes[piece.folio]);
    }),
  );
});

test('batches laid out for a schedule resolve every piece inside one block, shared or transferable', () => {
  fc.assert(
    fc.property(folioSizes, workerCounts, fc.constantFrom(...modes), fc.constantFrom('shared', 'split', 'grouped'), fc.constantFrom(TASK_RANGES, 1, 3), (sizes, workers, mode, layout, maxRanges) => {
      const limits = { bytes: TASK_BYTES, ranges: maxRanges };
      const plan = planCopy(sizes, workers, mode);
      const shared = layout === 'shared';
      const batch = createCopyBatch(sizes, layout === 'grouped' ? { shared, groups: groupPieces(plan, limits) } : { shared, splitInto: plan.policy === 'split-folios' ? workers : 1 });
      const lanes = prepareTasks(batch, plan, limits);
      // Grouped transfer memory: one block per task, and the tasks are the groups.
      if (layout === 'grouped') assert.equal(lanes.flat().length, batch.source.length);
      const owners = new Map<number, string>();
      assert.equal(lanes.length, plan.tasks.length);
      lanes.forEach((tasks, t) => {
        assert.equal(tasks.reduce((sum, task) => sum + task.bytes, 0), plan.tasks[t].reduce((sum, piece) => sum + piece.length, 0));
        // The lane's tasks keep its pieces in order and stay within the message limits.
        assert.deepEqual(tasks.flatMap((task) => task.rangeFolios), plan.tasks[t].map((piece) => piece.folio));
        tasks.forEach((task, k) => {
          assert.ok(task.rangeFolios.length === 1 || (task.bytes <= TASK_BYTES && task.rangeFolios.length <= maxRanges));
          if (layout === 'grouped') assert.equal(task.blocks.length, 1, 'a grouped task moves one source and one destination block');
          for (let r = 0; r < task.ranges.length / 3; r++) {
            const block = task.blocks[task.ranges[r * 3]];
            assert.ok(task.ranges[r * 3 + 1] + task.ranges[r * 3 + 2] <= batch.source[block].byteLength);
            if (!shared) {
              assert.ok((owners.get(block) ?? `${t}/${k}`) === `${t}/${k}`, 'a transferable block goes to one task only');
              owners.set(block, `${t}/${k}`);
            }
          }
        });
      });
    }),
    { numRuns: 200 },
  );
});

test('a transferable batch that is too coarse for a chunked schedule is refused with a clear message', () => {
  const batch = createCopyBatch([8192], { shared: false });
  assert.throws(() => prepareTasks(batch, planCopy([8192], 2, 'chunks')), /cross a memory block|createBatch/);
});
