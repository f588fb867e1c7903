import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { applyFirstFix, covered, findingsOf, fixture } from '../review/helpers';

const rule = 'terse-identifier';

/** A patch creating `path` with `lines` (each becomes an added line), with `message` as its commit message. */
function newFilePatch(path: string, lines: string[], message = 'Add the helper.', subject = '[PATCH] mm: add a helper'): string {
  return [
    'From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001',
    'From: Test Author <author@example.org>',
    `Subject: ${subject}`,
    '',
    message,
    '',
    'Signed-off-by: Test Author <author@example.org>',
    '---',
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((line) => `+${line}`),
    '',
  ].join('\n');
}

test('on the seed: offc at its first use, naming every identifier, spelled out from "Offload-Copy" and saying so', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.match(finding!.message, /^'offc' in migrate_offc, offc_update_migrator, dispatch_to_offc is an opaque abbreviation/);
  assert.match(finding!.message, /\("Offload-Copy" in the commit message\)$/);
  assert.equal(finding!.range.start.line, 38);
  assert.equal(covered(seed, finding!.range), 'migrate_offc');
  assert.equal(finding!.suggestion, 'migrate_offload_copy');
  assert.deepEqual(finding!.related?.map((item) => covered(seed, item.range)),
    ['offc_update_migrator', 'dispatch_to_offc', 'offc_update_migrator', 'dispatch_to_offc']);
});

test('the seed reply declares none of the offc names (they live in lines the reviewer cut and an unquoted header): no rename', async () => {
  const [finding] = await findingsOf(rule, fixture('seed-reply.txt'));
  assert.deepEqual(finding!.fixes ?? [], []);
});

test('the patch as sent declares them: the rename covers declarations and uses, never paths, Kconfig symbols or kernel APIs', async () => {
  const patch = readFileSync('examples/migrate_offc.patch', 'utf8');
  const [finding, ...others] = await findingsOf(rule, patch);
  assert.equal(others.length, 0);
  assert.equal(finding!.suggestion, 'migrate_offload_copy');
  assert.equal(finding!.fixes?.[0]?.kind, 'rename');
  const renamed = applyFirstFix(patch, finding);
  for (const expected of ['+\tint (*migrate_offload_copy)(struct list_head *dst_list,', '+int offload_copy_update_migrator(struct migrator *mig)',
    '+\t.migrate_offload_copy = folios_mc_copy,', 'mig ? mig->migrate_offload_copy : folios_mc_copy', '+atomic_t dispatch_to_offload_copy = ATOMIC_INIT(0);',
    '+\tatomic_try_cmpxchg(&dispatch_to_offload_copy, &old, 1);']) {
    assert.ok(renamed.includes(expected), expected);
  }
  for (const kept of ['+++ b/mm/migrate_offc.c', '#include <linux/migrate_offc.h>', '+obj-$(CONFIG_OFFC_MIGRATION) += migrate_offc.o', '#ifdef CONFIG_OFFC_MIGRATION']) {
    assert.ok(renamed.includes(kept), kept);
  }
  // The renamed patch declares every name it uses: reviewing it again finds no offc in code.
  assert.deepEqual((await findingsOf(rule, renamed)).map((item) => item.message), []);
});

test('names the kernel already has are never judged nor renamed; the patch\'s own are', async () => {
  const lines = [
    '/* Queued block exchange (QBE) ring of the DMA engine. */',
    'static int qbe_fill(void __iomem *base, atomic_t *users)',
    '{',
    '\tu32 v = readl(base + SZ_64K);',
    '\tif (atomic_dec_and_test(users))',
    '\t\treturn DMA_CTRL_ACK;',
    '\treturn v;',
    '}',
    'static int qbe_probe(struct platform_device *pdev)',
    '{',
    '\tplatform_set_drvdata(pdev, NULL);',
    '\treturn qbe_fill(NULL, NULL);',
    '}',
  ];
  const patch = newFilePatch('drivers/dma/ring.c', lines);
  const findings = await findingsOf(rule, patch);
  assert.deepEqual(findings.map((finding) => finding.message.split(' is ')[0]), ["'qbe' in qbe_fill, qbe_probe"]);
  assert.match(findings[0]!.message, /e\.g\. 'queued_block_exchange_fill' \("Queued block exchange \(QBE\)" in the comment at its definition\)/);
  const renamed = applyFirstFix(patch, findings[0]);
  for (const api of ['readl(base + SZ_64K)', 'atomic_dec_and_test(users)', 'DMA_CTRL_ACK', 'platform_set_drvdata(pdev, NULL)']) assert.ok(renamed.includes(api), api);
  assert.ok(renamed.includes('return queued_block_exchange_fill(NULL, NULL);'));
});

