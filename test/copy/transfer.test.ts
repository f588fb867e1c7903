import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCopyEngine, createInlineHost, fillSource, runCopySelfTest, type FaultInjection, type VerifyMode, type WorkerHost } from '../../src/core/copy/index';
import { createNodeWorkerHost } from '../../src/core/copy/node/nodeWorkerHost';
import { assertReportTruthful, equalFolios } from './helpers';

// The path a webview without cross-origin isolation takes: plain ArrayBuffers handed over by transfer.
const transferHost: WorkerHost = { ...createNodeWorkerHost(), name: 'node worker_threads (transfer)', sharedMemory: false };
const engine = createCopyEngine(transferHost, { workers: 2 });
after(() => engine.dispose());

/** `inject`: the faults the batch will be copied with, so its blocks are cut as finely as that run's tasks. */
function batchOf(count: number, bytes: number, mode: 'folios' | 'chunks' | 'lanes', inject?: FaultInjection) {
  const batch = engine.createBatch(new Array<number>(count).fill(bytes), mode, { inject });
  fillSource(batch, count + bytes);
  return batch;
}

test('transferred blocks are copied exactly in every mode and handed back to the caller', async () => {
  for (const [mode, count] of [['folios', 10], ['chunks', 3], ['lanes', 5]] as const) {
    const batch = batchOf(count, 24_576, mode);
    assert.equal(batch.shared, false);
    const report = await engine.copy(batch, { mode });
    assert.equal(report.memory, 'transfer');
    assert.equal(report.verified, count, mode);
    assert.ok(batch.source.every((block) => block.byteLength > 0), 'every block is back and attached');
    assert.ok(equalFolios(batch).every(Boolean), `${mode}: destination equals source`);
  }
});

test('a block is detached (transferred, not cloned) while a worker holds it', async () => {
  const batch = batchOf(4, 8192, 'folios', { hang: 1 });
  let settled = false;
  const running = engine.copy(batch, { mode: 'folios', inject: { hang: 1 }, deadlineMs: 500 }).finally(() => (settled = true));
  let detached = false;
  while (!settled && !detached) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    detached = batch.source[0].byteLength === 0 && batch.destination[0].byteLength === 0;
  }
  assert.ok(detached, 'the page no longer owns the buffer');
  const report = await running;
  // A terminated worker takes transferred memory with it: the folios are reported, not guessed.
  assert.equal(report.failed, 4);
  assert.match(report.failures[0].reason, /hung past the 500 ms deadline; its transferred memory was lost/);
  assert.ok(batch.source.every((block) => block.byteLength === 8192), 'lost blocks are rebuilt so the batch stays usable');
  assertReportTruthful(batch, report);
});

test('with transferable memory a crash hands the blocks back and the task runs again; a corruption is recovered', async () => {
  // The worker catches what escapes a task and answers with the blocks it held, so nothing is lost.
  const crashed = batchOf(8, 4096, 'folios', { crash: 1 });
  const crashReport = await engine.copy(crashed, { mode: 'folios', inject: { crash: 1 } });
  assert.deepEqual([crashReport.faults.crash, crashReport.detected.crash, crashReport.retried, crashReport.failed], [8, 8, 8, 0]);
  assert.ok(crashed.source.every((block) => block.byteLength === 4096), 'every block is back');
  assertReportTruthful(crashed, crashReport);
  const corrupted = batchOf(8, 4096, 'folios', { corrupt: 1 });
  const corruptReport = await engine.copy(corrupted, { mode: 'folios', inject: { corrupt: 1 } });
  assert.deepEqual([corruptReport.faults.corrupt, corruptReport.recoveredSerially, corruptReport.verified], [8, 8, 8]);
  assertReportTruthful(corrupted, corruptReport);
});

