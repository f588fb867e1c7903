import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPatchProgram } from '../../src/core/interp/program';
import { patchProtocol } from '../../src/core/interp/runtime/patchProtocol';
import { runScenario } from '../../src/core/sim';
import { nodeCParser } from '../../src/node/assets';
import { plainUnit } from './helpers';

const full = readFileSync(new URL('../fixtures/interp/migrate_offc_full.c', import.meta.url), 'utf8');

async function run(scenario: 'plain' | 'stop-by-inactive', text = full) {
  const program = loadPatchProgram([plainUnit(text, 'mm/migrate_offc.c')], await nodeCParser());
  const handle = patchProtocol(program);
  const result = runScenario({ scenario, protocol: 'v3', provider: 'dcbm', count: 16, seed: 2, protocolImpl: handle.factory });
  return { handle, result, rt: handle.runtime() };
}

test("a patch's own offc_update_migrator() decides the dispatch through its static call", async () => {
  const { handle, result } = await run('plain');
  assert.deepEqual(handle.errors.map((e) => e.describe()), []);
  assert.equal(result.verdict, 'held', result.violations.map((v) => v.message).join('; '));
  assert.ok(result.stats.perProvider.some((p) => p.provider === 'DCBM' && p.bytes > 0), JSON.stringify(result.stats.perProvider));
});

test('its V3 behaviour shows the same defect in stop-by-inactive; pinning the owner follows the C', async () => {
  const { result, handle } = await run('stop-by-inactive');
  assert.deepEqual(handle.errors, []);
  assert.ok(result.violations.some((v) => v.invariant === 'stop-targets-caller'));
  assert.ok(handle.log.some((l) => l.text === 'stopping migration offload by CPU_MT_COPY'));
  // Drop the owner pinning from the C: the model notices an active provider whose module is not pinned.
  const unpinned = full.replace('if (mig && mig->owner && !try_module_get(mig->owner)) {', 'if (0) {').replace('\tif (prev)\n\t\tmodule_put(prev);\n', '');
  const second = await run('plain', unpinned);
  assert.ok(second.result.violations.some((v) => v.invariant === 'module-pinned-while-active'), second.result.violations.map((v) => v.invariant).join());
});
