import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulate } from '../../src/cli/commands/simulate';
import { scratchDir } from '../scratchDir';

const seedPath = new URL('../../examples/seed-reply.txt', import.meta.url).pathname;

async function simulate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runSimulate(args, { out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => Buffer.alloc(0) });
  return { code, out, err };
}

test('simulate --use-patch-code: the JSON log lines are the ones the patch prints, and follow an edit', async () => {
  const seedRun = await simulate(['--scenario', 'stop-by-inactive', '--use-patch-code', seedPath, '--json', '--count', '8']);
  const seed = JSON.parse(seedRun.out) as { log: string[]; verdict: string; provenance: { what: string; value: string }[] };
  assert.equal(seedRun.code, 1);
  assert.ok(seed.log.some((l) => l.endsWith('] stopping migration offload by CPU_MT_COPY')));
  assert.ok(seed.provenance.some((p) => p.what === 'migrator protocol' && p.value === 'patch'));

  const dir = scratchDir('interp-cli-');
  const edited = join(dir, 'edited.txt');
  writeFileSync(edited, readFileSync(seedPath, 'utf8')
    .replace('> +int stop_offloading(void)', '> +int stop_offloading(struct migrator *m)')
    .replace('> + pr_info("stopping migration offload by %s\\n", migrator.name);', '> + pr_info("stopping migration offload by %s\\n", m->name);'));
  const editedRun = JSON.parse((await simulate(['--scenario', 'stop-by-inactive', '--use-patch-code', edited, '--json', '--count', '8'])).out) as { log: string[] };
  assert.ok(editedRun.log.some((l) => l.endsWith('] stopping migration offload by DCBM')));
  assert.ok(!editedRun.log.some((l) => l.endsWith('stopping migration offload by CPU_MT_COPY')));
});

test('simulate --use-patch-code with an unreadable or empty file fails with a one-line reason', async () => {
  const dir = scratchDir('interp-cli-');
  const empty = join(dir, 'empty.c');
  writeFileSync(empty, '');
  await assert.rejects(simulate(['--scenario', 'plain', '--use-patch-code', empty]), /--use-patch-code: empty\.c: no C source/);
  await assert.rejects(simulate(['--scenario', 'plain', '--use-patch-code', join(dir, 'missing.c')]), /--use-patch-code: cannot read/);
});

test('each printed line is also an event carrying the document line of the pr_*() that printed it', async () => {
  const run = JSON.parse((await simulate(['--scenario', 'plain', '--use-patch-code', seedPath, '--json', '--count', '4'])).out) as { events: { kind: string; detail: string; source?: { path: string; line: number } }[] };
  const printed = run.events.filter((e) => e.kind === 'pr_info');
  assert.deepEqual(printed.map((e) => e.detail), ['starting migration offload by DCBM']);
  assert.equal(printed[0]?.source?.path, 'mm/migrate_offc.c');
  assert.match(readFileSync(seedPath, 'utf8').split('\n')[printed[0]?.source?.line ?? -1] ?? '', /pr_info\("starting/);
});
