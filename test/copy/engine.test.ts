import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { threadsFor } from '../../src/core/copy/engine';
import { createCopyBatch, createCopyEngine, fillSource, type CopyMode, type FaultInjection, type FaultKind, type VerifyMode } from '../../src/core/copy/index';
import { seededRandom } from '../../src/core/copy/random';
import { drawFolioFaults, FAULT_KINDS } from '../../src/core/copy/tasks';
import { createNodeWorkerHost } from '../../src/core/copy/node/nodeWorkerHost';
import { assertReportTruthful, equalFolios } from './helpers';

// Workers run copyWorker.node.ts from source through tsx; one pool serves every test. The
// schedules under test need three workers, so the host claims three cores (the engine starts no
// more workers than the host has cores, and this machine may have two).
const engine = createCopyEngine(createNodeWorkerHost({ cores: 3 }), { workers: 3 });
after(() => engine.dispose());

function batchOf(count: number, bytes: number, mode: CopyMode, seed = count) {
  const batch = engine.createBatch(new Array<number>(count).fill(bytes), mode);
  fillSource(batch, seed);
  return batch;
}

const VERIFY: VerifyMode[] = ['full', 'sampled', 'none'];

test('every schedule and verification mode copies every byte exactly (worker_threads, shared memory)', async () => {
  for (const verify of VERIFY) {
    for (const [mode, count, bytes] of [['folios', 40, 12_288], ['folios', 2, 65_536], ['chunks', 5, 100_003], ['lanes', 17, 4096], ['folios', 3000, 4096]] as const) {
      const batch = batchOf(count, bytes, mode);
      const report = await engine.copy(batch, { mode, verify });
      assert.equal(report.memory, 'shared');
      assert.equal(report.verification, verify);
      assert.deepEqual([report.folios, report.verified, report.failed, report.recoveredSerially], [count, count, 0, 0], `${mode} ${verify}`);
      assert.equal(report.bytes, count * bytes);
      assert.ok(equalFolios(batch).every(Boolean), `${mode} ${verify}: destination equals source`);
      assert.equal(report.perWorker.reduce((sum, w) => sum + w.bytes, 0), count * bytes);
      assert.ok(report.GBps > 0 && report.seconds > 0);
    }
  }
});

test('small folios are batched: 3000 folios of 4 KiB go to 3 workers in a few messages, not one per folio', async () => {
  const report = await engine.copy(batchOf(3000, 4096, 'folios'), { mode: 'folios' });
  assert.equal(report.workers, 3);
  assert.equal(report.tasks, 3, 'each worker share is one task');
  // Shared memory without crashes or hangs: a share of 6,000 folios (24 MiB) is still one message.
  const large = batchOf(18_000, 4096, 'folios');
  assert.equal((await engine.copy(large, { mode: 'folios' })).tasks, 3);
  // A crash or hang makes its task run again whole: then tasks stay small (here 1 / (2 * 0.001) = 500 folios).
  const struck = await engine.copy(large, { mode: 'folios', inject: { crash: 0.001 }, seed: 5 });
  assert.equal(struck.tasks, 36);
  assertReportTruthful(large, struck);
});

test('crash:1 crashes every folio\'s copy once; each crashed task is retried and every folio verified', async () => {
  const batch = batchOf(30, 8192, 'folios');
  const report = await engine.copy(batch, { mode: 'folios', inject: { crash: 1 } });
  assert.deepEqual([report.faults.crash, report.detected.crash], [30, 30]);
  assert.deepEqual([report.retried, report.verified, report.failed], [30, 30, 0]);
  assertReportTruthful(batch, report);
  const next = await engine.copy(batchOf(6, 4096, 'folios'), { mode: 'folios' });
  assert.equal(next.verified, 6, 'the workers serve the next batch');
});

test('a hung worker is terminated at the deadline, replaced, and its task retried', async () => {
  const batch = batchOf(6, 16_384, 'lanes');
  const report = await engine.copy(batch, { mode: 'lanes', inject: { hang: 1 }, deadlineMs: 200 });
  assert.equal(report.faults.hang, 6);
  assert.ok(report.detected.hang >= 6);
  assert.deepEqual([report.verified, report.failed], [6, 0]);
  assertReportTruthful(batch, report);
});

test('full verification catches every corrupted folio and recopies only those serially', async () => {
  const batch = batchOf(12, 65_536, 'folios');
  const report = await engine.copy(batch, { mode: 'folios', inject: { corrupt: 0.5 }, seed: 5 });
  assert.ok(report.faults.corrupt > 0 && report.faults.corrupt < 12, JSON.stringify(report.faults));
  assert.deepEqual([report.detected.corrupt, report.recoveredSerially, report.verified, report.undetectedCorruptions], [report.faults.corrupt, report.faults.corrupt, 12, 0]);
  assertReportTruthful(batch, report);
});

