// The runner against small Perl scripts of our own that behave like a slow, broken or chatty checkpatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCheckpatch } from '../../src/node/checkpatchRunner';
import { locateCheckpatch } from '../../src/node/checkpatchLocate';
import { scratchDir } from '../scratchDir';

const hasPerl = spawnSync('perl', ['-v']).status === 0;
const dir = scratchDir('checkpatch-runner-test-');
const script = (name: string, body: string) => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
};
const patchInput = { mode: 'patch' as const, text: 'diff --git a/x b/x\n', docLines: [0] };

test('arguments reach perl as an argument vector and the patch arrives on stdin', { skip: !hasPerl && 'perl is not installed' }, async () => {
  const echo = script('echo.pl', 'my $in = do { local $/; <STDIN> }; print join("|", @ARGV), "\\n", $in; exit 1;');
  const result = await runCheckpatch(patchInput, { scriptPath: echo, strict: true });
  assert.ok(result.ok);
  assert.equal(result.output, '--no-tree|--show-types|--color=never|--strict|-\ndiff --git a/x b/x\n');
  const file = await runCheckpatch({ mode: 'file', text: 'int x;\n', docLines: [0], fileName: 'a;rm -rf x.c' }, { scriptPath: echo });
  assert.ok(file.ok);
  assert.match(file.output, /^--no-tree\|--show-types\|--color=never\|--file\|a;rm -rf x\.c\n$/, 'a name is one argument, never shell text');
});

test('a checkpatch that hangs is stopped at the time limit', { skip: !hasPerl && 'perl is not installed' }, async () => {
  const sleeper = script('sleep.pl', 'sleep 30;');
  const result = await runCheckpatch(patchInput, { scriptPath: sleeper, timeoutMs: 300 });
  assert.deepEqual(result, { ok: false, message: 'checkpatch.pl took longer than 300 ms and was stopped' });
});

test('a run is cancelled through its AbortSignal', { skip: !hasPerl && 'perl is not installed' }, async () => {
  const sleeper = script('sleep2.pl', 'sleep 30;');
  const controller = new AbortController();
  const running = runCheckpatch(patchInput, { scriptPath: sleeper, signal: controller.signal, timeoutMs: 20_000 });
  setTimeout(() => controller.abort(), 100);
  assert.deepEqual(await running, { ok: false, message: 'checkpatch.pl run cancelled', cancelled: true });
});

test('a missing script, a missing perl and a crashing script each give one clear message', async () => {
  const missing = await runCheckpatch(patchInput, { scriptPath: join(dir, 'nope.pl') });
  assert.deepEqual(missing, { ok: false, message: `checkpatch.pl not found at ${join(dir, 'nope.pl')}` });
  const anyScript = script('ok.pl', 'exit 0;');
  const noPerl = await runCheckpatch(patchInput, { scriptPath: anyScript, perl: join(dir, 'no-such-perl') });
  assert.equal(noPerl.ok, false);
  assert.match(!noPerl.ok ? noPerl.message : '', /no-such-perl was not found: checkpatch.pl needs Perl/);
  if (hasPerl) {
    const crash = await runCheckpatch(patchInput, { scriptPath: script('crash.pl', 'die "cannot read spelling.txt\\n";') });
    assert.deepEqual(crash, { ok: false, message: 'checkpatch.pl failed (exit 255): cannot read spelling.txt' });
  }
});

test('checkpatch is found in a kernel tree or at the configured path', () => {
  const tree = scratchDir('kernel-tree-');
  spawnSync('mkdir', ['-p', join(tree, 'scripts')]);
  assert.equal(locateCheckpatch([tree]), undefined);
  writeFileSync(join(tree, 'scripts', 'checkpatch.pl'), '# stand-in\n');
  assert.equal(locateCheckpatch([dir, tree]), join(tree, 'scripts', 'checkpatch.pl'));
  assert.equal(locateCheckpatch([tree], 'scripts/checkpatch.pl'), join(tree, 'scripts', 'checkpatch.pl'));
  assert.equal(locateCheckpatch([tree], join(dir, 'missing.pl')), undefined, 'a configured path that is not there is not replaced by a guess');
});
