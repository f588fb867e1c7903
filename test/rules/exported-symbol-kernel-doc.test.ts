import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'exported-symbol-kernel-doc';

test('on the seed: start_offloading and stop_offloading have no kernel-doc above them', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.deepEqual(findings.map((finding) => covered(seed, finding.range)), ['start_offloading', 'stop_offloading']);
  assert.deepEqual(findings.map((finding) => finding.range.start.line), [46, 64]);
});

test('a kernel-doc block counts with blank lines or a plain comment between it and the function', async () => {
  const code = [
    '/**',
    ' * dcbm_start() - start the DMA batch migrator.',
    ' */',
    '',
    '',
    '/* caller holds migrator_mut */',
    'int dcbm_start(void)',
    '{',
    '\treturn 0;',
    '}',
    'EXPORT_SYMBOL_GPL(dcbm_start);',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, code, { fileName: 'dcbm.c' }), []);
});

test('a plain comment, or a kernel-doc of the code above, is not kernel-doc of the function', async () => {
  const plain = '/* plain comment */\nint dcbm_start(void)\n{\n\treturn 0;\n}\nEXPORT_SYMBOL_GPL(dcbm_start);\n';
  const findings = await findingsOf(rule, plain, { fileName: 'dcbm.c' });
  assert.deepEqual(findings.map((finding) => [finding.message, finding.range.start.line]), [["exported function 'dcbm_start' has no kernel-doc comment", 1]]);
  const other = '/**\n * a() - documented.\n */\nint a(void) { return 0; }\nEXPORT_SYMBOL(a);\n\nint dcbm_b(void) { return 1; }\nEXPORT_SYMBOL(dcbm_b);\n';
  assert.deepEqual((await findingsOf(rule, other, { fileName: 'dcbm.c' })).map((finding) => covered(other, finding.range)), ['dcbm_b']);
});

test('a file whose existing exports go without kernel-doc keeps its convention; one that documents them asks for it', async () => {
  const fn = (name: string, doc: boolean) => `${doc ? `/**\n * ${name}() - does ${name}.\n */\n` : ''}int ${name}(void)\n{\n\treturn 0;\n}\nEXPORT_SYMBOL(${name});\n\n`;
  const undocumented = fn('page_ref_a', false) + fn('page_ref_b', false) + fn('page_ref_c', false);
  assert.deepEqual(await findingsOf(rule, undocumented, { fileName: 'mm/debug_page_ref.c' }), []);
  const documented = fn('filemap_a', true) + fn('filemap_b', true) + fn('filemap_c', false);
  const findings = await findingsOf(rule, documented, { fileName: 'mm/filemap.c' });
  assert.deepEqual(findings.map((finding) => finding.message), ["exported function 'filemap_c' has no kernel-doc comment"]);
});

test('an export a whole series never uses is left to unused-export (drop it, do not document it)', async () => {
  const mail = (body: string[]) => ['From: A <a@example.org>', 'Subject: [PATCH] mm: add x', '', 'Why.', '---',
    'diff --git a/mm/x.c b/mm/x.c', 'new file mode 100644', '--- /dev/null', '+++ b/mm/x.c', `@@ -0,0 +1,${body.length} @@`,
    ...body.map((line) => `+${line}`), ''].join('\n');
  const unused = mail(['// SPDX-License-Identifier: GPL-2.0', 'int x_start(void)', '{', '\treturn 0;', '}', 'EXPORT_SYMBOL(x_start);']);
  assert.deepEqual(await findingsOf(rule, unused), []);
  const asFile = unused.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1)).join('\n');
  assert.equal((await findingsOf(rule, asFile, { fileName: 'mm/x.c' })).length, 1, 'a plain file cannot know its users: judged');
});

test('a kernel-doc block at the prototype in a header of the same patch counts', async () => {
  const patch = ['diff --git a/include/linux/x.h b/include/linux/x.h', 'new file mode 100644', '--- /dev/null', '+++ b/include/linux/x.h',
    '@@ -0,0 +1,5 @@', '+/* SPDX-License-Identifier: GPL-2.0 */', '+/**', '+ * x_start() - start x.', '+ */', '+int x_start(void);',
    'diff --git a/mm/x.c b/mm/x.c', 'new file mode 100644', '--- /dev/null', '+++ b/mm/x.c', '@@ -0,0 +1,6 @@',
    '+// SPDX-License-Identifier: GPL-2.0', '+int x_start(void)', '+{', '+\treturn 0;', '+}', '+EXPORT_SYMBOL(x_start);', ''].join('\n');
  assert.deepEqual(await findingsOf(rule, patch), []);
  assert.equal((await findingsOf(rule, patch.replace(' * x_start() - start x.', ' * y_start() - start y.'))).length, 1);
});

test('nothing is claimed when the lines above the function are not in view, or the function is not the patch\'s', async () => {
  // The hunk starts at the function: its kernel-doc may sit just above, outside the hunk.
  const hunkAtFunction = ['diff --git a/mm/x.c b/mm/x.c', 'index 1111111..2222222 100644', '--- a/mm/x.c', '+++ b/mm/x.c', '@@ -20,0 +21,5 @@',
    '+int x_start(void)', '+{', '+\treturn 0;', '+}', '+EXPORT_SYMBOL(x_start);', ''].join('\n');
  assert.deepEqual(await findingsOf(rule, hunkAtFunction), []);
  const existing = ['diff --git a/mm/x.c b/mm/x.c', 'index 1111111..2222222 100644', '--- a/mm/x.c', '+++ b/mm/x.c', '@@ -20,4 +20,5 @@',
    ' int x_stop(void)', ' {', ' \treturn 0;', ' }', '+EXPORT_SYMBOL(x_stop);', ''].join('\n');
  assert.deepEqual(await findingsOf(rule, existing), []);
});
