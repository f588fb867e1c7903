import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpatchDocument, checkpatchInputs, dedupeCheckpatch, type CheckpatchRun } from '../../src/core/checkpatch';
import type { Finding } from '../../src/core/review/finding';
import { fixture, lineOf, parse } from '../reply/helpers';

const patch = parse(fixture('reply', 'offc-5of9.patch'), 'offc.patch');
const seed = parse(fixture('reply', 'seed-reply.txt'), 'seed.txt');

/** A runner that answers with a saved checkpatch output and records what it was fed. */
function replay(output: string, fed: string[] = []): CheckpatchRun {
  return async (input) => {
    fed.push(input.text);
    return { ok: true, output };
  };
}

test('a format-patch is fed as is: checkpatch lines are document lines', async () => {
  const fed: string[] = [];
  const result = await checkpatchDocument(patch, replay(fixture('checkpatch', 'patch-strict-stdin.txt'), fed));
  assert.deepEqual(fed[0]!.split('\n').slice(0, 110), patch.docLines.slice(0, 110));
  assert.deepEqual(result.findings.map((f) => [f.type, patch.docLines[f.range.start.line]]), [
    ['CONFIG_DESCRIPTION', '+config OFFC_MIGRATION'],
    ['FILE_PATH_CHANGES', 'new file mode 100644'],
    ['SPDX_LICENSE_TAG', '+'],
    ['UNCOMMENTED_DEFINITION', '+DEFINE_MUTEX(migrator_mut);'],
    ['INITIALISED_STATIC', '+static int offc_count = 0;'],
  ]);
  const initialised = result.findings[4]!;
  assert.deepEqual([initialised.severity, initialised.sourcePath, initialised.sourceLine], ['error', 'mm/migrate_offc.c', 57]);
  assert.equal(result.findings[3]!.severity, 'info', 'CHECK is informational');
});

test('a quoted patch is fed unquoted without the replier\'s lines, and maps back through the quote', () => {
  const [input] = checkpatchInputs(seed);
  assert.equal(input!.mode, 'patch');
  const lines = input!.text.split('\n');
  assert.ok(lines.includes('+ .owner = NULL,'));
  assert.ok(!lines.some((l) => l.startsWith('>')));
  assert.ok(!lines.some((l) => l.includes('Small thing')), 'the reviewer\'s remark is not part of the patch');
  const owner = lines.indexOf('+ .owner = NULL,');
  assert.equal(input!.docLines[owner], lineOf(seed, '.owner = NULL'));
});

test('tab damage a mail client did to a quoted patch is not reported', async () => {
  const output = 'CHECK:PARENTHESIS_ALIGNMENT: Alignment should match open parenthesis\n#45: FILE: mm/migrate_offc.c:20:\n+ m->name, err);\n\n'
    + 'WARNING:LEADING_SPACE: please, no spaces at the start of a line\n#29: FILE: mm/migrate_offc.c:4:\n+ .name = "kernel",\n\n'
    + 'total: 0 errors, 1 warnings, 1 checks, 50 lines checked\n';
  const result = await checkpatchDocument(seed, replay(output));
  assert.deepEqual(result.findings, []);
  const plain = await checkpatchDocument(patch, replay(output));
  assert.equal(plain.findings.length, 2, 'the same reports on a patch as sent are kept');
});

test('a C file is checked with --file under a safe name; lines are file lines', async () => {
  const c = parse('\nstatic int x = 0;\n', 'weird name$(x).c');
  const [input] = checkpatchInputs(c, '/tmp/weird name$(x).c');
  assert.equal(input!.mode, 'file');
  assert.match(input!.fileName!, /^[A-Za-z0-9._-]+\.c$/);
  const result = await checkpatchDocument(c, replay('ERROR:INITIALISED_STATIC: do not initialise statics to 0\n#2: FILE: x.c:2:\n+static int x = 0;\n\ntotal: 1 errors, 0 warnings, 2 lines checked\n'));
  assert.equal(result.findings[0]!.range.start.line, 1);
});

test('a failing or silent checkpatch gives one message and no findings', async () => {
  const failed = await checkpatchDocument(patch, async () => ({ ok: false, message: 'perl was not found: checkpatch.pl needs Perl' }));
  assert.deepEqual(failed, { findings: [], failure: 'perl was not found: checkpatch.pl needs Perl', cancelled: undefined });
  const silent = await checkpatchDocument(patch, replay("Global symbol \"$x\" requires explicit package name at checkpatch.pl line 3.\n"));
  assert.match(silent.failure!, /^checkpatch.pl gave no report: Global symbol/);
});

function ours(rule: string, line: number, sourcePath?: string, sourceLine?: number): Finding {
  return { rule, severity: 'warning', message: 'm', range: { start: { line, column: 0 }, end: { line, column: 5 } }, sourcePath, sourceLine };
}

test('dedupe: a checkpatch report our rule makes on the same line goes; others stay', async () => {
  const { findings } = await checkpatchDocument(patch, replay(fixture('checkpatch', 'patch-strict-stdin.txt')));
  const rules = [
    { id: 'redundant-initializer', checkpatchTypes: ['INITIALISED_STATIC', 'GLOBAL_INITIALISERS'] },
    { id: 'missing-spdx', checkpatchTypes: ['SPDX_LICENSE_TAG'] },
  ];
  const staticLine = lineOf(patch, 'static int offc_count');
  const result = dedupeCheckpatch([
    ours('redundant-initializer', staticLine),
    // Ours reports SPDX on another document line but the same line of the same file.
    ours('missing-spdx', lineOf(patch, '+++ b/mm/migrate_offc.c'), 'mm/migrate_offc.c', 0),
    // Same line, but a rule that does not claim the type: both stay.
    ours('terse-identifier', lineOf(patch, 'DEFINE_MUTEX')),
  ], findings, rules);
  assert.deepEqual(result.covered.map((c) => [c.finding.type, c.rule]), [['SPDX_LICENSE_TAG', 'missing-spdx'], ['INITIALISED_STATIC', 'redundant-initializer']]);
  assert.deepEqual(result.kept.map((f) => f.type), ['CONFIG_DESCRIPTION', 'FILE_PATH_CHANGES', 'UNCOMMENTED_DEFINITION']);
});

test('each patch of an mbox is checked on its own; a cover letter is not checked', () => {
  const cover = 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: A <a@b.c>\nSubject: [PATCH 0/2] cover\n\nThe series does things.\n\n';
  const mbox = parse(`${cover}${fixture('reply', 'offc-5of9.patch')}${fixture('checkpatch', 'clean.patch')}`, 'series.mbox');
  assert.equal(mbox.patches.length, 3);
  const inputs = checkpatchInputs(mbox);
  assert.deepEqual(inputs.map((i) => i.patch), [1, 2]);
  assert.ok(inputs[1]!.text.startsWith('From 2222222222222222222222222222222222222222'));
  assert.equal(inputs[1]!.docLines[0], mbox.patches[2]!.docStart);
});
