import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathPrefixes } from '../../src/core/review/rules/exportedSymbolPrefix';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'exported-symbol-prefix';

test('the file path gives the accepted prefixes', () => {
  assert.deepEqual(pathPrefixes('mm/migrate_offc.c'), ['mm', 'migrate_offc', 'mm', 'migrate', 'offc']);
});

test('on the seed: start_offloading and stop_offloading lack a prefix and kernel-doc', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  const prefix = findings.filter((finding) => finding.message.includes('prefix'));
  const doc = findings.filter((finding) => finding.message.includes('kernel-doc'));
  assert.deepEqual(prefix.map((finding) => covered(seed, finding.range)), ['start_offloading', 'stop_offloading']);
  assert.deepEqual(prefix.map((finding) => finding.range.start.line), [59, 76]);
  assert.deepEqual(doc.map((finding) => finding.range.start.line), [44, 61]);
  assert.equal(findings.length, 4);
});

test('prefixed exports with kernel-doc pass; folios_mc_copy and path prefixes are accepted', async () => {
  const code = [
    '/**',
    ' * folios_mc_copy() - copy folios.',
    ' */',
    'int folios_mc_copy(void)',
    '{',
    '\treturn 0;',
    '}',
    'EXPORT_SYMBOL(folios_mc_copy);',
    'EXPORT_SYMBOL_GPL(dcbm_register);',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, code, { fileName: 'drivers/migoffcopy/dcbm/dcbm.c' }), []);
});

test('an exported function whose comment is not kernel-doc is reported, prefix or not', async () => {
  const code = '/* plain comment */\nint dcbm_start(void)\n{\n\treturn 0;\n}\nEXPORT_SYMBOL_GPL(dcbm_start);\n';
  const findings = await findingsOf(rule, code, { fileName: 'dcbm.c' });
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /'dcbm_start' has no kernel-doc comment/);
  assert.equal(findings[0]!.range.start.line, 1);
});

test('an export of a symbol defined elsewhere only gets the prefix check', async () => {
  const findings = await findingsOf(rule, 'EXPORT_SYMBOL(do_thing);\n', { fileName: 'lib/helper.c' });
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /'do_thing' has no subsystem prefix/);
  assert.equal(findings[0]!.suggestion, 'helper_do_thing');
});
