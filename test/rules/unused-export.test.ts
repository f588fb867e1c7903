import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'unused-export';

function mail(subject: string, path: string, body: string[]): string {
  return ['From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001', 'From: A Author <a@example.org>',
    'Date: Mon, 6 Oct 2025 10:00:00 +0000', `Subject: ${subject}`, '', 'Why.', '', 'Signed-off-by: A Author <a@example.org>', '---',
    `diff --git a/${path} b/${path}`, 'new file mode 100644', 'index 0000000..1111111', '--- /dev/null', `+++ b/${path}`,
    `@@ -0,0 +1,${body.length} @@`, ...body.map((line) => `+${line}`), '-- ', '2.43.0', ''].join('\n');
}

const provider = ['// SPDX-License-Identifier: GPL-2.0', 'int offc_start(int n)', '{', '\treturn n;', '}', 'EXPORT_SYMBOL_GPL(offc_start);',
  'int offc_stop(void)', '{', '\treturn 0;', '}', 'EXPORT_SYMBOL_GPL(offc_stop);'];
const header = ['/* SPDX-License-Identifier: GPL-2.0 */', 'int offc_start(int n);', 'int offc_stop(void);', '/* offc_stop() undoes offc_start() */'];
const user = ['// SPDX-License-Identifier: GPL-2.0', 'static int __init dcbm_init(void)', '{', '\treturn offc_start(1);', '}'];

test('a lone patch exporting a function nothing calls: one info finding per unused export', async () => {
  const patch = mail('[PATCH] mm: add offc', 'mm/offc.c', provider);
  const findings = await findingsOf(rule, patch);
  assert.deepEqual(findings.map((finding) => covered(patch, finding.range)), ['offc_start', 'offc_stop']);
  assert.equal(findings[0]!.severity, 'info');
});

test('a whole series: the caller in a later patch counts, prototypes and comments do not', async () => {
  const series = [mail('[PATCH 1/3] mm: add offc', 'mm/offc.c', provider), mail('[PATCH 2/3] mm: offc header', 'include/linux/offc.h', header),
    mail('[PATCH 3/3] dcbm: use offc', 'drivers/dcbm.c', user)].join('\n');
  const findings = await findingsOf(rule, series);
  assert.deepEqual(findings.map((finding) => covered(series, finding.range)), ['offc_stop']);
});

test('a use in the exporting file itself needs no export: still reported', async () => {
  const own = [...provider, 'static int offc_selftest(void)', '{', '\treturn offc_start(0) + offc_stop();', '}'];
  const patch = mail('[PATCH] mm: add offc', 'mm/offc.c', own);
  const findings = await findingsOf(rule, patch);
  assert.deepEqual(findings.map((finding) => covered(patch, finding.range)), ['offc_start', 'offc_stop']);
  assert.match(findings[0]!.message, /nothing in this series outside mm\/offc\.c uses it/);
});

test('part of a series, a reply or a bare diff cannot know the callers: nothing is claimed', async () => {
  const partial = [mail('[PATCH 1/3] mm: add offc', 'mm/offc.c', provider), mail('[PATCH 2/3] mm: offc header', 'include/linux/offc.h', header)].join('\n');
  assert.deepEqual(await findingsOf(rule, partial), []);
  assert.deepEqual(await findingsOf(rule, fixture('seed-reply.txt')), []);
  assert.deepEqual(await findingsOf(rule, readFileSync('examples/series.mbox', 'utf8')), [], 'patches 2, 3 and 5 of 9');
  const bare = mail('[PATCH] x', 'mm/offc.c', provider).split('\n').slice(9).join('\n');
  assert.deepEqual(await findingsOf(rule, bare), []);
});
