import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFirstFix, covered, findingsOf, fixture } from '../review/helpers';

const rule = 'terse-identifier';

test('on the seed: one finding for offc, at its first use, naming every identifier, spelled out from the commit message', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.match(finding!.message, /^'offc' in migrate_offc, offc_update_migrator, dispatch_to_offc is an opaque abbreviation/);
  assert.equal(finding!.range.start.line, 37);
  assert.equal(covered(seed, finding!.range), 'migrate_offc');
  assert.equal(finding!.suggestion, 'migrate_offload_copy');
  assert.deepEqual(finding!.related?.map((item) => covered(seed, item.range)),
    ['offc_update_migrator', 'dispatch_to_offc', 'offc_update_migrator', 'dispatch_to_offc']);
});

test('the rename fix rewrites code and prose mentions, never file paths or the reviewer\'s word', async () => {
  const seed = fixture('seed-reply.txt');
  const [finding] = await findingsOf(rule, seed);
  assert.equal(finding!.fixes?.[0]?.kind, 'rename');
  const renamed = applyFirstFix(seed, finding);
  assert.ok(renamed.includes('> + .migrate_offload_copy = folios_mc_copy,'));
  assert.ok(renamed.includes('ret = offload_copy_update_migrator(m);'));
  assert.ok(renamed.includes('atomic_try_cmpxchg(&dispatch_to_offload_copy, &offloading, 1);'));
  assert.ok(renamed.includes('> migrate_offload_copy() - This function'));
  assert.ok(renamed.includes('+++ b/mm/migrate_offc.c'));
  assert.ok(renamed.includes('spell out offc.'));
});

test('locals and parameters are never judged, however short', async () => {
  const code = 'int run_batch(struct migrator *mgrx, int qzc)\n{\n\tint zvx = 0;\n\treturn zvx + qzc + mgrx->count;\n}\n';
  assert.deepEqual(await findingsOf(rule, code), []);
});

test('English words and the kernel vocabulary pass; the vocabulary option extends it', async () => {
  assert.deepEqual(await findingsOf(rule, 'static int folio_pfn_count;\nint srcu_read_ctx(void);\nstatic int cpuselect;\n'), []);
  const code = 'static int zorp_count;\n';
  assert.equal((await findingsOf(rule, code)).length, 1);
  assert.deepEqual(await findingsOf(rule, code, { vocabulary: ['zorp'] }), []);
});

test('struct members and macros are judged, once per abbreviation with every other occurrence related', async () => {
  const code = 'struct xfrq_desc {\n\tint xfrq_len;\n};\n#define XFRQ_MAX 4\n';
  const findings = await findingsOf(rule, code);
  assert.equal(findings.length, 1);
  assert.equal(covered(code, findings[0]!.range), 'xfrq_desc');
  assert.deepEqual(findings[0]!.related?.map((item) => covered(code, item.range)), ['xfrq_len', 'XFRQ_MAX']);
});

test('the expansion comes from prose in comments, else from a table, in the name\'s own case style', async () => {
  const prose = '/* The Batch Page Copy engine. */\nstatic int bpc_count;\n#define BPC_MAX 8\n';
  const [mined] = await findingsOf(rule, prose);
  assert.equal(mined!.suggestion, 'batch_page_copy_count');
  assert.equal(applyFirstFix(prose, mined), '/* The Batch Page Copy engine. */\nstatic int batch_page_copy_count;\n#define BATCH_PAGE_COPY_MAX 8\n');
  const [table] = await findingsOf(rule, 'int mgr_state;\n');
  assert.equal(table!.suggestion, 'manager_state');
  const [camel] = await findingsOf(rule, 'int readMgrState(void);\n');
  assert.equal(camel!.suggestion, 'readManagerState');
  const [none] = await findingsOf(rule, 'int qqzx_state;\n');
  assert.equal(none!.suggestion, undefined);
  assert.deepEqual(none!.fixes ?? [], []);
});

test('an abbreviation used by several patches of a series is reported once, with every use related and renamed', async () => {
  const first = fixture('new-files.patch');
  const second = first.replace(/batch_copy\.c/g, 'batch_copy2.c').replace('[PATCH 1/1]', '[PATCH 2/2]');
  const mbox = `${first}\n${second}`;
  const findings = await findingsOf(rule, mbox);
  assert.equal(findings.length, 1);
  const firstLines = first.split('\n').length;
  assert.ok(findings[0]!.range.start.line < firstLines);
  assert.ok(findings[0]!.related!.some((item) => item.range.start.line > firstLines && covered(mbox, item.range) === 'bpc_users'));
  const renamed = applyFirstFix(mbox, findings[0]);
  assert.equal(renamed.match(/bpc_users/g), null);
  assert.equal(renamed.match(/batch_page_copy_users/g)?.length, 4);
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
  const words = (await findingsOf(rule, patch)).map((finding) => finding.message);
  assert.deepEqual(words, []);
});
