import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCopyEngine, createSimCopyBackend, parseSize, formatSize } from '../../src/core/copy/index';
import { createNodeWorkerHost } from '../../src/core/copy/node/nodeWorkerHost';

const engine = createCopyEngine(createNodeWorkerHost(), { workers: 2 });
const backend = createSimCopyBackend(engine);
after(() => {
  backend.dispose();
  engine.dispose();
});

test('the simulator backend moves real bytes under each schedule and reports measured throughput', async () => {
  for (const schedule of ['folios', 'chunks', 'lanes'] as const) {
    const folioBytes = [4096, 2 << 20, 65536, 4096];
    const result = await backend.copyBatch({ folioBytes, workers: 2, schedule });
    assert.equal(result.bytes, folioBytes.reduce((a, b) => a + b, 0));
    assert.deepEqual([result.verifiedFolios, result.verifiedBytes, result.failedFolios.length], [4, result.bytes, 0], schedule);
    assert.ok(result.GBps > 0 && result.seconds > 0);
  }
  const other = await backend.copyBatch({ folioBytes: [4096, 4096, 4096], workers: 3, schedule: 'folios' });
  assert.equal(other.verifiedFolios, 3, 'a different worker count gets an engine of its own');
  await assert.rejects(backend.copyBatch({ folioBytes: [4096], workers: 2, schedule: 'folios', signal: AbortSignal.abort() }), { name: 'AbortError' });
});

test('sizes parse and print in binary units', () => {
  assert.deepEqual(['4K', '64K', '2M', '1G', '4096', '2MiB', ' 8k '].map(parseSize), [4096, 65536, 2 << 20, 1 << 30, 4096, 2 << 20, 8192]);
  assert.deepEqual(['', '4Q', '-1K', '1.5M', 'K'].map(parseSize), [undefined, undefined, undefined, undefined, undefined]);
  assert.deepEqual([4096, 2 << 20, 1000].map(formatSize), ['4 KiB', '2 MiB', '1000 B']);
});

test('the backend reuses a batch of the same shape (cleared first) and checks it as asked', async () => {
  const sampled = createSimCopyBackend(engine, { verify: 'sampled' });
  for (let run = 0; run < 3; run++) {
    const result = await sampled.copyBatch({ folioBytes: [65536, 65536, 4096], workers: 2, schedule: 'folios' });
    assert.deepEqual([result.verifiedFolios, result.failedFolios.length], [3, 0], `run ${run}`);
  }
  const fresh = createSimCopyBackend(engine, { verify: 'none', reuseBatches: false });
  assert.equal((await fresh.copyBatch({ folioBytes: [4096, 4096], workers: 2, schedule: 'lanes' })).verifiedFolios, 2);
});
