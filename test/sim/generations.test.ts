import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generations, injectPoints, listDefects, runScenario, scenarioNames, verdictsByGeneration, type SimResult } from '../../src/core/sim/index';

const invariantsOf = (r: SimResult) => new Set(r.violations.map((v) => v.invariant));

test('every scenario runs under every generation; fixed is V6', () => {
  for (const scenario of scenarioNames) {
    for (const protocol of generations) {
      const r = runScenario({ scenario, protocol, provider: 'dcbm', count: 16 });
      assert.equal(r.generation, protocol);
      assert.equal(r.stats.succeeded + r.stats.failed, r.stats.folios, `${scenario}/${protocol}`);
    }
  }
  const fixed = runScenario({ scenario: 'stop-by-inactive', protocol: 'fixed', provider: 'dcbm' });
  const v6 = runScenario({ scenario: 'stop-by-inactive', protocol: 'v6', provider: 'dcbm' });
  assert.equal(fixed.generation, 'v6');
  assert.deepEqual([fixed.verdict, fixed.violations, fixed.stats, fixed.log.slice(1)], [v6.verdict, v6.violations, v6.stats, v6.log.slice(1)]);
});

test('generation traits: V4 start/stop names, V5 refuses an owner-less (built-in) migrator, V6 accepts it', () => {
  const v4 = runScenario({ scenario: 'plain', protocol: 'v4', provider: 'dcbm', count: 8 });
  assert.ok(v4.log.some((l) => l.endsWith('migrate_offload: DCBM started')));
  const v5 = runScenario({ scenario: 'plain', protocol: 'v5', provider: 'dcbm', count: 8, build: 'builtin' });
  assert.ok(v5.log.some((l) => l.includes('cannot register DCBM: err=-22 (no owner module)')));
  assert.deepEqual(v5.stats.perProvider.map((p) => p.provider), [], 'nothing offloaded: the mainline path copies');
  const v6 = runScenario({ scenario: 'plain', protocol: 'v6', provider: 'dcbm', count: 8, build: 'builtin' });
  assert.deepEqual(v6.stats.perProvider.map((p) => p.provider), ['DCBM']);
  assert.equal(v6.verdict, 'held');
});

test('V4/V5 recopy a failed batch entirely; V6 falls back only for the folios without FOLIO_CONTENT_COPIED', () => {
  const config = { scenario: 'plain' as const, provider: 'dcbm' as const, count: 64, channels: 4, batchLimit: 'patch8' as const, folioSizes: [{ bytes: 65536, weight: 1 }], faults: { transient: [5], persistent: [] } };
  const v5 = runScenario({ ...config, protocol: 'v5' });
  const v6 = runScenario({ ...config, protocol: 'v6' });
  assert.equal(v5.verdict, 'held');
  assert.equal(v6.verdict, 'held');
  assert.ok(v5.stats.phaseNs.fallback > 20 * v6.stats.phaseNs.fallback, `${v5.stats.phaseNs.fallback} vs ${v6.stats.phaseNs.fallback}`);
});

test('V5+: with no migrator registered the static branch is off and the batch goes the mainline way', () => {
  const r = runScenario({ scenario: 'plain', protocol: 'v5', provider: 'kernel', count: 32 });
  assert.equal(r.stats.perProvider.length, 0, 'no batch copy callback was called');
  assert.ok(r.stats.phaseNs.copy > 0);
});

test('--list-defects: at least 11 of 13 reproduced under V3, the rest with a reason; later versions hold', () => {
  const defects = listDefects();
  assert.equal(defects.length, 13);
  assert.ok(defects.filter((d) => d.reproduced).length >= 11);
  for (const d of defects) {
    if (!d.reproduced) assert.ok(d.reason && d.reason.length > 20, `${d.id} needs a reason`);
    else {
      assert.equal(d.versions.v3, 'violated');
      assert.equal(d.versions.v6 === 'held' || d.versions.v6 === 'n/a', true, `${d.id}: ${JSON.stringify(d.versions)}`);
    }
  }
  const byId = new Map(defects.map((d) => [d.id, d]));
  assert.equal(byId.get(4)!.reproduced, false);
  assert.deepEqual(byId.get(13)!.versions, { v3: 'violated', v4: 'violated', v5: 'held', v6: 'held' });
  assert.equal(byId.get(11)!.versions.v4, 'n/a', 'mtcopy left the series in V4');
});

test('defect 12: patch 9\'s spread list runs past the CPUs that exist', () => {
  const small = runScenario({ scenario: 'small-topology', protocol: 'v3', provider: 'mtcopy' });
  assert.ok(invariantsOf(small).has('cpu-online'));
  assert.match(small.violations.find((v) => v.invariant === 'cpu-online')!.message, /CPU 56 does not exist \(32 CPUs\)/);
  const fits = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 16 });
  assert.equal(fits.verdict, 'held', '16 threads reach CPU 120 of 128: the published runs');
  const past = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 17 });
  assert.ok(invariantsOf(past).has('cpu-online'), 'thread 17 is queued on CPU 128');
  const fill = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 32, cpuselect: 'fill' });
  assert.equal(fill.verdict, 'held');
});

