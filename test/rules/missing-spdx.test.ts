import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'missing-spdx';

test('the seed reply cut the top of its quoted new file: no claim about its first line', async () => {
  const seed = fixture('seed-reply.txt');
  assert.deepEqual(await findingsOf(rule, seed), []);
  // The same file as the author sent it starts with its SPDX line: the reviewer trimmed it from the quote.
  const sent = fixture('migrate_offc.patch');
  assert.deepEqual(await findingsOf(rule, sent), []);
});

test('a quoted new file that holds its first line is still judged; cut anywhere, it is not', async () => {
  const quoted = (body: string[], count: number) => ['> diff --git a/mm/x.c b/mm/x.c', '> new file mode 100644', '> --- /dev/null', '> +++ b/mm/x.c',
    `> @@ -0,0 +1,${count} @@`, ...body.map((line) => `> +${line}`), ''].join('\n');
  const whole = await findingsOf(rule, quoted(['#include <linux/mm.h>', '', 'int x;'], 3));
  assert.equal(whole.length, 1);
  assert.match(whole[0]!.message, /mm\/x\.c does not start with an SPDX license line/);
  assert.deepEqual(await findingsOf(rule, quoted(['#include <linux/mm.h>', '', 'int x;'], 9)), []);
});

test('new Kconfig and Makefile files need a # SPDX line; a script keeps it on line 2 after #!', async () => {
  const newFile = (path: string, body: string[]) => [`diff --git a/${path} b/${path}`, 'new file mode 100644', 'index 0000000..1111111',
    '--- /dev/null', `+++ b/${path}`, `@@ -0,0 +1,${body.length} @@`, ...body.map((line) => `+${line}`), ''].join('\n');
  const series = [
    newFile('drivers/migrate_offload/Kconfig', ['config DCBM_DMA', '\ttristate "DMA core batch migrator"']),
    newFile('drivers/migrate_offload/Makefile', ['# SPDX-License-Identifier: GPL-2.0', 'obj-$(CONFIG_DCBM_DMA) += dcbm/']),
    newFile('drivers/migrate_offload/dcbm/Makefile', ['// SPDX-License-Identifier: GPL-2.0', 'obj-y += dcbm.o']),
    newFile('tools/run.sh', ['#!/bin/sh', '# SPDX-License-Identifier: GPL-2.0', 'echo hi']),
    newFile('tools/bad.sh', ['#!/bin/sh', 'echo hi']),
  ].join('');
  const findings = await findingsOf(rule, series);
  assert.deepEqual(findings.map((f) => [f.sourcePath, covered(series, f.range)]), [
    ['drivers/migrate_offload/Kconfig', 'config DCBM_DMA'],
    ['drivers/migrate_offload/dcbm/Makefile', '// SPDX-License-Identifier: GPL-2.0'],
    ['tools/bad.sh', 'echo hi'],
  ]);
  assert.equal(findings[0]!.suggestion, '# SPDX-License-Identifier: GPL-2.0');
  assert.match(findings[1]!.message, /wrong comment style: write '# SPDX-License-Identifier: GPL-2.0'/);
  assert.equal(findings[0]!.sourceLine, 0);
});

test('a modified Kconfig is not judged, and no other rule reads a Makefile as C', async () => {
  const modified = ['diff --git a/mm/Kconfig b/mm/Kconfig', 'index 1111111..2222222 100644', '--- a/mm/Kconfig', '+++ b/mm/Kconfig',
    '@@ -1,1 +1,2 @@', ' config MIGRATION', '+config OFFC_MIGRATION', ''].join('\n');
  assert.deepEqual(await findingsOf(rule, modified), []);
  const engine = await nodeReviewEngine();
  const makefile = ['diff --git a/x/Makefile b/x/Makefile', 'new file mode 100644', '--- /dev/null', '+++ b/x/Makefile', '@@ -0,0 +1,1 @@',
    '+obj-$(CONFIG_X) += x_offc.o', ''].join('\n');
  assert.deepEqual(engine.review(makefile).findings.map((f) => f.rule), ['missing-spdx']);
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
