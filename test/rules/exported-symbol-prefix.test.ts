import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directoryPrefixes, firstWord, pathPrefixes, treePrefixes } from '../../src/core/review/rules/exportedSymbolPrefix';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'exported-symbol-prefix';

test('the file path gives the accepted prefixes; the first word ignores leading underscores', () => {
  assert.deepEqual(pathPrefixes('mm/migrate_offc.c'), ['mm', 'migrate_offc', 'mm', 'migrate', 'offc']);
  assert.equal(firstWord('__bdi_alloc'), 'bdi');
});

test('the tree\'s prefixes hold kernel namespaces, not the verbs every module could pick', () => {
  for (const prefix of ['pci', 'dma', 'devm', 'acpi', 'iommu', 'blk']) assert.ok(treePrefixes.has(prefix), prefix);
  for (const verb of ['get', 'set', 'start', 'stop', 'register', 'init', 'alloc', 'free', 'do', 'is', 'flush', 'copy']) {
    assert.ok(!treePrefixes.has(verb), verb);
  }
});

test('on the seed: start_offloading and stop_offloading lack a prefix', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.deepEqual(findings.map((finding) => covered(seed, finding.range)), ['start_offloading', 'stop_offloading']);
  assert.deepEqual(findings.map((finding) => finding.range.start.line), [61, 79]);
  assert.equal(findings[0]!.suggestion, 'migrate_start_offloading');
});

test('established prefixes pass: path, shared first word, managed families, tree namespaces', async () => {
  const code = [
    'int folios_mc_copy(void) { return 0; }',
    'EXPORT_SYMBOL(folios_mc_copy);',
    'int dcbm_register(void) { return 0; }',
    'EXPORT_SYMBOL_GPL(dcbm_register);',
    'int bdi_alloc(int n) { return n; }',
    'EXPORT_SYMBOL(bdi_alloc);',
    'void bdi_put(int n) { }',
    'EXPORT_SYMBOL(bdi_put);',
    'void __iomem *pcim_iomap_table(int n) { return 0; }',
    'EXPORT_SYMBOL(pcim_iomap_table);',
    'void *dmam_alloc_attrs(int n) { return 0; }',
    'EXPORT_SYMBOL(dmam_alloc_attrs);',
    'int iommu_map_sg(int n) { return n; }',
    'EXPORT_SYMBOL_GPL(iommu_map_sg);',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, code, { fileName: 'drivers/migoffcopy/dcbm/dcbm.c' }), []);
});

test('a shared verb is not a namespace when only one export has it; a generic name is flagged', async () => {
  const code = 'int get_active_migrator_name(void) { return 0; }\nEXPORT_SYMBOL_GPL(get_active_migrator_name);\n';
  const findings = await findingsOf(rule, code, { fileName: 'drivers/migoffcopy/mtcopy.c' });
  assert.deepEqual(findings.map((finding) => finding.message), [
    "exported symbol 'get_active_migrator_name' has no subsystem prefix: every module in the kernel shares this namespace",
  ]);
});

test('a patch that only exports an existing function does not choose its name: not judged', async () => {
  const patch = [
    'diff --git a/mm/vmscan.c b/mm/vmscan.c', 'index 1111111..2222222 100644', '--- a/mm/vmscan.c', '+++ b/mm/vmscan.c',
    '@@ -10,3 +10,4 @@', ' int isolate_lru_folio(struct folio *folio)', ' {', ' }', '+EXPORT_SYMBOL_GPL(isolate_lru_folio);',
    '@@ -40,2 +41,7 @@', ' ', '+int offload_start(void)', '+{', '+\treturn 0;', '+}', '+EXPORT_SYMBOL_GPL(offload_start);', ' ', '',
  ].join('\n');
  const findings = await findingsOf(rule, patch);
  assert.deepEqual(findings.map((finding) => covered(patch, finding.range)), ['offload_start']);
});

test('accepted mainline names pass: the subsystem as a later word, one-word names, internals, directory namespaces', async () => {
  const code = ['unlock_page', 'handle_mm_fault', 'vfree', '__might_fault', 'krealloc_noprof', 'get_user_pages']
    .map((name) => `int ${name}(int n) { return n; }\nEXPORT_SYMBOL(${name});\n`).join('');
  assert.deepEqual(await findingsOf(rule, code, { fileName: 'mm/gup.c' }), []);
  assert.deepEqual(directoryPrefixes('mm/gup.c').includes('get'), true);
  assert.deepEqual(directoryPrefixes('drivers/dma/idxd/dma.c').includes('idxd'), true);
});

test('an export of a symbol a plain file does not define is still judged (it is the file\'s own)', async () => {
  const findings = await findingsOf(rule, 'EXPORT_SYMBOL(do_thing);\n', { fileName: 'lib/helper.c' });
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /'do_thing' has no subsystem prefix/);
  assert.equal(findings[0]!.suggestion, 'helper_do_thing');
});
