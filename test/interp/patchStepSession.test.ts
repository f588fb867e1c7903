import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_PATCH_CODE_CHARS, PatchStepSession, type PatchStepOutcome } from '../../src/core/interp/patchStepSession';
import { checkStepSnapshot } from '../../src/shared/patchCodeProtocol';
import { MAX_PATCH_CODE_FOLIOS, plannedFolios, startPatchCodeSimulation } from '../../src/core/interp/patchCodeSimulation';
import { nodeCParser } from '../../src/node/assets';

const seed = readFileSync(new URL('../../examples/seed-reply.txt', import.meta.url), 'utf8');
const doc = (text: string, version = 1, fileName = 'seed-reply.txt') => ({ text, fileName, version });

test('the host session lists the functions with their document lines and the unresolved calls', async () => {
  const session = new PatchStepSession(await nodeCParser());
  const info = session.functions(doc(seed));
  assert.equal(info.error, null);
  assert.deepEqual(info.functions.map((f) => f.name), ['start_offloading', 'stop_offloading']);
  const start = info.functions[0]?.docLine ?? -1;
  assert.match(seed.split('\n')[start] ?? '', /start_offloading/);
  assert.deepEqual(info.unresolved, []);
  assert.deepEqual(JSON.parse(JSON.stringify(info)), info, 'plain JSON');
  session.dispose();
});

test('restart, step and run drive one stepper; snapshots are plain JSON the panel accepts', async () => {
  const session = new PatchStepSession(await nodeCParser());
  const request = { function: 'start_offloading', migrator: 'mtcopy' } as const;
  const fresh = session.act(doc(seed), { ...request, action: 'restart' });
  assert.equal(fresh.error, null);
  assert.equal(fresh.snapshot?.steps, 0);
  let last: PatchStepOutcome = fresh;
  for (let i = 0; i < 4; i++) last = session.act(doc(seed), { ...request, action: 'step' });
  assert.equal(last.snapshot?.steps, 4, 'the steps continued the same stepper');
  assert.deepEqual(last.snapshot?.log.map((l) => l.text), ['starting migration offload by CPU_MT_COPY']);
  assert.match(seed.split('\n')[last.snapshot?.log[0]?.loc?.docLine ?? -1] ?? '', /pr_info\("starting/);
  assert.ok(last.snapshot?.frames[0]?.locals.some((l) => l.name === 'err'));
  const end = session.act(doc(seed), { ...request, action: 'run' });
  assert.equal(end.snapshot?.done, true);
  assert.equal(end.snapshot?.result, '0');
  const checked = checkStepSnapshot(JSON.parse(JSON.stringify(end.snapshot)));
  assert.ok(checked.ok, checked.ok ? '' : checked.error);
  assert.deepEqual(JSON.parse(JSON.stringify(checked.value)), JSON.parse(JSON.stringify(end.snapshot)));
  const again = session.act(doc(seed), { ...request, action: 'restart' });
  assert.equal(again.snapshot?.steps, 0, 'restart starts over');
  session.dispose();
});

test('an edited document is reloaded: the next step runs the edited code', async () => {
  const session = new PatchStepSession(await nodeCParser());
  const request = { function: 'start_offloading', migrator: 'dcbm', action: 'run' } as const;
  assert.deepEqual(session.act(doc(seed), request).snapshot?.log.map((l) => l.text)[0], 'starting migration offload by DCBM');
  const edited = seed.replace('starting migration offload by %s', 'now offloading with %s');
  const after = session.act(doc(edited, 2), request);
  assert.equal(after.snapshot?.log[0]?.text, 'now offloading with DCBM');
  assert.equal(after.snapshot?.done, true);
  session.dispose();
});

test('bad input answers with one line, never throws', async () => {
  const session = new PatchStepSession(await nodeCParser());
  const request = { function: 'start_offloading', migrator: 'dcbm', action: 'step' } as const;
  const empty = session.act(doc('', 1, 'empty.txt'), request);
  assert.equal(empty.snapshot, null);
  assert.match(empty.error ?? '', /^empty\.txt: no C source/);
  assert.match(session.functions(doc('', 1, 'empty.txt')).error ?? '', /no C source/);
  const missing = session.act(doc(seed), { ...request, function: 'nope' });
  assert.match(missing.error ?? '', /^nope\(\): the patch defines no function nope\(\)$/);
  const huge = session.act(doc('x'.repeat(MAX_PATCH_CODE_CHARS + 1), 1, 'huge.c'), request);
  assert.match(huge.error ?? '', /larger than 2 MiB/);
  const binary = session.functions(doc('\u0000\u0001\u0002binary', 1, 'blob.bin'));
  assert.equal(typeof binary.error, 'string');
  assert.ok(!(binary.error ?? '').includes('\n'));
  session.dispose();
});

test('a "Use the patch\'s code" simulation runs in slices and prints what the patch\'s C prints', async () => {
  const parser = await nodeCParser();
  const config = { scenario: 'stop-by-inactive', protocol: 'v3', provider: 'mtcopy', count: 64, seed: 1 } as const;
  const run = startPatchCodeSimulation(seed, 'seed-reply.txt', parser, config);
  while (!run.slice());
  const result = JSON.parse(JSON.stringify(run.result())) as ReturnType<typeof run.result>;
  run.dispose();
  assert.ok(result.provenance.some((p) => p.what === 'migrator protocol' && p.from === 'document'));
  assert.ok(result.log.some((line) => line.includes('stopping migration offload by CPU_MT_COPY')), 'the seed\'s own pr_info');
  assert.throws(() => startPatchCodeSimulation(seed, 'seed-reply.txt', parser, { ...config, count: MAX_PATCH_CODE_FOLIOS + 1 }), /at most 4096 folios/);
  assert.equal(plannedFolios({ ...config, count: undefined, totalBytes: 64 * 1024 * 1024, folioSizes: [{ bytes: 2 * 1024 * 1024, weight: 1 }] }), 32);
  assert.throws(() => startPatchCodeSimulation('int x;\n', 'plain.c', parser, config), /nothing to run/);
});
