import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulation, runScenario, scenarioNames, type SimConfig } from '../../src/core/sim/index';

test('same seed, same result (every scenario, every generation)', () => {
  for (const scenario of scenarioNames) {
    for (const protocol of ['v3', 'v4', 'v5', 'v6', 'fixed'] as const) {
      const config: SimConfig = { scenario, protocol, provider: protocol === 'v3' ? 'mtcopy' : 'dcbm', count: 40, eagainRate: 0.05, seed: 99, folioSizes: [{ bytes: 4096, weight: 3 }, { bytes: 65536, weight: 1 }] };
      assert.deepEqual(runScenario(config), runScenario(config), `${scenario}/${protocol}`);
    }
  }
});

test('a different seed changes the random parts (folio mix, -EAGAIN picks)', () => {
  const base: SimConfig = { scenario: 'plain', protocol: 'v3', provider: 'kernel', count: 2000, eagainRate: 0.05, folioSizes: [{ bytes: 4096, weight: 1 }, { bytes: 2 * 1024 * 1024, weight: 1 }] };
  const a = runScenario({ ...base, seed: 1 });
  const b = runScenario({ ...base, seed: 2 });
  assert.notDeepEqual([a.stats.bytes, a.stats.retries], [b.stats.bytes, b.stats.retries]);
});

test('real-time mode: stepping or advancing virtual time ends with the batch-mode result', () => {
  const config: SimConfig = { scenario: 'switch-in-flight', protocol: 'v3', provider: 'dcbm', count: 30 };
  const batch = runScenario(config);
  const sim = createSimulation(config);
  let snapshots = 0;
  while (!sim.done) {
    sim.runFor(100_000);
    const snap = sim.snapshot();
    assert.ok(snap.stats.folios <= 30);
    snapshots++;
  }
  assert.ok(snapshots > 10);
  assert.deepEqual(sim.result(), batch);
  const stepper = createSimulation(config);
  while (stepper.step());
  assert.deepEqual(stepper.result(), batch);
});