test('the self-test the panel runs passes on worker_threads (shared and transfer) and on the main-thread fallback', async () => {
  for (const host of [createNodeWorkerHost(), transferHost, createInlineHost()]) {
    const result = await runCopySelfTest(host);
    assert.deepEqual(result.problems, [], host.name);
    assert.ok(result.ok);
    assert.equal(result.runs.length, 6);
    assert.equal(result.detachedWhileInWorker, host === transferHost ? true : 'not applicable');
    const crashRun = result.runs.find((run) => run.inject === 'crash:1')!;
    // Every host's worker reports the crash with its blocks: the folios are copied again, none lost.
    assert.deepEqual([crashRun.failed, crashRun.retried], [0, crashRun.folios], host.name);
  }
});

test('cancelling a transfer batch rejects, leaves every block attached and the engine usable', async () => {
  const batch = batchOf(6, 4096, 'folios', { hang: 1 });
  const controller = new AbortController();
  let settled = false;
  const running = engine.copy(batch, { mode: 'folios', inject: { hang: 1 }, deadlineMs: 60_000, signal: controller.signal }).finally(() => (settled = true));
  while (!settled && batch.source[0].byteLength > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  controller.abort();
  await assert.rejects(running, { name: 'AbortError' });
  assert.ok(batch.source.every((block) => block.byteLength === 4096) && batch.destination.every((block) => block.byteLength === 4096));
  const again = await engine.copy(batch, { mode: 'folios' });
  assert.equal(again.verified, 6);
  assert.ok(equalFolios(batch).every(Boolean));
});

test('a transfer batch keeps each task\'s folios in one block: a task moves two buffers each way, whatever its folio count', async () => {
  // 200 folios of 64 KiB on 2 workers: shares of 100 folios (6.25 MiB), cut into tasks of 4 MiB and 2.25 MiB.
  const batch = batchOf(200, 65_536, 'folios');
  assert.equal(batch.source.length, 4);
  assert.deepEqual(batch.source.map((block) => block.byteLength), [4 << 20, 2.25 * (1 << 20), 4 << 20, 2.25 * (1 << 20)]);
  for (const verify of ['full', 'sampled', 'none'] satisfies VerifyMode[]) {
    new Uint8Array(batch.destination[1]).fill(0);
    const report = await engine.copy(batch, { mode: 'folios', verify });
    assert.deepEqual([report.tasks, report.verified, report.failed], [4, 200, 0], verify);
    assert.ok(equalFolios(batch).every(Boolean), `${verify}: destination equals source`);
    assert.deepEqual(batch.source.map((block) => block.byteLength), [4 << 20, 2.25 * (1 << 20), 4 << 20, 2.25 * (1 << 20)], 'every block is back');
  }
});

test('a hang in a grouped transfer batch loses the folios of the tasks its worker held, all reported; the rest verify', async () => {
  // Cut for a clean run (4 MiB blocks), then copied with one hang: the block travels whole, so the
  // hung worker takes every folio of the tasks it held (up to two posted ahead) with it.
  const batch = batchOf(300, 65_536, 'folios');
  const report = await engine.copy(batch, { mode: 'folios', inject: { hang: 0.004 }, seed: 11, deadlineMs: 400 });
  assert.ok(report.faults.hang >= 1, 'the seed injects a hang');
  assert.ok(report.failed > 0 && report.failed < 300, `${report.failed} failed`);
  assert.ok(report.failures.every((failure) => /its transferred memory was lost with it/.test(failure.reason)));
  // Lost folios are whole blocks (64 folios of 4 MiB, or a share's tail).
  const lost = new Set(report.failures.map((failure) => failure.folio));
  batch.placement.forEach((segments, folio) => {
    const block = segments[0].block;
    const sameBlock = batch.placement.flatMap((other, f) => (other[0].block === block ? [f] : []));
    assert.ok(sameBlock.every((f) => lost.has(f) === lost.has(folio)), `folio ${folio}: a block is lost or kept whole`);
  });
  assertReportTruthful(batch, report);
});
