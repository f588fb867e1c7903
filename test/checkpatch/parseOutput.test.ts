// The outputs under test/fixtures/checkpatch/ were produced by running checkpatch.pl (Linux 6.12.117, from
// Debian's linux-source-6.12) on the patches beside them; see docs/review-threads.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCheckpatchOutput } from '../../src/core/checkpatch';
import { fixture } from '../reply/helpers';

const out = (name: string) => fixture('checkpatch', name);

test('normal format: type, level, message, input line and file line of every report', () => {
  const { reports, totals } = parseCheckpatchOutput(out('patch-strict-stdin.txt'), 'patch');
  assert.deepEqual(reports.map((r) => [r.level, r.type, r.inputLine, r.file, r.fileLine]), [
    ['WARNING', 'CONFIG_DESCRIPTION', 39, 'mm/Kconfig', 11],
    ['WARNING', 'FILE_PATH_CHANGES', 50, undefined, undefined],
    ['WARNING', 'SPDX_LICENSE_TAG', 55, 'mm/migrate_offc.c', 1],
    ['CHECK', 'UNCOMMENTED_DEFINITION', 106, 'mm/migrate_offc.c', 52],
    ['ERROR', 'INITIALISED_STATIC', 112, 'mm/migrate_offc.c', 58],
  ]);
  assert.equal(reports[4]!.message, 'do not initialise statics to 0');
  assert.deepEqual(totals, { errors: 1, warnings: 3, checks: 1, lines: 74 });
});

test('terse format gives the same reports as the normal one', () => {
  const normal = parseCheckpatchOutput(out('patch-strict-stdin.txt'), 'patch').reports;
  const terse = parseCheckpatchOutput(out('patch-strict-terse-stdin.txt'), 'patch').reports;
  assert.deepEqual(terse.map((r) => [r.level, r.type, r.inputLine, r.message]), normal.map((r) => [r.level, r.type, r.inputLine, r.message]));
});

test('file mode: lines are the file lines, terse prefixes name the file', () => {
  const normal = parseCheckpatchOutput(out('file-strict.txt'), 'file').reports;
  assert.deepEqual(normal.map((r) => [r.type, r.fileLine]), [['SPDX_LICENSE_TAG', 1], ['UNCOMMENTED_DEFINITION', 52], ['INITIALISED_STATIC', 58]]);
  const terse = parseCheckpatchOutput(out('file-strict-terse.txt'), 'file').reports;
  assert.deepEqual(terse.map((r) => [r.file, r.fileLine, r.type]), [
    ['migrate_offc.c', 1, 'SPDX_LICENSE_TAG'], ['migrate_offc.c', 52, 'UNCOMMENTED_DEFINITION'], ['migrate_offc.c', 58, 'INITIALISED_STATIC'],
  ]);
});

test('reports on the commit message, a caret line under the code, and trailing-whitespace markers', () => {
  const { reports, totals } = parseCheckpatchOutput(out('messy-strict.txt'), 'patch');
  assert.deepEqual(reports.map((r) => `${r.type}@${r.inputLine}`), [
    'COMMIT_LOG_LONG_LINE@6', 'REPEATED_WORD@6', 'COMPARISON_TO_NULL@22', 'SPACING@24', 'LINE_SPACING@26',
    'PRINTK_WITHOUT_KERN_LEVEL@27', 'TRAILING_WHITESPACE@31',
  ]);
  assert.equal(reports[3]!.message, "spaces required around that '=' (ctx:VxV)");
  assert.equal(totals?.errors, 2);
  const terse = parseCheckpatchOutput(out('messy-strict-terse.txt'), 'patch').reports;
  assert.deepEqual(terse.map((r) => `${r.type}@${r.inputLine}`), reports.map((r) => `${r.type}@${r.inputLine}`));
});

test('a clean run has totals and no reports; a non-patch has its one error; garbage has neither', () => {
  const clean = parseCheckpatchOutput(out('clean.txt'), 'patch');
  assert.deepEqual(clean.reports, []);
  assert.deepEqual(clean.totals, { errors: 0, warnings: 0, checks: 0, lines: 8 });
  const notPatch = parseCheckpatchOutput(out('not-a-patch.txt'), 'patch');
  assert.deepEqual(notPatch.reports.map((r) => [r.type, r.inputLine]), [['NOT_UNIFIED_DIFF', undefined]]);
  const garbage = parseCheckpatchOutput("Can't locate Term/ANSIColor.pm in @INC\n", 'patch');
  assert.deepEqual(garbage, { reports: [], totals: undefined });
});

test('output without --show-types still parses, with an UNKNOWN type', () => {
  const { reports } = parseCheckpatchOutput('WARNING: line length of 120 exceeds 100 columns\n#12: FILE: a.c:3:\n+x\n', 'patch');
  assert.deepEqual(reports, [{ level: 'WARNING', type: 'UNKNOWN', message: 'line length of 120 exceeds 100 columns', inputLine: 12, file: 'a.c', fileLine: 3 }]);
});