test('a name used but declared nowhere in the document and unknown to the kernel is judged, without a rename', async () => {
  const patch = newFilePatch('mm/user.c', ['#include <linux/qzvr.h>', 'int run(void)', '{', '\treturn qzvr_update_all(1);', '}'], 'Use the Quick-Zone-Vector-Rebuild (qzvr) helper.');
  const [finding, ...others] = await findingsOf(rule, patch);
  assert.equal(others.length, 0);
  assert.equal(covered(patch, finding!.range), 'qzvr_update_all');
  assert.equal(finding!.suggestion, 'quick_zone_vector_rebuild_update_all');
  assert.deepEqual(finding!.fixes ?? [], [], 'qzvr_update_all is declared elsewhere: renaming it here would not build');
});

test('a whole .c file with no #include is a fragment another file includes: the names it uses are that file\'s', async () => {
  const body = ['// SPDX-License-Identifier: GPL-2.0', 'int run(void)', '{', '\treturn qzvr_update_all(1);', '}'];
  assert.deepEqual(await findingsOf(rule, newFilePatch('drivers/dma/ring-private.c', body)), []);
  assert.deepEqual(await findingsOf(rule, `${body.join('\n')}\n`, { fileName: 'ring-private.c' }), []);
  const declared = await findingsOf(rule, newFilePatch('drivers/dma/ring-private.c', [...body, 'int qzvr_run(void);']));
  assert.equal(declared.length, 1, 'what the fragment declares is still judged');
  // A snippet pasted as plain C (no SPDX line: the top is cut) is no file: what it uses is judged.
  assert.equal((await findingsOf(rule, `${body.slice(1).join('\n')}\n`, { fileName: 'snippet.c' })).length, 1);
});

test('names a modified file already has (context lines) are not the patch\'s to judge', async () => {
  const patch = [
    'diff --git a/drivers/dma/ring.c b/drivers/dma/ring.c',
    '--- a/drivers/dma/ring.c',
    '+++ b/drivers/dma/ring.c',
    '@@ -1,4 +1,6 @@',
    ' static int qzvr_hw_sync(int x);',
    ' ',
    '+static int qzvr_hw_lock;',
    '+',
    ' int run(void)',
    ' {',
    '',
  ].join('\n');
  const findings = await findingsOf(rule, patch.replace('+static int qzvr_hw_lock;', '+static int ring_lock = qzvr_hw_sync(1);'));
  assert.deepEqual(findings, [], 'qzvr_hw_sync is declared on a context line: it predates the patch');
  const declared = await findingsOf(rule, patch);
  assert.equal(declared.length, 1, 'a name the added lines declare is judged');
});

test('register and bit-field constants keep their datasheet mnemonics; other macros are judged', async () => {
  const code = ['#define QZV_CTRL 0x4', '#define QZV_EN BIT(3)', '#define QZV_MASK GENMASK(7, 4)', '#define QZV_SHIFT (QZV_EN << 2)', '#ifndef _QZVX_H', '#define _QZVX_H', '#endif'].join('\n');
  assert.deepEqual(await findingsOf(rule, `${code}\n`), []);
  const macro = await findingsOf(rule, `${code}\n#define to_qzw_dev(d) ((d)->priv)\n`);
  assert.deepEqual(macro.map((finding) => covered(`${code}\n#define to_qzw_dev(d) ((d)->priv)\n`, finding.range)), ['to_qzw_dev']);
});

test('names derived from the hardware\'s own names are not judged: register macros, header constants, binding strings, header members, acronyms', async () => {
  const judged = async (code: string[]) => (await findingsOf(rule, `${code.join('\n')}\n`)).map((finding) => finding.message.split("'")[1]);
  // The file defines the register: a helper named after it follows the datasheet (pl330's DCCTL, ste_dma40's LCLA).
  assert.deepEqual(await judged(['#define QZV_CTRL 0x4', 'static int to_qzv_dev(int d) { return d; }']), []);
  // A constant the code uses from a header (D40_DREG_LCPA), never a Kconfig symbol or an include guard.
  assert.deepEqual(await judged(['static u32 qzv_base(void) { return QDRV_QZV_BASE; }']), []);
  assert.deepEqual(await judged(['#ifdef CONFIG_QZV_ON', 'static u32 qzv_base(void) { return 1; }', '#endif /* CONFIG_QZV_ON */']), ['qzv']);
  // A constant the document itself defines is the patch's own: `#define QZV_MAX 4` says nothing about qzv.
  assert.deepEqual(await judged(['#define QZV_MAX 4', 'static u32 qzv_base(void) { return QZV_MAX; }']), ['qzv']);
  // A devicetree resource or supply name: the binding fixes it.
  assert.deepEqual(await judged(['static int qzvs_probe(struct device *dev) { return devm_regulator_get(dev, "qzvs") != NULL; }']), []);
  // A member of a structure declared elsewhere (a header's `ctllo`): a helper named after it.
  assert.deepEqual(await judged(['static u32 qzlo_of(struct lli *l) { return l->qzlo; }']), []);
  // An acronym in the prose's capitals is a datasheet's term; one the prose defines is the patch's own shortcut.
  assert.deepEqual(await judged(['/* Program the QZVX block. */', 'int qzvx_setup(void);']), []);
  assert.deepEqual(await judged(['/* Quick zone vector exchange (QZVX) */', 'int qzvx_setup(void);']), ['qzvx']);
  // A member named by its type's initials, and a word with a version after it.
  assert.deepEqual(await judged(['struct qzr_vector_chan { int x; };', 'struct holder { struct qzr_vector_chan *qzvc; };']), ['qzr']);
  assert.deepEqual(await judged(['int dmav2_setup(void);']), []);
});

