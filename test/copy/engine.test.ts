import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCopyEngine, fillSource, type CopyMode } from '../../src/core/copy/index';
import { createNodeWorkerHost } from '../../src/core/copy/node/nodeWorkerHost';
import { assertReportTruthful, equalFolios } from './helpers';

// Workers run copyWorker.node.ts from source through tsx; one pool serves every test.
const engine = createCopyEngine(createNodeWorkerHost(), { workers: 3 });
after(() => engine.dispose());

function batchOf(count: number, bytes: number, mode: CopyMode, seed = count) {
  const batch = engine.createBatch(new Array<number>(count).fill(bytes), mode);
  fillSource(batch, seed);
  return batch;
}

test('every mode copies every byte exactly and verifies every folio (worker_threads, shared memory)', async () => {
  for (const [mode, count, bytes] of [['folios', 40, 12_288], ['folios', 2, 65_536], ['chunks', 5, 100_003], ['lanes', 17, 4096]] as const) {
    const batch = batchOf(count, bytes, mode);
    const report = await engine.copy(batch, { mode });
    assert.equal(report.memory, 'shared');
    assert.deepEqual([report.folios, report.verified, report.failed, report.recoveredSerially], [count, count, 0, 0], mode);
    assert.equal(report.bytes, count * bytes);
    assert.ok(equalFolios(batch).every(Boolean), `${mode}: destination equals source`);
    assert.equal(report.perWorker.reduce((sum, w) => sum + w.bytes, 0), count * bytes);
    assert.ok(report.GBps > 0 && report.seconds > 0);
  }
});

test('a crashed worker is replaced and its folios are recopied serially and verified', async () => {
  const batch = batchOf(30, 8192, 'folios');
  const report = await engine.copy(batch, { mode: 'folios', inject: { crash: 1 } });
  assert.equal(report.faults.crash, 3);
  assert.equal(report.recoveredSerially, 30);
  assert.equal(report.verified, 30);
  assertReportTruthful(batch, report);
  const next = await engine.copy(batchOf(6, 4096, 'folios'), { mode: 'folios' });
  assert.equal(next.verified, 6, 'replacement workers serve the next batch');
});

test('a hung worker is terminated at the deadline and its folios recovered', async () => {
  const batch = batchOf(9, 16_384, 'lanes');
  const started = performance.now();
  const report = await engine.copy(batch, { mode: 'lanes', inject: { hang: 1 }, deadlineMs: 300 });
  assert.ok(performance.now() - started < 5000, 'the deadline, not the hang, ends the run');
  assert.equal(report.faults.hang, 3);
  assert.equal(report.recoveredSerially, 9);
  assert.equal(report.failed, 0);
  assertReportTruthful(batch, report);
});

test('corrupted output is caught by verification and only the corrupted folio is recopied', async () => {
  const batch = batchOf(12, 65_536, 'folios');
  const report = await engine.copy(batch, { mode: 'folios', inject: { corrupt: 1 } });
  assert.equal(report.faults.corrupt, 3);
  assert.equal(report.recoveredSerially, 3, 'one corrupted folio per task');
  assert.equal(report.verified, 12);
  assertReportTruthful(batch, report);
});

test('after any seeded fault mix every folio is either byte-exact or listed with its reason', async () => {
  const seen = { crash: 0, hang: 0, corrupt: 0 };
  for (let seed = 1; seed <= 4; seed++) {
    for (const mode of ['folios', 'chunks', 'lanes'] as const) {
      const batch = batchOf(mode === 'chunks' ? 2 : 24, 20_000, mode, seed);
      const report = await engine.copy(batch, { mode, seed, inject: { crash: 0.3, hang: 0.2, corrupt: 0.4 }, deadlineMs: 400 });
      assertReportTruthful(batch, report);
      assert.equal(report.failed, 0, 'shared memory survives every fault');
      for (const kind of ['crash', 'hang', 'corrupt'] as const) seen[kind] += report.faults[kind];
    }
  }
  assert.ok(seen.crash > 0 && seen.hang > 0 && seen.corrupt > 0, `every fault kind was exercised: ${JSON.stringify(seen)}`);
});

test('the same seed draws the same faults', async () => {
  const run = async () => (await engine.copy(batchOf(30, 4096, 'folios'), { mode: 'folios', seed: 42, inject: { crash: 0.5, corrupt: 0.5 } })).faults;
  assert.deepEqual(await run(), await run());
});

test('cancelling a running batch terminates the workers and rejects with an AbortError', async () => {
  const batch = batchOf(6, 4096, 'folios');
  const controller = new AbortController();
  const running = engine.copy(batch, { mode: 'folios', inject: { hang: 1 }, deadlineMs: 60_000, signal: controller.signal });
  setTimeout(() => controller.abort(), 200);
  const started = performance.now();
  await assert.rejects(running, (error: Error) => error.name === 'AbortError');
  assert.ok(performance.now() - started < 5000, 'cancellation does not wait for the deadline');
  const next = await engine.copy(batchOf(6, 4096, 'folios'), { mode: 'folios' });
  assert.equal(next.verified, 6, 'the engine restarts its workers after a cancel');
  await assert.rejects(engine.copy(batch, { mode: 'folios', signal: AbortSignal.abort() }), (error: Error) => error.name === 'AbortError');
});

test('one batch at a time: a second copy while busy is refused', async () => {
  const first = engine.copy(batchOf(3, 4096, 'folios'), { mode: 'folios' });
  await assert.rejects(engine.copy(batchOf(3, 4096, 'folios'), { mode: 'folios' }), /busy/);
  assert.equal((await first).verified, 3);
});
