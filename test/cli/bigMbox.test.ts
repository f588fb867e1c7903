import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { runReview } from '../../src/cli/commands/review';
import type { CliIo } from '../../src/cli/io';

/** One small patch mail of our own; its one redundant initializer sits on a known line of the message. */
function message(index: number): string[] {
  return [
    `From ${index.toString(16).padStart(40, '0')} Mon Sep 17 00:00:00 2001`,
    'From: A Developer <dev@example.org>',
    `Subject: [PATCH ${index}] mm: add counter ${index}`,
    `Message-ID: <big-mbox-${index}@example.org>`,
    '',
    `Adds counter ${index}.`,
    '---',
    `diff --git a/mm/counter${index}.c b/mm/counter${index}.c`,
    'new file mode 100644',
    'index 000000000000..111111111111',
    '--- /dev/null',
    `+++ b/mm/counter${index}.c`,
    '@@ -0,0 +1,4 @@',
    '+// SPDX-License-Identifier: GPL-2.0',
    '+#include <linux/mm.h>',
    `+static int counter_${index} = 0;`,
    `+int counter_read_${index}(void) { return counter_${index}; }`,
    '-- ',
    '2.43.0',
    '',
  ];
}
const FINDING_LINE = 15;

test('a 50 MB mbox is reviewed message by message (no size refusal), every finding on its own line of the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-big-mbox-'));
  const path = join(dir, 'archive.mbox');
  const out = createWriteStream(path);
  let count = 0;
  let bytes = 0;
  while (bytes < 50 * 1024 * 1024) {
    const text = `${message(count++).join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  assert.ok(statSync(path).size > 32 * 1024 * 1024, 'larger than the in-memory cap');
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (t) => (stdout += t), err: (t) => (stderr += t), readStdin: async () => Buffer.alloc(0) };
  try {
    const code = await runReview(['--format', 'json', '--rules', 'redundant-initializer', path], io);
    assert.equal(code, 1, stderr.slice(0, 500));
    const findings = (JSON.parse(stdout) as { findings: { line: number; rule: string }[] }).findings;
    assert.equal(findings.length, count, 'one finding per message');
    const linesPerMessage = message(0).length;
    findings.forEach((finding, index) => assert.equal(finding.line, index * linesPerMessage + FINDING_LINE + 1, `message ${index}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
