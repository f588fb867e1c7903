import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulate } from '../../src/cli/commands/simulate';
import { applyFirstFix, findingsOf } from '../review/helpers';
import { scratchDir } from '../scratchDir';

const patchPath = new URL('../../examples/migrate_offc.patch', import.meta.url).pathname;

async function simulate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runSimulate(args, { out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => Buffer.alloc(0) });
  return { code, out, err };
}

type Run = { verdict: string; violations: { invariant: string }[]; log: string[]; stats: { bytes: number; throughputGBps: number } };

test('after terse-identifier renames offc in the patch (struct member, update function, flag), --use-patch-code runs it the same', async () => {
  const patch = readFileSync(patchPath, 'utf8');
  const [finding] = await findingsOf('terse-identifier', patch);
  const renamed = applyFirstFix(patch, finding);
  assert.ok(renamed.includes('int (*migrate_offload_copy)(') && renamed.includes('int offload_copy_update_migrator(struct migrator *mig)')
    && renamed.includes('atomic_t dispatch_to_offload_copy'), 'the rename reached the declarations the run depends on');
  const file = join(scratchDir('renamed-'), 'renamed.patch');
  writeFileSync(file, renamed);
  for (const scenario of ['plain', 'stop-by-inactive', 'unload-during-copy']) {
    const args = ['--scenario', scenario, '--json', '--count', '16', '--use-patch-code'];
    const before = JSON.parse((await simulate([...args, patchPath])).out) as Run;
    const after = await simulate([...args, file]);
    assert.equal(after.err, '', `${scenario}: ${after.err}`);
    const run = JSON.parse(after.out) as Run;
    assert.equal(run.verdict, before.verdict, scenario);
    assert.deepEqual(run.violations.map((v) => v.invariant), before.violations.map((v) => v.invariant), scenario);
    assert.deepEqual(run.stats.bytes, before.stats.bytes, scenario);
    assert.deepEqual(run.log, before.log, scenario);
  }
});
