import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario, scenarioNames, type Protocol, type ProviderKind, type SimResult } from '../../src/core/sim/index';

const invariantsOf = (r: SimResult) => new Set(r.violations.map((v) => v.invariant));

test('every scenario holds under the fixed protocol (V6), with each provider the series carries', () => {
  for (const scenario of scenarioNames) {
    for (const provider of ['kernel', 'dcbm'] as ProviderKind[]) {
      const r = runScenario({ scenario, protocol: 'fixed', provider, count: 32 });
      assert.equal(r.generation, 'v6');
      assert.equal(r.verdict, 'held', `${scenario}/${provider}: ${r.violations.map((v) => v.message).join('; ')}`);
      assert.equal(r.violations.length, 0);
    }
  }
});

test('plain migration holds under V3 with each provider and accounts every folio once', () => {
  for (const provider of ['kernel', 'mtcopy', 'dcbm'] as ProviderKind[]) {
    const r = runScenario({ scenario: 'plain', protocol: 'v3', provider, count: 100, eagainRate: 0.05, seed: 3 });
    assert.equal(r.verdict, 'held', provider);
    assert.equal(r.stats.succeeded + r.stats.failed, 100);
    assert.equal(r.stats.bytes, r.stats.succeeded * 2 * 1024 * 1024);
    assert.ok(r.stats.retries > 0, 'some -EAGAIN folios went through the retry path');
    assert.ok(r.stats.throughputGBps > 0);
  }
});

test('plain V3 mtcopy: 12 threads on a 2M folio drop the remainder, caught by every-byte-copied', () => {
  const v3 = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 12, count: 4 });
  assert.ok(invariantsOf(v3).has('every-byte-copied'));
  assert.match(v3.violations[0]!.message, /lack 8 byte/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'fixed', provider: 'mtcopy', threads: 12, count: 4 }), /mtcopy is not in the V6 series/);
  const even = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 8, count: 4 });
  assert.equal(even.verdict, 'held', '2M divides by 8');
});

test('switch-in-flight: V3 returns from the switch while the old callback still copies', () => {
  const r = runScenario({ scenario: 'switch-in-flight', protocol: 'v3', provider: 'dcbm' });
  assert.equal(r.verdict, 'violated');
  assert.ok(invariantsOf(r).has('old-callback-quiesced'));
  assert.ok(invariantsOf(r).has('provider-state-consistent'));
});

test('stop-by-inactive: V3 prints the active name and stops the other provider', () => {
  const r = runScenario({ scenario: 'stop-by-inactive', protocol: 'v3', provider: 'dcbm' });
  assert.ok(r.log.some((l) => l.endsWith('stopping migration offload by CPU_MT_COPY')));
  assert.ok(r.log.some((l) => l.includes('sim: DCBM stop: active migrator CPU_MT_COPY -> kernel')));
  assert.ok(invariantsOf(r).has('stop-targets-caller'));
  const fixed = runScenario({ scenario: 'stop-by-inactive', protocol: 'fixed', provider: 'dcbm' });
  assert.ok(fixed.log.some((l) => l.includes('cannot register CPU_MT_COPY: err=-16')));
  assert.ok(fixed.log.some((l) => l.endsWith('migrate_offload: DCBM unregistered')));
});

test('unload-during-copy: V3 frees the module under a running callback; fixed waits for the reader', () => {
  for (const provider of ['dcbm', 'mtcopy'] as ProviderKind[]) {
    const r = runScenario({ scenario: 'unload-during-copy', protocol: 'v3', provider, batchLimit: 'patch8', count: 64 });
    assert.ok(invariantsOf(r).has('module-code-alive'), provider);
    if (provider === 'mtcopy') continue;
    const fixed = runScenario({ scenario: 'unload-during-copy', protocol: 'fixed', provider, batchLimit: 'patch8', count: 64 });
    assert.equal(fixed.verdict, 'held', provider);
    assert.ok(fixed.log.some((l) => l.includes(`module ${provider} unloaded`)), 'the unload still happens, after the grace period');
  }
});

test('shared-rcu-head: two concurrent V3 updates queue the one rcu_head twice', () => {
  const r = runScenario({ scenario: 'shared-rcu-head', protocol: 'v3', provider: 'dcbm' });
  assert.ok(invariantsOf(r).has('rcu-head-queued-once'));
  const v = r.violations.find((x) => x.invariant === 'rcu-head-queued-once')!;
  assert.equal(r.events[v.event]?.kind, 'violation');
});

test('copy-failure: V3 double-counts and frees a mapped dst (CPU copies), swallows errors (dcbm)', () => {
  for (const provider of ['kernel', 'mtcopy'] as ProviderKind[]) {
    const r = runScenario({ scenario: 'copy-failure', protocol: 'v3', provider, count: 8 });
    assert.ok(invariantsOf(r).has('counted-once'), provider);
    assert.ok(invariantsOf(r).has('failed-folio-restored'), provider);
    assert.ok(r.stats.fallbacks > 0);
    assert.equal(r.stats.succeeded, 8, 'the poisoned folio fails, the recovered one counts twice: 6 + 2');
  }
  const dcbm = runScenario({ scenario: 'copy-failure', protocol: 'v3', provider: 'dcbm', count: 8 });
  assert.ok(invariantsOf(dcbm).has('every-byte-copied'));
  assert.ok(dcbm.log.some((l) => l.endsWith('DCBM: Falling back to CPU copy')));
  // V6 with dcbm: the timed-out and the faulted batch fall back per folio; only the poisoned folio fails.
  const fixedDcbm = runScenario({ scenario: 'copy-failure', protocol: 'fixed', provider: 'dcbm', count: 8 });
  assert.equal(fixedDcbm.verdict, 'held');
  assert.deepEqual([fixedDcbm.stats.succeeded, fixedDcbm.stats.failed], [7, 1]);
  // V6 without a migrator takes the mainline path: one copy attempt per folio, so the transient fault fails
  // its folio too (mainline migrate_folio() fails on -EHWPOISON), each counted once and restored.
  const fixedKernel = runScenario({ scenario: 'copy-failure', protocol: 'fixed', provider: 'kernel', count: 8 });
  assert.equal(fixedKernel.verdict, 'held');
  assert.deepEqual([fixedKernel.stats.succeeded, fixedKernel.stats.failed], [6, 2]);
});

test('each violation names its invariant, virtual time and the recorded event', () => {
  for (const scenario of scenarioNames) {
    const r = runScenario({ scenario, protocol: 'v3' as Protocol, provider: 'dcbm', count: 16 });
    for (const v of r.violations) {
      assert.ok(r.invariantsChecked.includes(v.invariant));
      assert.ok(v.t >= 0);
      assert.equal(r.events[v.event]?.detail.startsWith(v.invariant), true);
    }
  }
});

test('bad configurations give one-line errors', () => {
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 0 }), /threads must be 1\.\.32/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', channels: 17 }), /channels must be 1\.\.16/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', folioSizes: [{ bytes: 3000, weight: 1 }] }), /power of two/);
  assert.throws(() => runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', policy: 'first-wins' }), /needs V4 or later/);
});
