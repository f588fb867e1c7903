import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenarioWithRealCopy, type CopyBackend, type RealCopyRequest, type RealCopyResult } from '../../src/core/sim/index';

/** A test backend that really copies and verifies bytes on the calling thread. */
class InlineBackend implements CopyBackend {
  readonly requests: RealCopyRequest[] = [];

  async copyBatch(request: RealCopyRequest): Promise<RealCopyResult> {
    this.requests.push(request);
    const start = performance.now();
    let verified = 0;
    let bytes = 0;
    for (const size of request.folioBytes) {
      const src = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
      const dst = new Uint8Array(size);
      dst.set(src);
      if (dst.every((b, i) => b === src[i])) verified++;
      bytes += size;
    }
    const seconds = Math.max((performance.now() - start) / 1000, 1e-9);
    return { bytes, verifiedFolios: verified, verifiedBytes: bytes, failedFolios: [], recoveredSerially: 0, seconds, GBps: bytes / seconds / 1e9 };
  }
}

test('real-copy mode copies the batches the model copied, with the provider\'s lanes, and reports both rates', async () => {
  const backend = new InlineBackend();
  const out = await runScenarioWithRealCopy({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', channels: 4, count: 16, folioSizes: [{ bytes: 64 * 1024, weight: 1 }], batchLimit: 'patch8' }, backend);
  assert.equal(backend.requests.length, 1);
  assert.deepEqual(backend.requests[0]!.folioBytes, new Array(16).fill(65536));
  assert.equal(backend.requests[0]!.workers, 4);
  assert.equal(backend.requests[0]!.schedule, 'lanes');
  assert.equal(out.verifiedFolios, 16);
  assert.ok(out.measuredGBps > 0 && out.modelGBps > 0);
  assert.equal(out.result.verdict, 'held');
});

test('real-copy mode: mtcopy chunks a batch with fewer folios than threads; limits skip later batches', async () => {
  const backend = new InlineBackend();
  const out = await runScenarioWithRealCopy({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 8, count: 5, folioSizes: [{ bytes: 2 * 1024 * 1024, weight: 1 }] }, backend, undefined, { maxBatches: 3, maxBytes: 1 << 30 });
  assert.equal(backend.requests.length, 3);
  assert.deepEqual(backend.requests.map((r) => [r.workers, r.schedule]), [[8, 'chunks'], [8, 'chunks'], [8, 'chunks']]);
  assert.equal(out.skippedBatches, 2);
});

test('real-copy mode is cancellable', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(runScenarioWithRealCopy({ scenario: 'plain', protocol: 'v3', provider: 'kernel', count: 4 }, new InlineBackend(), controller.signal), { name: 'AbortError' });
});