test('cpuselect fill crowds one CCD: 8 threads no faster than 1 (V2 placement row); spread scales', () => {
  const run = (threads: number, cpuselect: 'fill' | 'spread') => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads, cpuselect, count: 512, batchLimit: 'patch8', eagainRate: 0 }).stats.throughputGBps;
  assert.ok(run(8, 'fill') < 1.1 * run(1, 'fill'));
  assert.ok(run(8, 'spread') > 2.5 * run(8, 'fill'));
});

test('every --inject point reaches its code path and the verdict still comes from the invariants', () => {
  const fired = (protocol: 'v3' | 'v6', point: (typeof injectPoints)[number]) => {
    const provider = point === 'enomem' && protocol === 'v3' ? 'mtcopy' : 'dcbm';
    return runScenario({ scenario: 'plain', protocol, provider, count: 64, channels: 4, batchLimit: 'patch8', folioSizes: [{ bytes: 65536, weight: 1 }], faults: { transient: [], persistent: [], points: { [point]: 1 } } });
  };
  for (const point of injectPoints) {
    const r = fired('v3', point);
    if (point === 'eagain') assert.ok(r.stats.retries > 0);
    else assert.ok(r.log.some((l) => l.includes(`injected faults fired: ${point} x`)), point);
  }
  assert.ok(fired('v3', 'chan-request').log.some((l) => l.endsWith('DCBM: Falling back to CPU copy')));
  assert.ok(fired('v6', 'chan-request').log.some((l) => l.includes('declined the batch (-EOPNOTSUPP)')));
  assert.ok(invariantsOf(fired('v3', 'module-get')).has('provider-state-consistent'), 'V3 dcbm sets its flag although start failed');
  assert.equal(fired('v6', 'module-get').verdict, 'held');
  assert.ok(invariantsOf(fired('v3', 'out-of-order')).has('every-byte-copied'));
  assert.ok(invariantsOf(fired('v3', 'enomem')).has('counted-once'), 'mtcopy -ENOMEM sends the batch to V3\'s serial fallback');
  for (const point of ['dma-map', 'submit', 'timeout', 'enomem'] as const) {
    const r = fired('v6', point);
    assert.equal(r.verdict, 'held', point);
    assert.ok(r.stats.fallbacks > 0, point);
  }
});

test('the first folio waits for its whole batch: latency grows with the batch limit', () => {
  const latency = (batchLimit: 'stock' | 'patch8' | number) => runScenario({ scenario: 'plain', protocol: 'v6', provider: 'dcbm', channels: 4, count: 4096, folioSizes: [{ bytes: 4096, weight: 1 }], batchLimit, eagainRate: 0 }).stats.firstFolioLatencyNs;
  const small = latency(64);
  const stock = latency('stock');
  const big = latency('patch8');
  assert.ok(small > 0 && small < stock && stock < big, `${small} ${stock} ${big}`);
});

test('verdictsByGeneration names the first generation in which a scenario holds', () => {
  assert.equal(verdictsByGeneration({ scenario: 'module-build', protocol: 'v3', provider: 'dcbm' }).firstHolds, 'v5');
  assert.equal(verdictsByGeneration({ scenario: 'stop-by-inactive', protocol: 'v3', provider: 'dcbm' }).firstHolds, 'v4');
  const mt = verdictsByGeneration({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 12, count: 4 });
  assert.deepEqual([mt.verdicts.v3, mt.firstHolds], ['violated', 'v4']);
});

test('the cover letter\'s DMA setup: 16 channels, 512 x 2M, patch 8 batches lands within 15 % of 63.69 GB/s', () => {
  const r = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', channels: 16, folioSizes: [{ bytes: 2 * 1024 * 1024, weight: 1 }], count: 512, batchLimit: 'patch8' });
  assert.ok(Math.abs(r.stats.throughputGBps - 63.69) <= 0.15 * 63.69, String(r.stats.throughputGBps));
});

test('new settings are validated with the kernel\'s own limits', () => {
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 40 }), /threads must be 1\.\.32/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', batchLimit: 262145 }), /batch limit must be 1\.\.262144/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v4', provider: 'mtcopy' }), /mtcopy is not in the V4 series/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', topology: { nodes: 2, ccdsPerNode: 4, coresPerCcd: 8, smt: 2, online: 0 } }), /online CPUs/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', faults: { transient: [], persistent: [], points: { timeout: 2 } } }), /probability must be 0\.\.1/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', movableOpsShare: 1.5 }), /share from 0 to 1/);
});

test('V6 on a 32-bit kernel: the feature depends on 64BIT, so nothing offloads and the mainline path copies', () => {
  const r = runScenario({ scenario: 'plain', protocol: 'v6', provider: 'dcbm', count: 16, is64bit: false });
  assert.equal(r.verdict, 'held');
  assert.equal(r.stats.perProvider.length, 0);
  assert.equal(r.stats.succeeded, 16);
  assert.ok(r.log.some((l) => l.includes('depends on 64BIT')));
  const v5 = runScenario({ scenario: 'plain', protocol: 'v5', provider: 'dcbm', count: 16, is64bit: false });
  assert.deepEqual(v5.stats.perProvider.map((p) => p.provider), ['DCBM']);
});