test('without evidence in the patch\'s prose or comments: the finding, no suggestion, no rename', async () => {
  const [none] = await findingsOf(rule, 'int qqzx_state;\n');
  assert.equal(none!.suggestion, undefined);
  assert.doesNotMatch(none!.message, /spell it out|e\.g\./);
  assert.deepEqual(none!.fixes ?? [], []);
  // A trailer or an author's name is no evidence, and neither are unrelated words that happen to share letters.
  const patch = newFilePatch('mm/q.c', ['static int qbx_users;'], 'Quick fix: this bounces exactly once.\n\nCc: Quinn Bo-Xu <qbx@example.org>');
  const [traced] = await findingsOf(rule, patch);
  assert.equal(traced!.suggestion, undefined);
});

test('the comment at the definition spells the name out; the expansion keeps the name\'s case style', async () => {
  // (qbe_users would not do: the 1 % false positives of the kernel-name filter happen to include it.)
  const code = '/* queued block exchange count */\nstatic int qbe_count;\n#define QBE_MAX(x) (x)\nint readQbeState(void);\n';
  const [finding] = await findingsOf(rule, code);
  assert.equal(finding!.suggestion, 'queued_block_exchange_count');
  assert.match(finding!.message, /in the comment at its definition/);
  assert.equal(applyFirstFix(code, finding),
    '/* queued block exchange count */\nstatic int queued_block_exchange_count;\n#define QUEUED_BLOCK_EXCHANGE_MAX(x) (x)\nint readQueuedBlockExchangeState(void);\n');
});

test('locals and parameters are never judged, however short', async () => {
  const code = 'int run_batch(struct migrator *mgrx, int qzc)\n{\n\tint zvx = 0;\n\treturn zvx + qzc + mgrx->count;\n}\n';
  assert.deepEqual(await findingsOf(rule, code), []);
});

test('English words and words of the kernel\'s identifiers pass; the vocabulary option extends them', async () => {
  // prot, mult, procname, inited: words identifiers in many files of Linux 6.12 use.
  assert.deepEqual(await findingsOf(rule, 'static int folio_pfn_count;\nint srcu_read_ctx(void);\nstatic int prot_mult;\nint procname_inited(void);\n'), []);
  const code = 'static int zorp_count;\n';
  assert.equal((await findingsOf(rule, code)).length, 1);
  assert.deepEqual(await findingsOf(rule, code, { vocabulary: ['zorp'] }), []);
});

test('vendor and product names from the patch\'s directories and compatible strings pass', async () => {
  const lines = ['static const struct of_device_id qzvy_ids[] = {', '\t{ .compatible = "xqrv,qzvy-dma" },', '\t{ }', '};', 'static int xqrv_probe(void);'];
  assert.deepEqual(await findingsOf(rule, newFilePatch('drivers/dma/qzvy/core.c', lines)), []);
  const words = (await findingsOf(rule, newFilePatch('drivers/dma/core.c', lines.filter((line) => !line.includes('compatible'))))).map((finding) => finding.message.split("'")[1]);
  assert.deepEqual(words.sort(), ['qzvy', 'xqrv']);
});

test('struct members, tags and macros are judged, once per abbreviation with every other occurrence related', async () => {
  const code = 'struct xfrq_desc {\n\tint xfrq_len;\n};\n#define XFRQ_NAME "x"\n';
  const findings = await findingsOf(rule, code);
  assert.equal(findings.length, 1);
  assert.equal(covered(code, findings[0]!.range), 'xfrq_desc');
  assert.deepEqual(findings[0]!.related?.map((item) => covered(code, item.range)), ['xfrq_len', 'XFRQ_NAME']);
});

