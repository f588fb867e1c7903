import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'missing-spdx';

test('the seed\'s quoted new file starts with a blank line: flagged at that line', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.range.start.line, 34);
  assert.equal(seed.split('\n')[34], '> +');
  assert.match(findings[0]!.message, /mm\/migrate_offc\.c does not start with an SPDX license line.*blank/);
  assert.equal(findings[0]!.suggestion, '// SPDX-License-Identifier: GPL-2.0');
});

test('a new .c file without SPDX is flagged at its first line, a new header with the block form is not', async () => {
  const patch = fixture('new-files.patch');
  const findings = await findingsOf(rule, patch);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.sourcePath, 'mm/batch_copy.c');
  assert.equal(covered(patch, findings[0]!.range), '#include <linux/batch_copy.h>');
});

test('plain C files: the right style passes, the wrong style and a missing line are flagged', async () => {
  assert.deepEqual(await findingsOf(rule, '// SPDX-License-Identifier: GPL-2.0\nint x;\n', { fileName: 'a.c' }), []);
  assert.deepEqual(await findingsOf(rule, '/* SPDX-License-Identifier: GPL-2.0 OR MIT */\nint x;\n', { fileName: 'a.h' }), []);
  const wrong = await findingsOf(rule, '/* SPDX-License-Identifier: GPL-2.0 */\nint x;\n', { fileName: 'a.c' });
  assert.match(wrong[0]!.message, /wrong comment style/);
  assert.equal((await findingsOf(rule, '#include <linux/mm.h>\nint x;\n', { fileName: 'a.c' })).length, 1);
});

test('hunks of a modified file are not judged (line 1 is not in view)', async () => {
  assert.deepEqual(await findingsOf(rule, fixture('modify.patch')), []);
});
