import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReview } from '../../src/cli/commands/review';
import { allRules } from '../../src/core/review/rules';
import { UsageError, type CliIo } from '../../src/cli/io';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixturePath } from '../review/helpers';
import { scratchDir } from '../scratchDir';

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the command in-process the way src/cli/main.ts does, usage errors included. */
async function run(args: string[], stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), readStdin: async () => Buffer.from(stdin) };
  try {
    return { code: await runReview(args, io), out, err };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, out, err: err + `offload-review: ${error.message}\n` };
  }
}

const seed = fixturePath('seed-reply.txt');
const scratch = scratchDir('offload-review-');
function scratchFile(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

test('text output is gcc style, 1-based, and exits 1 on findings', async () => {
  const { code, out } = await run([seed]);
  assert.equal(code, 1);
  const lines = out.trimEnd().split('\n');
  for (const line of lines) assert.match(line, /^.+:\d+:\d+: (error|warning|note): .+ \[[a-z-]+\]$/);
  assert.ok(lines.includes(`${seed}:41:5: warning: '.owner = NULL' is redundant: members left out of a brace initializer are already zero [redundant-initializer]`));
  assert.ok(lines.some((line) => line.startsWith(`${seed}:39:6: warning: 'offc' in migrate_offc, offc_update_migrator, dispatch_to_offc`)));
  assert.ok(lines.some((line) => line.startsWith(`${seed}:55:52: note: pr_err()`)));
});

test('json carries the contract fields with 1-based positions and the post-image line', async () => {
  const { code, out } = await run(['--format', 'json', '--rules', 'redundant-initializer,terse-identifier', seed]);
  assert.equal(code, 1);
  const { findings } = JSON.parse(out) as { findings: Record<string, unknown>[] };
  assert.deepEqual(findings.map((finding) => finding.rule), ['terse-identifier', 'redundant-initializer']);
  assert.deepEqual(findings[1], {
    rule: 'redundant-initializer', severity: 'warning', file: seed, line: 41, column: 5, endLine: 41, endColumn: 18,
    message: "'.owner = NULL' is redundant: members left out of a brace initializer are already zero",
    sourcePath: 'mm/migrate_offc.c',
  }, 'the reviewer cut the top of the quoted hunk: which post-image line this is cannot be known');
  assert.equal(findings[0]!.suggestion, 'migrate_offload_copy');
  const sent = await run(['--format', 'json', '--rules', 'redundant-initializer', 'examples/migrate_offc.patch']);
  const owner = (JSON.parse(sent.out) as { findings: Record<string, unknown>[] }).findings.find((f) => String(f.message).startsWith("'.owner = NULL'"));
  assert.deepEqual([owner?.sourcePath, owner?.sourceLine], ['mm/migrate_offc.c', 23], 'the patch as sent holds the whole hunk: line 23 of the new file');
});

test('sarif is SARIF 2.1.0 with rule descriptors and located results', async () => {
  const { code, out } = await run(['--format=sarif', seed]);
  assert.equal(code, 1);
  const sarif = JSON.parse(out);
  assert.equal(sarif.version, '2.1.0');
  const [runLog] = sarif.runs;
  assert.equal(runLog.tool.driver.name, 'offload-review');
  assert.deepEqual(runLog.tool.driver.rules.map((rule: { id: string }) => rule.id), (await nodeReviewEngine()).rules.map((rule) => rule.id));
  for (const rule of runLog.tool.driver.rules) assert.ok(rule.id && rule.shortDescription.text && rule.help.markdown);
  const owner = runLog.results.find((result: { ruleId: string }) => result.ruleId === 'redundant-initializer');
  assert.deepEqual(owner.locations[0].physicalLocation.region, { startLine: 41, startColumn: 5, endLine: 41, endColumn: 18 });
  assert.equal(runLog.tool.driver.rules[owner.ruleIndex].id, 'redundant-initializer');
  assert.equal(owner.level, 'warning');
});

test('sarif carries every rule\'s quick fixes as replacements a script can apply', async () => {
  const { out } = await run(['--format=sarif', seed]);
  const [runLog] = JSON.parse(out).runs;
  type Replacement = { deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } };
  type Result = { ruleId: string; fixes?: { description: { text: string }; artifactChanges: { replacements: Replacement[] }[] }[] };
  const fixed = new Set((runLog.results as Result[]).filter((result) => result.fixes?.length).map((result) => result.ruleId));
  // The rules that offer a fix on the seed: the deletion of `.owner = NULL,`, %pe for the error code. The reply declares
  // none of the offc names (a rename there would not build); the patch as sent declares them, and its SARIF has the rename.
  for (const rule of ['redundant-initializer', 'errno-format']) assert.ok(fixed.has(rule), `${rule} has its fix in SARIF`);
  const sent = JSON.parse((await run(['--format=sarif', 'examples/migrate_offc.patch'])).out).runs[0].results as Result[];
  assert.ok(sent.some((result) => result.ruleId === 'terse-identifier' && result.fixes?.length), 'terse-identifier has its rename in SARIF');
  const lines = readFileSync(seed, 'utf8').split('\n');
  const owner = (runLog.results as Result[]).find((result) => result.ruleId === 'redundant-initializer')!;
  const replacements = owner.fixes![0]!.artifactChanges[0]!.replacements;
  assert.ok(replacements.length > 0);
  for (const { deletedRegion } of replacements) assert.ok(deletedRegion.startLine >= 1 && deletedRegion.startLine <= lines.length);
  assert.ok(replacements.some(({ deletedRegion, insertedContent }) => insertedContent.text === ''
    && lines[deletedRegion.startLine - 1]!.includes('.owner = NULL')), 'the fix removes the .owner line');
});