test('verification none cannot see corruption: every injected corruption is reported, never counted verified', async () => {
  const batch = batchOf(40, 4096, 'folios');
  const report = await engine.copy(batch, { mode: 'folios', verify: 'none', inject: { corrupt: 0.25 }, seed: 11 });
  assert.ok(report.faults.corrupt > 0);
  assert.deepEqual([report.detected.corrupt, report.undetectedCorruptions, report.failed], [0, report.faults.corrupt, report.faults.corrupt]);
  assert.ok(report.failures.every((failure) => /verification 'none' cannot see it/.test(failure.reason)));
  assertReportTruthful(batch, report);
});

test('per-folio injection: every drawn fault fires exactly once and every folio is byte-exact or reported, in every mode', async () => {
  const inject = { crash: 0.04, hang: 0.005, corrupt: 0.04 };
  for (const verify of VERIFY) {
    for (const mode of ['folios', 'chunks', 'lanes'] as const) {
      const count = mode === 'chunks' ? 2 : 800;
      const seed = 21;
      const batch = batchOf(count, mode === 'chunks' ? 300_000 : 4096, mode, seed);
      const report = await engine.copy(batch, { mode, verify, seed, inject, deadlineMs: 250 });
      assertReportTruthful(batch, report);
      const drawn = drawnFaults(count, batch.folioBytes, inject, seed);
      assert.deepEqual(report.faults, drawn, `${mode} ${verify}: the injected faults are the drawn ones`);
      if (verify === 'full') assert.equal(report.failed, 0, 'shared memory and full verification recover every fault');
      else assert.equal(report.failed, report.undetectedCorruptions, 'only corruption the check cannot see is left, and it is reported');
      // A corruption that struck before a crash in the same task is recopied by the retry; the others stay as they are.
      if (verify === 'none') assert.ok(report.detected.corrupt === 0 && report.undetectedCorruptions <= report.faults.corrupt);
    }
  }
});

test("every memory layout copies, verifies and recovers alike: one WebAssembly memory (the kernel), two SharedArrayBuffers, a caller's own buffers (typed arrays)", async () => {
  const plainEngine = createCopyEngine(createNodeWorkerHost({ cores: 2, wasmMemory: false }), { workers: 2 });
  try {
    const inject = { crash: 0.02, corrupt: 0.05 };
    const sizes = new Array<number>(300).fill(4096 + 16 * 3 + 5);
    // The third: a caller's own SharedArrayBuffers handed to the engine whose workers run the kernel (they copy it with typed arrays).
    for (const [layout, eng] of [['one memory', engine], ['two buffers', plainEngine], ["caller's buffers", engine]] as const) {
      for (const verify of VERIFY) {
        const batch = layout === "caller's buffers" ? createCopyBatch(sizes, { shared: true }) : eng.createBatch(sizes, 'folios');
        assert.equal(batch.memory !== undefined, layout === 'one memory', `${layout}: the batch is laid out so`);
        fillSource(batch, 11);
        const report = await eng.copy(batch, { mode: 'folios', verify, seed: 4, inject });
        assertReportTruthful(batch, report);
        assert.deepEqual(report.faults, drawnFaults(300, batch.folioBytes, inject, 4), `${layout} ${verify}`);
        if (verify === 'full') assert.equal(report.failed, 0, `${layout}: full recovers every corruption`);
        const clean = await eng.copy(batch, { mode: 'folios', verify });
        assert.deepEqual([clean.verified, clean.failed], [300, 0]);
        assert.ok(equalFolios(batch).every(Boolean), `${layout} ${verify}: destination equals source`);
      }
    }
  } finally {
    plainEngine.dispose();
  }
});

/** The plan the injector draws from: per folio, four draws (see drawFolioFaults), counted by kind. */
function drawnFaults(count: number, sizes: readonly number[], inject: FaultInjection, seed: number): Record<FaultKind, number> {
  const plan = drawFolioFaults(seededRandom(seed), inject, sizes)!;
  const counts = { crash: 0, hang: 0, corrupt: 0 };
  for (let folio = 0; folio < count; folio++) if (plan.kind[folio] > 0) counts[FAULT_KINDS[plan.kind[folio]]]++;
  return counts;
}

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

test('no more workers start than the host has cores; the report and the engine say so', async () => {
  const capped = createCopyEngine(createNodeWorkerHost({ cores: 2 }), { workers: 4 });
  try {
    assert.deepEqual([capped.workers, capped.requestedWorkers], [2, 4]);
    const batch = capped.createBatch(new Array<number>(64).fill(65_536), 'folios');
    fillSource(batch, 4);
    const report = await capped.copy(batch, { mode: 'folios' });
    assert.deepEqual([report.workers, report.requestedWorkers, report.verified], [2, 4, 64]);
    assert.match(report.note ?? '', /4 workers asked for, 2 started: the host has 2 cores/);
    assert.ok(equalFolios(batch).every(Boolean));
  } finally {
    capped.dispose();
  }
  assert.equal(threadsFor(3, 8).threads, 3);
  assert.equal(threadsFor(3, 8).note, undefined, 'no note when every worker asked for starts');
  assert.equal(threadsFor(3, undefined).threads, 3, 'a host that cannot tell its cores starts what was asked');
});
