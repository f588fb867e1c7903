import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDocument } from '../../src/core/patch';
import { loadPatchProgram } from '../../src/core/interp/program';
import { PatchRuntime } from '../../src/core/interp/runtime/patchRuntime';
import { patchProtocol } from '../../src/core/interp/runtime/patchProtocol';
import { runCall } from '../../src/core/interp/runtime/runCall';
import { KernelModel, runScenario } from '../../src/core/sim';
import { nodeCParser } from '../../src/node/assets';

const seed = readFileSync(new URL('../../examples/seed-reply.txt', import.meta.url), 'utf8');

/** The reviewer's edit: stop_offloading() takes the caller's migrator and names it. */
const edited = seed
  .replace('> +int stop_offloading(void)', '> +int stop_offloading(struct migrator *m)')
  .replace('> + pr_info("stopping migration offload by %s\\n", migrator.name);', '> + pr_info("stopping migration offload by %s\\n", m->name);');

/** A further edit: refuse to stop a provider that is not the active one. */
const refusing = edited.replace(
  '> + pr_info("stopping migration offload by %s\\n", m->name);',
  '> + pr_info("stopping migration offload by %s\\n", m->name);\n> + if (strcmp(m->name, migrator.name))\n> + return -EBUSY;',
);

async function programOf(text: string) {
  const doc = parseDocument(text, 'seed-reply.txt');
  return { doc, program: loadPatchProgram(doc.units, await nodeCParser()) };
}

test('the seed patch loads: its functions, its initializer and its exports', async () => {
  const { program } = await programOf(seed);
  assert.deepEqual([...program.functions.keys()], ['start_offloading', 'stop_offloading']);
  assert.ok(program.globals.has('migrator'));
  assert.deepEqual(program.registrations.map((r) => `${r.macro}(${r.name})`), ['EXPORT_SYMBOL_GPL(start_offloading)', 'EXPORT_SYMBOL_GPL(stop_offloading)']);
  assert.deepEqual(program.notes, []);
});

test("the seed's start/stop run as written and print their own messages at their own lines", async () => {
  const { doc, program } = await programOf(seed);
  const rt = new PatchRuntime(program, new KernelModel(1));
  const dcbm = rt.migratorObject({ name: 'DCBM', kind: 'dcbm', owner: rt.k.module('dcbm'), running: 0, copy: () => { throw new Error('no copy'); } });
  assert.equal(runCall(rt, 'stop_offloading', []).value.k, 'int');
  assert.equal(runCall(rt, 'start_offloading', [dcbm]).value.k, 'int');
  assert.equal(rt.k.module('dcbm').refcount, 1, 'offc_update_migrator (the model) pinned the owner');
  runCall(rt, 'stop_offloading', []);
  assert.equal(rt.k.module('dcbm').refcount, 0);
  const lines = rt.interp.log.map((l) => l.text);
  assert.deepEqual(lines, ['stopping migration offload by kernel', 'starting migration offload by DCBM', 'stopping migration offload by DCBM']);
  const start = rt.interp.log[1];
  assert.equal(start?.loc?.path, 'mm/migrate_offc.c');
  assert.match(doc.docLines[start?.loc?.docLine ?? -1] ?? '', /pr_info\("starting migration offload by %s\\n", m->name\);/);
  const flag = rt.interp.globals.get('dispatch_to_offc');
  assert.ok(flag, 'dispatch_to_offc is provided by the model');
});

function stopByInactive(text: Parameters<typeof patchProtocol>[0]) {
  const handle = patchProtocol(text);
  const result = runScenario({ scenario: 'stop-by-inactive', protocol: 'v3', provider: 'dcbm', count: 16, seed: 1, protocolImpl: handle.factory });
  return { handle, result };
}

test('in the simulator, the seed names the active provider when dcbm stops; the edited patch names dcbm', async () => {
  const before = stopByInactive((await programOf(seed)).program);
  const after = stopByInactive((await programOf(edited)).program);
  const stopLine = (r: typeof before) => r.handle.log.find((l) => l.text.startsWith('stopping'))?.text;
  assert.equal(stopLine(before), 'stopping migration offload by CPU_MT_COPY');
  assert.equal(stopLine(after), 'stopping migration offload by DCBM');
  // The JSON log of the simulation carries the lines the C printed, not the model's built-in messages.
  assert.ok(before.result.log.some((l) => l.endsWith('] stopping migration offload by CPU_MT_COPY')));
  assert.ok(after.result.log.some((l) => l.endsWith('] stopping migration offload by DCBM')));
  assert.deepEqual(before.handle.errors, []);
  assert.deepEqual(after.handle.errors, []);
  // Both versions still call offc_update_migrator(NULL): the active provider (mtcopy) is what stops.
  assert.ok(before.result.violations.some((v) => v.invariant === 'stop-targets-caller'));
  assert.ok(after.result.violations.some((v) => v.invariant === 'stop-targets-caller'));
});

test('an edit that refuses to stop an inactive provider changes what the simulation does', async () => {
  const seedRun = stopByInactive((await programOf(seed)).program);
  const refusingRun = stopByInactive((await programOf(refusing)).program);
  assert.ok(seedRun.result.violations.some((v) => v.invariant === 'stop-targets-caller'));
  assert.ok(!refusingRun.result.violations.some((v) => v.invariant === 'stop-targets-caller'));
  assert.ok(refusingRun.result.log.some((l) => l.includes('batch') && l.includes('CPU_MT_COPY')), 'mtcopy keeps copying');
});