test('a clean file exits 0 with no output; stdin is read with -', async () => {
  const clean = scratchFile('clean.c', '// SPDX-License-Identifier: GPL-2.0\nstatic int users;\n\nint f(void)\n{\n\treturn users;\n}\n');
  assert.deepEqual(await run([clean]), { code: 0, out: '', err: '' });
  const piped = await run(['-'], 'static int users = 0;\n');
  assert.equal(piped.code, 1);
  assert.match(piped.out, /^<stdin>:1:17: warning: .* \[redundant-initializer\]/m);
});

test('unreadable input exits 2 with a one-line reason and no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [[join(scratch, 'missing.patch')], /missing\.patch does not exist/],
    [[scratch], /is a directory/],
    [[scratchFile('empty.patch', '')], /empty\.patch is empty/],
    [[scratchFile('blank.c', '\n  \n')], /blank\.c is empty/],
    [[scratchFile('binary.bin', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]))], /binary\.bin is binary/],
    [[scratchFile('latin1.c', new Uint8Array([0x69, 0x6e, 0x74, 0x20, 0xe9, 0x3b, 0x0a]))], /latin1\.c is not UTF-8 text/],
    [[scratchFile('notes.txt', 'Dear all,\nthe meeting moves to Tuesday.\n')], /notes\.txt is neither a patch nor C source/],
    [[scratchFile('huge.c', Buffer.alloc(32 * 1024 * 1024 + 1, 'a'))], /huge\.c is too large \(32\.0 MiB; the limit is 32 MiB\)/],
  ];
  for (const [args, reason] of cases) {
    const { code, err } = await run(args);
    assert.equal(code, 2, args[0]);
    assert.match(err, reason);
    assert.equal(err.trimEnd().split('\n').length, 1, err);
    assert.doesNotMatch(err, /\n\s+at /);
  }
});

test('bad usage exits 2: unknown option, format or rule, no files', async () => {
  for (const [args, reason] of [
    [['--frobnicate', seed], /unknown option --frobnicate/],
    [['--format', 'xml', seed], /unknown format 'xml'/],
    [['--rules', 'no-such-rule', seed], /unknown rule 'no-such-rule'/],
    [['--format'], /--format needs a value/],
    [[], /no input files/],
  ] as [string[], RegExp][]) {
    const { code, err } = await run(args);
    assert.equal(code, 2, args.join(' '));
    assert.match(err, reason);
  }
});

test('--help lists the options and every rule id', async () => {
  const { code, out } = await run(['--help']);
  assert.equal(code, 0);
  assert.match(out, /usage: offload-review \[--format text\|json\|sarif(\|[a-z0-9]+)*\] \[--rules a,b\] FILE\.\.\./);
  for (const id of allRules.map((rule) => rule.id)) {
    assert.ok(out.includes(id), id);
  }
});

test('the built CLI (dist/cli.cjs) gives the same text and exit codes', { skip: !existsSync('dist/cli.cjs') && 'run npm run build first' }, async () => {
  const built = spawnSync(process.execPath, ['dist/cli.cjs', seed], { encoding: 'utf8' });
  assert.equal(built.status, 1);
  assert.equal(built.stdout, (await run([seed])).out);
  const missing = spawnSync(process.execPath, ['dist/cli.cjs', join(scratch, 'nope.c')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `offload-review: ${join(scratch, 'nope.c')} does not exist\n`);
  const usage = spawnSync(process.execPath, ['dist/cli.cjs', '--format', 'xml', seed], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^offload-review: unknown format 'xml'/);
});
