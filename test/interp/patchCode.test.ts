import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPatchCode, patchCodeReport } from '../../src/core/interp/simulateWithPatchCode';
import { runScenario } from '../../src/core/sim';
import { nodeCParser } from '../../src/node/assets';

const seed = readFileSync(new URL('../../examples/seed-reply.txt', import.meta.url), 'utf8');

test('bad input gives a one-line reason: empty, binary, C without anything of the protocol', async () => {
  const parser = await nodeCParser();
  for (const [text, pattern] of [
    ['', /no C source/],
    ['\u0000\u0001\u0002binary\u0000', /no C source|not a patch/],
    ['int add(int a, int b) { return a + b; }\n', /no start_offloading/],
  ] as const) {
    assert.throws(() => loadPatchCode(text, 'input.c', parser), (e: unknown) => e instanceof Error && pattern.test(e.message) && !e.message.includes('\n'));
  }
});

test('the report lists what the C printed with document lines, and where it stopped', async () => {
  const run = loadPatchCode(seed, 'seed-reply.txt', await nodeCParser());
  const result = runScenario({ scenario: 'stop-by-inactive', protocol: 'v3', provider: 'dcbm', count: 8, protocolImpl: run.factory });
  const report = patchCodeReport(run);
  assert.deepEqual(report.functions, ['start_offloading', 'stop_offloading']);
  assert.deepEqual(report.log.map((l) => l.text), ['starting migration offload by DCBM', 'starting migration offload by CPU_MT_COPY', 'stopping migration offload by CPU_MT_COPY']);
  const docLines = seed.split('\n');
  for (const line of report.log) assert.match(docLines[(line.docLine ?? 0) - 1] ?? '', /pr_info/);
  assert.deepEqual(report.errors, []);
  assert.ok(result.log.some((l) => l.endsWith('stopping migration offload by CPU_MT_COPY')));
  assert.ok(report.notes.some((n) => /cut/.test(n)), 'the reader notes the cut hunk');
});

test('undefined behaviour in the patch during a simulation becomes a violation naming the C line', async () => {
  const broken = seed.replace('> + err = offc_update_migrator(m);', '> + err = offc_update_migrator(m);\n> + m = NULL;\n> + err = m->name[0] - m->name[0];');
  const run = loadPatchCode(broken, 'broken.txt', await nodeCParser());
  const result = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', count: 4, protocolImpl: run.factory });
  const report = patchCodeReport(run);
  assert.equal(report.errors[0]?.kind, 'null-dereference');
  assert.match(report.errors[0]?.at ?? '', /^mm\/migrate_offc\.c:\d+$/);
  assert.ok(result.violations.some((v) => v.invariant === 'c-undefined-behaviour'));
});

test('a global initializer with undefined behaviour is reported when the file is loaded', async () => {
  const parser = await nodeCParser();
  assert.throws(() => loadPatchCode('int zero = 0;\nint bad = 1 / 0;\nint start_offloading(struct migrator *m) { return 0; }\n', 'bad.c', parser),
    (e: unknown) => e instanceof Error && /^bad\.c: bad\.c:2: division-by-zero/.test(e.message));
});
