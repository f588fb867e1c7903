import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario, type SimConfig } from '../../src/core/sim/index';

const mix: SimConfig['folioSizes'] = [{ bytes: 4096, weight: 8 }, { bytes: 2 * 1024 * 1024, weight: 1 }];

test('last-wins (V3): the second provider replaces the first, which keeps believing it is on', () => {
  const r = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', providers: ['dcbm', 'mtcopy'], count: 64 });
  assert.deepEqual(r.stats.perProvider.map((p) => p.provider), ['CPU_MT_COPY']);
  assert.ok(r.violations.some((v) => v.invariant === 'provider-state-consistent'));
});

test('first-wins (V6): the second registration gets -EBUSY, the first copies', () => {
  const r = runScenario({ scenario: 'plain', protocol: 'fixed', provider: 'dcbm', providers: ['dcbm', 'mtcopy'], policy: 'first-wins', count: 64 });
  assert.equal(r.verdict, 'held');
  assert.deepEqual(r.stats.perProvider.map((p) => p.provider), ['DCBM']);
  assert.ok(r.log.some((l) => l.includes('cannot register CPU_MT_COPY: err=-16')));
});

test('per-batch: each batch goes to the provider the model expects to be fastest, beating either alone', () => {
  const base: SimConfig = { scenario: 'plain', protocol: 'fixed', provider: 'dcbm', channels: 16, threads: 8, folioSizes: mix, count: 4000, batchLimit: 'patch8', seed: 3 };
  const perBatch = runScenario({ ...base, providers: ['dcbm', 'mtcopy'], policy: 'per-batch', batchLimit: 'stock' });
  assert.equal(perBatch.verdict, 'held');
  assert.ok(perBatch.stats.perProvider.length >= 2, JSON.stringify(perBatch.stats.perProvider));
  const dcbmOnly = runScenario({ ...base, providers: ['dcbm'], policy: 'first-wins', batchLimit: 'stock' });
  const mtOnly = runScenario({ ...base, providers: ['mtcopy'], policy: 'first-wins', batchLimit: 'stock' });
  assert.ok(perBatch.stats.throughputGBps >= Math.max(dcbmOnly.stats.throughputGBps, mtOnly.stats.throughputGBps) * 0.999);
  for (const p of perBatch.stats.perProvider) assert.ok(p.throughputGBps > 0);
});
