import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PanelToHost } from '../../src/shared/protocol';
import { PatchCodePanel } from '../../src/webview/panel/patchCodePanel';
import { installFakeDocument, type FakeNode } from './fakeDom';
import { HostSimulationRunner } from '../../src/webview/panel/hostSimulationRunner';
import { RunCancelled } from '../../src/webview/panel/runTypes';
import { defaultRunConfig } from '../../src/shared/runConfig';
import type { SimResult } from '../../src/core/sim/types';

const hostile = '<img src=x onerror=alert(1)>';
const loc = { path: 'mm/migrate_offc.c', line: 4, docLine: 49 };
const snapshot = {
  loc, steps: 4, elapsedNs: 0, done: false,
  frames: [{ function: 'start_offloading', loc, locals: [{ name: 'ret', type: 'int', value: '<uninitialized>' }] }],
  log: [{ level: 'info', text: `starting migration offload by ${hostile}`, loc }],
};

function setUp() {
  const doc = installFakeDocument(['patch-code-controls', 'patch-code']);
  const posted: PanelToHost[] = [];
  const panel = new PatchCodePanel({
    host: { post: (m) => posted.push(m), getState: () => undefined, setState: () => {} },
    controls: doc.getElementById('patch-code-controls') as unknown as HTMLElement,
    output: doc.getElementById('patch-code') as unknown as HTMLElement,
    migrator: () => 'mtcopy',
  });
  const node = (id: string) => doc.getElementById(id) as FakeNode;
  const buttons = (id: string) => [...node(id).walk()].filter((n) => n.nodeName === 'BUTTON');
  const check = () => {
    const box = node('use-patch-code') as FakeNode & { checked: boolean };
    box.checked = true;
    for (const listener of box.listeners.get('change') ?? []) listener();
  };
  return { panel, posted, node, buttons, check };
}

test('the section lists the host\'s functions and posts restart / step / run for the chosen one', () => {
  const { panel, posted, node, buttons, check } = setUp();
  panel.receive({ type: 'init', document: { uri: 'file:///w/seed.patch', name: 'seed.patch', version: 1, facts: null, notes: [] }, config: null, autoRun: false });
  panel.receive({ type: 'patchFunctions', info: { functions: [{ name: 'start_offloading', params: [], docLine: 46 }, { name: 'stop_offloading', params: [], docLine: 60 }], unresolved: [], notes: [], error: null } });
  assert.deepEqual([...node('patch-function').walk()].filter((n) => n.nodeName === 'OPTION').map((o) => o.textContent), ['start_offloading', 'stop_offloading']);
  assert.match(node('patch-code').textContent, /Check .Use the patch's code/);
  check();
  assert.equal(panel.testState().usePatchCode, true);
  for (const button of buttons('patch-code-controls')) button.click();
  assert.deepEqual(posted, [
    { type: 'patchStep', function: 'start_offloading', action: 'restart', migrator: 'mtcopy' },
    { type: 'patchStep', function: 'start_offloading', action: 'step', migrator: 'mtcopy' },
    { type: 'patchStep', function: 'start_offloading', action: 'run', migrator: 'mtcopy' },
  ]);
});

test('a snapshot shows locals and printed lines as text; its buttons reveal lines through revealLine', () => {
  const { panel, posted, node, buttons, check } = setUp();
  panel.receive({ type: 'init', document: { uri: 'file:///w/seed.patch', name: 'seed.patch', version: 1, facts: null, notes: [] }, config: null, autoRun: false });
  check();
  panel.receive({ type: 'patchSnapshot', function: 'start_offloading', snapshot, error: null });
  const out = node('patch-code');
  assert.ok(out.textContent.includes(`starting migration offload by ${hostile}`));
  assert.ok(![...out.walk()].some((n) => n.nodeName === 'IMG'));
  assert.ok([...out.walk()].some((n) => n.nodeName === 'TR' && n.textContent.startsWith('ret')), 'a locals row');
  buttons('patch-code')[0]?.click();
  assert.deepEqual(posted, [{ type: 'revealLine', uri: 'file:///w/seed.patch', line: 49 }]);
  panel.receive({ type: 'patchSnapshot', function: 'start_offloading', snapshot: null, error: 'seed.patch: no C source in it' });
  assert.match(out.textContent, /no C source in it/);
  assert.equal(panel.testState().error, 'seed.patch: no C source in it');
  panel.receive({ type: 'patchSnapshot', function: 'start_offloading', snapshot, error: null });
  panel.receive({ type: 'init', document: { uri: 'file:///w/other.c', name: 'other.c', version: 1, facts: null, notes: [] }, config: null, autoRun: false });
  assert.equal(panel.testState().view, null, 're-targeted: the old snapshot is gone');
  assert.ok(!out.textContent.includes('starting migration offload'));
});

test('a host-run simulation resolves with the host\'s result, rejects with its error, and Stop settles it at once', async () => {
  const posted: PanelToHost[] = [];
  const runner = new HostSimulationRunner({ post: (m) => posted.push(m), getState: () => undefined, setState: () => {} });
  const progress: unknown[] = [];
  const options = { realCopy: false, onProgress: (p: unknown) => progress.push(p) };
  const first = runner.start(defaultRunConfig(), options);
  const second = runner.start(defaultRunConfig(), options);
  const third = runner.start(defaultRunConfig(), options);
  assert.deepEqual(posted.map((m) => m.type === 'patchSimulate' && m.requestId), [1, 2, 3]);
  assert.equal(progress.length, 3, 'the progress bar goes indeterminate');
  const result = { log: ['starting migration offload by DCBM'] } as unknown as SimResult;
  runner.receive({ type: 'patchSimResult', requestId: 1, result, error: null });
  assert.equal((await first.done).result, result);
  runner.receive({ type: 'patchSimResult', requestId: 2, result: null, error: 'the patch defines no start_offloading()' });
  await assert.rejects(second.done, /no start_offloading/);
  third.cancel();
  await assert.rejects(third.done, RunCancelled);
  assert.deepEqual(posted.at(-1), { type: 'patchSimulateCancel', requestId: 3 }, 'Stop tells the host to end its run');
  runner.receive({ type: 'patchSimResult', requestId: 3, result, error: null });
});
