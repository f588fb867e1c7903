import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkHostToPanel, checkPanelToHost } from '../../src/shared/protocol';
import { defaultRunConfig } from '../../src/shared/runConfig';

const snapshot = {
  loc: { path: 'mm/migrate_offc.c', line: 4, docLine: 49 },
  frames: [{ function: 'start_offloading', loc: { path: 'mm/migrate_offc.c', line: 4, docLine: 49 }, locals: [{ name: 'ret', type: 'int', value: '<uninitialized>' }] }],
  log: [{ level: 'info', text: 'starting migration offload by DCBM', loc: { path: 'mm/migrate_offc.c', line: 4, docLine: 49 } }],
  steps: 4,
  elapsedNs: 0,
  done: false,
};
const info = { functions: [{ name: 'start_offloading', params: ['struct migrator *'], docLine: 46 }], unresolved: [{ name: 'offc_register', at: 'mm/migrate_offc.c:9', caller: 'start_offloading' }], notes: [], error: null };

test('patch-code messages pass both checkers and come back equal', () => {
  const host = [
    { type: 'patchFunctions', info },
    { type: 'patchFunctions', info: { functions: [], unresolved: [], notes: ['a note'], error: 'x.txt: no C source' } },
    { type: 'patchSnapshot', function: 'start_offloading', snapshot, error: null },
    { type: 'patchSnapshot', function: 'start_offloading', snapshot: { ...snapshot, done: true, result: '0' }, error: null },
    { type: 'patchSnapshot', function: 'start_offloading', snapshot: null, error: 'start_offloading(): gone' },
  ];
  for (const message of host) assert.deepEqual(checkHostToPanel(message), { ok: true, value: message });
  const step = { type: 'patchStep', function: 'stop_offloading', action: 'run', migrator: 'patch' };
  assert.deepEqual(checkPanelToHost(step), { ok: true, value: step });
});

test('a snapshot that crossed JSON (undefined members dropped) is accepted; an error keeps its location', () => {
  const stopped = { ...snapshot, loc: { path: 'x.c', line: 2 }, done: true, error: { kind: 'null-dereference', message: 'NULL', at: 'x.c:3' } };
  const checked = checkHostToPanel({ type: 'patchSnapshot', function: 'f', snapshot: stopped, error: null });
  assert.ok(checked.ok);
  assert.equal(checked.value.type === 'patchSnapshot' && checked.value.snapshot?.error?.kind, 'null-dereference');
  assert.equal(checked.value.type === 'patchSnapshot' && checked.value.snapshot?.loc?.docLine, undefined);
});

test('malformed patch-code messages are refused with a reason', () => {
  const refusals: [unknown, RegExp][] = [
    [{ type: 'patchStep', function: 'f(); evil', action: 'step', migrator: 'dcbm' }, /C function name/],
    [{ type: 'patchStep', function: 'f', action: 'jump', migrator: 'dcbm' }, /restart, step or run/],
    [{ type: 'patchStep', function: 'f', action: 'step', migrator: 'nvme' }, /kernel, mtcopy, dcbm or patch/],
  ];
  for (const [message, reason] of refusals) {
    const checked = checkPanelToHost(message);
    assert.equal(checked.ok, false);
    assert.match(checked.ok ? '' : checked.error, reason);
  }
  const hostRefusals: [unknown, RegExp][] = [
    [{ type: 'patchSnapshot', function: 'f', snapshot: null, error: null }, /snapshot or an error/],
    [{ type: 'patchSnapshot', function: 'f', snapshot: { ...snapshot, steps: -1 }, error: null }, /steps/],
    [{ type: 'patchSnapshot', function: 'f', snapshot: { ...snapshot, frames: [{ function: 'f', locals: [{ name: 1 }] }] }, error: null }, /frames: locals/],
    [{ type: 'patchSnapshot', function: 'f', snapshot: { ...snapshot, log: [{ level: 'info', text: 'x', loc: { path: 'x.c', line: 'one' } }] }, error: null }, /log: loc/],
    [{ type: 'patchFunctions', info: { ...info, functions: [{ name: '<img>', params: [], docLine: null }] } }, /C name/],
    [{ type: 'patchFunctions', info: { ...info, error: 3 } }, /error must be a string or null/],
  ];
  for (const [message, reason] of hostRefusals) {
    const checked = checkHostToPanel(message);
    assert.equal(checked.ok, false);
    assert.match(checked.ok ? '' : checked.error, reason);
  }
});

test('no input makes the patch-code checkers throw (they refuse instead)', () => {
  const types = fc.constantFrom('patchStep', 'patchSnapshot', 'patchFunctions');
  fc.assert(fc.property(types, fc.anything(), fc.anything(), fc.anything(), (type, a, b, c) => {
    checkPanelToHost({ type, function: a, action: b, migrator: c });
    checkHostToPanel({ type, function: a, snapshot: b, error: c, info: a });
    checkHostToPanel({ type, function: 'f', snapshot: { ...snapshot, frames: a, log: b, loc: c }, error: null });
  }));
});

test('patchSimulate carries a checked run config; patchSimResult a simulator result or an error', () => {
  const simulate = { type: 'patchSimulate', requestId: 3, config: defaultRunConfig() };
  assert.deepEqual(checkPanelToHost(simulate), { ok: true, value: simulate });
  assert.equal(checkPanelToHost({ ...simulate, config: { ...defaultRunConfig(), seed: 'x' } }).ok, false);
  assert.equal(checkPanelToHost({ ...simulate, requestId: -1 }).ok, false);
  assert.deepEqual(checkPanelToHost({ type: 'patchSimulateCancel', requestId: 3 }), { ok: true, value: { type: 'patchSimulateCancel', requestId: 3 } });
  assert.equal(checkPanelToHost({ type: 'patchSimulateCancel', requestId: 'x' }).ok, false);
  const result = { log: ['a'], violations: [], invariantsChecked: ['x'], stats: {}, timeline: { lanes: [], spans: [] }, provenance: [] };
  const answer = { type: 'patchSimResult', requestId: 3, result, error: null };
  assert.deepEqual(checkHostToPanel(answer), { ok: true, value: answer });
  const refusal = { type: 'patchSimResult', requestId: 3, result: null, error: 'too big' };
  assert.deepEqual(checkHostToPanel(refusal), { ok: true, value: refusal });
  const bad: [unknown, RegExp][] = [
    [{ ...answer, result: null, error: null }, /a result or an error/],
    [{ ...answer, result: { log: 'a' } }, /not a simulator result/],
    [{ ...answer, result: { ...result, stats: { f: () => 1 } } }, /plain JSON/],
  ];
  for (const [message, reason] of bad) {
    const checked = checkHostToPanel(message);
    assert.equal(checked.ok, false);
    assert.match(checked.ok ? '' : checked.error, reason);
  }
});
