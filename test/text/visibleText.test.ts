import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCheckpatchOutput } from '../../src/core/checkpatch/parseOutput';
import { parseDocument } from '../../src/core/patch';
import { buildReply, findingsAsComments } from '../../src/core/reply';
import { hasInvisible, visibleText } from '../../src/core/text/visibleText';
import { nodeReviewEngine } from '../../src/node/reviewEngine';

const BIDI = '\u202E';
const payloads = [
  `${BIDI}gnp.exe\u202C`, '\u2066evil\u2069', 'zero\u200Bwidth', '\uFEFFbom', 'bell\u0007', '[link](command:workbench.action.quit)',
  '![img](https://example.org/x.png)', '<img src=x onerror=alert(1)>', '<script>alert(1)</script>',
];

test('invisible and control characters are written out; ordinary text, tabs and newlines are kept', () => {
  assert.equal(visibleText(`a${BIDI}b`), 'a<U+202E>b');
  assert.equal(visibleText('zero\u200Bwidth'), 'zero<U+200B>width');
  assert.equal(visibleText('x\u0007y'), 'x<U+0007>y');
  assert.equal(visibleText('tab\there\nline é ü 漢'), 'tab\there\nline é ü 漢');
  assert.ok(!hasInvisible(visibleText(payloads.join(' '))));
  assert.equal(visibleText('x'.repeat(10_000)).length, 500, 'one hostile line cannot flood a view');
});

function newFilePatch(body: string[], subject: string, message: string): string {
  return [
    'From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001',
    'From: Someone <someone@example.org>',
    `Subject: [PATCH] ${subject}`,
    '',
    message,
    '---',
    'diff --git a/drivers/dma/hostile.c b/drivers/dma/hostile.c',
    'new file mode 100644',
    'index 000000000000..111111111111',
    '--- /dev/null',
    '+++ b/drivers/dma/hostile.c',
    `@@ -0,0 +1,${body.length} @@`,
    ...body.map((line) => `+${line}`),
    '-- ',
    '2.43.0',
    '',
  ].join('\n');
}

test('document text with bidi, zero-width, Markdown and HTML payloads reaches messages, fixes and the reply inert', async () => {
  const engine = await nodeReviewEngine();
  for (const payload of payloads) {
    const body = [
      '// SPDX-License-Identifier: GPL-2.0',
      `/* ${payload} */`,
      'static struct device_driver hostile_driver = {',
      `\t.owner = /* ${payload} */ NULL,`,
      `\t.name = "${payload}",`,
      '};',
      'static int hostile_probe(int ret)',
      '{',
      `\tpr_err("${payload}: %d\\n", ret /* ${payload} */);`,
      '\treturn ret;',
      '}',
    ];
    const text = newFilePatch(body, `dma: ${payload}`, `Adds ${payload} (Offload-Copy).\n\nSigned-off-by: ${payload} <x@example.org>`);
    const result = engine.review(text, { fileName: 'hostile.patch' });
    if (payload.includes('\u0007')) {
      // A control character makes the document binary to the reader: one clear note, no review.
      assert.ok(result.notes.some((note) => note.includes('binary')), result.notes.join('; '));
      continue;
    }
    assert.ok(result.findings.length >= 2, `payload ${JSON.stringify(payload)}: ${result.findings.map((f) => f.rule).join(', ')}`);
    for (const [index, finding] of result.findings.entries()) {
      for (const shown of [finding.message, finding.suggestion ?? '', ...(finding.related ?? []).map((r) => r.message)]) {
        assert.ok(!hasInvisible(shown), `${finding.rule} shows an invisible character raw: ${JSON.stringify(shown)}`);
      }
      for (const fix of result.fixes(index)) assert.ok(!hasInvisible(fix.title), `fix title ${JSON.stringify(fix.title)}`);
    }
    const reply = buildReply(parseDocument(text, 'hostile.patch'), 0, findingsAsComments(result.findings)).text;
    const ownLines = reply.split('\n').filter((line) => !line.startsWith('>'));
    const headerEnd = ownLines.indexOf('');
    for (const line of ownLines.slice(headerEnd)) assert.ok(!hasInvisible(line), `reply line ${JSON.stringify(line)}`);
  }
});

test('checkpatch messages quoting document lines are written out too', () => {
  const output = `WARNING:SPACING: bad ${BIDI}spacing\n#12: FILE: mm/x.c:3:\n+int x;\n\ntotal: 0 errors, 1 warnings, 3 lines checked\n`;
  const [report] = parseCheckpatchOutput(output, 'patch').reports;
  assert.equal(report?.message, 'bad <U+202E>spacing');
});
