import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkHostToPanel, checkPanelToHost, type PanelTestState } from '../../src/shared/protocol';
import { checkRunConfig, defaultRunConfig } from '../../src/shared/runConfig';

const document = { uri: 'file:///w/seed.patch', name: 'seed.patch', version: 3, facts: { migrators: [] }, notes: ['a note'] };
const state: PanelTestState = {
  phase: 'done', status: 'done', documentName: 'seed.patch', scenario: 'plain', verdict: 'held', throughputGBps: 12.5,
  verifiedBytes: null, violations: 0, logLines: 4, lanes: 2, chartsDrawn: 2,
};

test('every well-formed host message passes and comes back equal', () => {
  const messages = [
    { type: 'init', document, config: defaultRunConfig(), autoRun: true },
    { type: 'init', document: null, config: null, autoRun: false },
    { type: 'document', requestId: 7, document, error: null },
    { type: 'exported', format: 'png', path: '/tmp/x.png', error: null },
    { type: 'testQuery', id: 1 },
  ];
  for (const message of messages) assert.deepEqual(checkHostToPanel(message), { ok: true, value: message });
});

test('every well-formed panel message passes and comes back equal', () => {
  const messages = [
    { type: 'ready' },
    { type: 'requestDocument', requestId: 2 },
    { type: 'revealLine', uri: 'file:///w/seed.patch', line: 41 },
    { type: 'export', format: 'csv', suggestedName: 'simulation-plain.csv', data: 'a,b\r\n' },
    { type: 'testState', id: 4, state },
    { type: 'problem', message: 'worker crashed' },
  ];
  for (const message of messages) assert.deepEqual(checkPanelToHost(message), { ok: true, value: message });
});

test('malformed messages are refused with a reason, never thrown on', () => {
  const bad: [unknown, RegExp][] = [
    [null, /object/],
    [{ type: 'nope' }, /unknown message type/],
    [{ type: 'revealLine', uri: 'file:///x', line: -1 }, /0-based line/],
    [{ type: 'revealLine', uri: 42, line: 1 }, /uri/],
    [{ type: 'export', format: 'exe', suggestedName: 'a', data: '' }, /format/],
    [{ type: 'export', format: 'json', suggestedName: '../../etc/passwd', data: '' }, /plain file name/],
    [{ type: 'testState', id: 1, state: { ...state, verdict: 'maybe' } }, /verdict/],
  ];
  for (const [message, reason] of bad) {
    const checked = checkPanelToHost(message);
    assert.equal(checked.ok, false, JSON.stringify(message));
    if (!checked.ok) assert.match(checked.error, reason);
  }
  const host = checkHostToPanel({ type: 'init', document: { ...document, facts: { f: () => 1 } }, config: null, autoRun: false });
  assert.equal(host.ok, false);
  assert.equal(checkHostToPanel({ type: 'init', document, config: { ...defaultRunConfig(), seed: -1 }, autoRun: false }).ok, false);
});

test('no random value crashes either checker', () => {
  fc.assert(fc.property(fc.anything(), (value) => {
    checkHostToPanel(value);
    checkPanelToHost(value);
    checkHostToPanel({ type: 'init', document: value, config: null, autoRun: false });
    checkPanelToHost({ type: 'testState', id: 1, state: value });
  }));
});

test('run configurations: defaults pass, each bad field is named', () => {
  assert.equal(checkRunConfig(defaultRunConfig()).ok, true);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ providers: [] }, /providers/],
    [{ providers: [{ kind: 'mtcopy', lanes: 99 }] }, /lanes/],
    [{ folioMix: [{ size: '3K', count: 1 }] }, /size/],
    [{ folioMix: [{ size: '4K', count: 0 }] }, /at least one count/],
    [{ scenario: 'rm -rf' }, /scenario/],
    [{ protocol: 'v7' }, /protocol/],
    [{ totalBytes: 0 }, /totalBytes/],
    [{ realCopy: 'yes' }, /realCopy/],
  ];
  for (const [change, reason] of cases) {
    const checked = checkRunConfig({ ...defaultRunConfig(), ...change });
    assert.equal(checked.ok, false, JSON.stringify(change));
    if (!checked.ok) assert.match(checked.error, reason);
  }
});