test('in a series a name is judged once, where the series first has it, and renamed in every patch', async () => {
  const first = newFilePatch('include/linux/qbe.h', ['int qbe_copy(int nr);'], 'Add the Queued-Block-Exchange helper.', '[PATCH 1/2] mm: add qbe');
  const second = newFilePatch('mm/qbe.c', ['int qbe_copy(int nr)', '{', '\treturn nr;', '}'], 'Use it.', '[PATCH 2/2] mm: use qbe');
  const mbox = `${first}\n${second}`;
  const findings = await findingsOf(rule, mbox);
  assert.equal(findings.length, 1);
  assert.ok(findings[0]!.range.start.line < first.split('\n').length);
  const renamed = applyFirstFix(mbox, findings[0]);
  assert.equal(renamed.match(/qbe_copy/g), null);
  assert.equal(renamed.match(/queued_block_exchange_copy/g)?.length, 2);
  assert.ok(renamed.includes('+++ b/mm/qbe.c'), 'paths stay');
});

test('errno names and locals of a hunk that starts inside a function body are not judged', async () => {
  const patch = [
    'diff --git a/mm/migrate.c b/mm/migrate.c',
    '--- a/mm/migrate.c',
    '+++ b/mm/migrate.c',
    '@@ -96,7 +96,8 @@ static void migrate_folios_batch_move(struct list_head *src_folios,',
    ' \t\treturn;',
    ' ',
    '-\trc = folios_mc_copy(&dst_batch, &src_batch, nr_batched);',
    '+\tqvrz = static_call(_folios_copy)(&dst_batch, &src_batch, nr_batched);',
    '+\tif (qvrz)',
    '+\t\treturn -EOPNOTSUPP;',
    ' \tif (rc)',
    ' \t\tserial_copy_fallback(&dst_batch, &src_batch, stats);',
    ' ',
    '',
  ].join('\n');
  assert.deepEqual((await findingsOf(rule, patch)).map((finding) => finding.message), []);
});

test('property: a rename only ever rewrites names the document declares', async () => {
  // Abbreviations "quick zone vector" spells out as prefixes: qzv, quzv, qzove, …
  const prefix = (word: string) => fc.integer({ min: 1, max: 2 }).map((length) => word.slice(0, length));
  const abbreviations = fc.tuple(prefix('quick'), prefix('zone'), prefix('vector')).map((parts) => parts.join(''));
  let judged = 0;
  await fc.assert(fc.asyncProperty(abbreviations, fc.boolean(), async (abbreviation, declareHelper) => {
    const lines = [
      `/* ${abbreviation} (quick zone vector) state */`,
      `static int ${abbreviation}_state;`,
      ...(declareHelper ? [`int ${abbreviation}_helper(void);`] : []),
      `int run(void) { return ${abbreviation}_state + ${abbreviation}_helper() + readl(NULL); }`,
    ];
    const patch = newFilePatch('mm/z.c', lines);
    const [finding] = await findingsOf(rule, patch);
    if (!finding) return;
    judged++;
    const renamed = applyFirstFix(patch, finding);
    assert.ok(renamed.includes('quick_zone_vector_state'));
    assert.equal(renamed.includes(`${abbreviation}_helper()`), !declareHelper, 'an undeclared helper is left as it is');
    assert.ok(renamed.includes('readl(NULL)'));
  }), { numRuns: 12 });
  assert.ok(judged > 0, 'some generated abbreviation was judged');
});

test('hardware layouts keep the datasheet\'s names: fixed-width and bit-field members, I/O pointers, function-like bit macros', async () => {
  const code = [
    'struct ring_regs {', '\tu32 ctlqz;', '\t__le64 dlqzt;', '\tunsigned int erqz : 1;', '\tvoid __iomem *eeqz;', '};',
    '#define QZV_SSREQ(x) BIT((x) << 1)', '#define QZV_CH(x) (0x40 + (x) * 0x20)',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, `${code}\n`), []);
  const judged = await findingsOf(rule, 'struct ring_layout {\n\tstruct list_head *qzvq;\n};\n#define qzv_of(x) container_of(x, struct ring, node)\n');
  assert.deepEqual(judged.map((finding) => finding.message.split("'")[1]).sort(), ['qzv', 'qzvq']);
});

test('a word that names many of a file\'s names is its namespace, not a shortcut; a few names are judged', async () => {
  const verbs = ['read', 'write', 'open', 'close', 'start', 'stop', 'reset', 'probe', 'remove'];
  const names = (count: number) => verbs.slice(0, count).map((verb) => `int qzvb_${verb}(void);`).join('\n');
  assert.deepEqual(await findingsOf(rule, `${names(8)}\n`), []);
  assert.equal((await findingsOf(rule, `${names(3)}\n`)).length, 1);
});

test('locals declared by a macro and members of a struct declared inside a function are locals', async () => {
  const code = [
    'int run(void)', '{', '\tLIST_HEAD(qzvpages);', '\tstruct { int qzvm; } *table = NULL;', '\tlist_add(NULL, &qzvpages);', '\treturn table->qzvm;', '}',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, `${code}\n`), []);
});
