import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPatchSession } from '../../src/core/interp/patchSession';
import { patchCodeView } from '../../src/webview/panel/patchCodeModel';
import { renderPatchCode, renderPatchCodeControls } from '../../src/webview/panel/patchCodeView';
import { nodeCParser } from '../../src/node/assets';
import { installFakeDocument, type FakeNode } from '../webview/fakeDom';

const seed = readFileSync(new URL('../../examples/seed-reply.txt', import.meta.url), 'utf8');
const hostile = '<img src=x onerror=alert(1)>';

test('the stepping view: status, document line to reveal, locals, printed lines with their C line', async () => {
  const session = openPatchSession(seed, 'seed.txt', await nodeCParser());
  const stepper = session.step('start_offloading', { migrator: 'dcbm' });
  for (let i = 0; i < 4; i++) stepper.step();
  const view = patchCodeView('start_offloading', stepper.snapshot());
  assert.equal(view.state, 'stepping');
  assert.match(view.status, /^start_offloading\(\): statement 4, about to run mm\/migrate_offc\.c:\d+$/);
  assert.equal(view.frames[0]?.function, 'start_offloading');
  assert.deepEqual(view.log.map((l) => l.text), ['starting migration offload by DCBM']);
  assert.match(seed.split('\n')[view.log[0]?.source?.line ?? -1] ?? '', /pr_info/);
  const done = patchCodeView('start_offloading', stepper.runToEnd());
  assert.equal(done.state, 'returned');
  assert.match(done.status, /returned 0 after \d+ statements/);
  session.dispose();
});

test('rendered as text only: a migrator name holding markup stays inert, buttons reveal and step', async () => {
  const text = seed.replace('> + pr_info("starting migration offload by %s\\n", m->name);', `> + pr_info("starting migration offload by %s ${hostile}\\n", m->name);`);
  const session = openPatchSession(text, 'x.txt', await nodeCParser());
  const stepper = session.step('start_offloading');
  const doc = installFakeDocument(['patch-code-controls', 'patch-code']);
  const calls: string[] = [];
  const hooks = {
    toggle: (on: boolean) => calls.push(`toggle ${on}`),
    step: () => calls.push('step'),
    runToEnd: () => calls.push('run'),
    restart: (fn: string) => calls.push(`restart ${fn}`),
    reveal: (s: { line: number }) => calls.push(`reveal ${s.line}`),
  };
  const controls = doc.getElementById('patch-code-controls') as FakeNode;
  renderPatchCodeControls(controls as unknown as HTMLElement, session.functions().map((f) => f.name), true, hooks);
  const container = doc.getElementById('patch-code') as FakeNode;
  renderPatchCode(container as unknown as HTMLElement, patchCodeView('start_offloading', stepper.runToEnd()), hooks);
  assert.ok(container.textContent.includes(`starting migration offload by DCBM ${hostile}`));
  assert.ok(![...container.walk()].some((n) => n.nodeName === 'IMG'), 'no element was created from the text');
  const buttons = [...container.walk()].filter((n) => n.nodeName === 'BUTTON');
  buttons[0]?.click();
  assert.match(calls[0] ?? '', /^reveal \d+$/);
  const controlButtons = [...controls.walk()].filter((n) => n.nodeName === 'BUTTON');
  controlButtons.forEach((b) => b.click());
  assert.deepEqual(calls.slice(1), ['restart start_offloading', 'step', 'run']);
  session.dispose();
});
