import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseRun, runScenario } from '../../src/core/sim/index';
import { toResultView } from '../../src/webview/panel/viewModel';

const inputs = { providers: [{ kind: 'dcbm' as const, lanes: 4 }], folioSizes: [4096], calibration: [] };

test('the panel view names the first generation in which the scenario holds and carries the latency curve', () => {
  const config = { scenario: 'stop-by-inactive' as const, protocol: 'v3' as const, provider: 'dcbm' as const, channels: 4, count: 64, folioSizes: [{ bytes: 4096, weight: 1 }] };
  const result = { ...runScenario(config), analysis: analyseRun(config) };
  const view = toResultView(result, inputs);
  assert.deepEqual(view.generations, [
    { generation: 'v3', verdict: 'violated' },
    { generation: 'v4', verdict: 'held' },
    { generation: 'v5', verdict: 'held' },
    { generation: 'v6', verdict: 'held' },
  ]);
  assert.equal(view.headline.find((h) => h.label === 'First holds in')?.value, 'v4 (v3 violated, v4 held, v5 held, v6 held)');
  const curve = view.firstFolioLatency!;
  assert.equal(curve.length, 9);
  assert.equal(curve[0]!.batchPages, 8);
  assert.equal(curve.at(-1)!.batchPages, 262144);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i]!.latencyUs >= curve[i - 1]!.latencyUs, 'a bigger batch never lets the first folio go sooner');
  assert.ok(curve.at(-1)!.latencyUs > 10 * curve[0]!.latencyUs);
});

test('a run without the analysis (CLI, or a view saved before it existed) shows neither', () => {
  const view = toResultView(runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', count: 4 }), inputs);
  assert.deepEqual(view.generations, []);
  assert.deepEqual(view.firstFolioLatency, []);
  assert.equal(view.headline.some((h) => h.label === 'First holds in'), false);
  assert.ok(view.headline.some((h) => h.label === 'First folio migrated after'));
});
