import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPatchSession } from '../../src/core/interp/patchSession';
import { nodeCParser } from '../../src/node/assets';

const seed = readFileSync(new URL('../../examples/seed-reply.txt', import.meta.url), 'utf8');

test('stepping start_offloading: one statement at a time, document lines, locals, log as it happens', async () => {
  const session = openPatchSession(seed, 'seed-reply.txt', await nodeCParser());
  const docLines = seed.split('\n');
  assert.deepEqual(session.functions().map((f) => [f.name, f.params.join(', ')]), [['start_offloading', 'struct migrator *'], ['stop_offloading', '']]);
  const stepper = session.step('start_offloading', { migrator: 'mtcopy' });
  const first = stepper.step();
  assert.match(docLines[first.loc?.docLine ?? -1] ?? '', /int old = 0;/);
  assert.equal(first.frames[0]?.function, 'start_offloading');
  assert.deepEqual(first.frames[0]?.locals.map((l) => l.name), ['m']);
  const second = stepper.step();
  assert.match(docLines[second.loc?.docLine ?? -1] ?? '', /int err;/);
  assert.deepEqual(second.frames[0]?.locals.find((l) => l.name === 'old'), { name: 'old', type: 'int', value: '0' });
  const third = stepper.step();
  assert.match(docLines[third.loc?.docLine ?? -1] ?? '', /pr_info\("starting/);
  assert.equal(third.frames[0]?.locals.find((l) => l.name === 'err')?.value, '<uninitialized>');
  assert.equal(third.log.length, 0, 'the pr_info has not run yet');
  const fourth = stepper.step();
  assert.deepEqual(fourth.log.map((l) => l.text), ['starting migration offload by CPU_MT_COPY']);
  const end = stepper.runToEnd();
  assert.equal(end.done, true);
  assert.equal(end.result, '0');
  assert.ok(end.elapsedNs > 0, 'offc_update_migrator waited for a grace period in virtual time');
  assert.equal(end.error, undefined);
  session.dispose();
});

test('the stepper stops with the error and its line when the code hits undefined behaviour', async () => {
  const broken = seed.replace('> + pr_info("starting migration offload by %s\\n", m->name);', '> + m = NULL;\n> + pr_info("starting migration offload by %s\\n", m->name);');
  const session = openPatchSession(broken, 'broken.txt', await nodeCParser());
  const end = session.step('start_offloading').runToEnd();
  assert.equal(end.done, true);
  assert.equal(end.error?.kind, 'null-dereference');
  assert.match(broken.split('\n')[end.error?.loc?.docLine ?? -1] ?? '', /pr_info\("starting/);
  session.dispose();
});

test('unknown calls are listed before running; a stub lets the run continue', async () => {
  const text = seed.replace('> + err = offc_update_migrator(m);', '> + err = offc_register(m);');
  const session = openPatchSession(text, 'x.txt', await nodeCParser());
  assert.deepEqual(session.unresolved().map((u) => [u.name, u.caller]), [['offc_register', 'start_offloading']]);
  assert.equal(session.step('start_offloading').runToEnd().error?.kind, 'unknown-function');
  const stubbed = session.step('start_offloading', { stubs: { offc_register: -19 } }).runToEnd();
  assert.equal(stubbed.result, '-19');
  assert.deepEqual(stubbed.log.map((l) => l.text), ['starting migration offload by DCBM', 'could not hand migration copies to DCBM: -19']);
  session.dispose();
});
