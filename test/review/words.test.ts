import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandAbbreviation, expandFromProse, proseWords } from '../../src/core/review/expansions';
import { replaceWord, splitIdentifier } from '../../src/core/review/identifierWords';

test('identifiers split at underscores and camelCase, keeping digits with their letters', () => {
  const words = (name: string) => splitIdentifier(name).map((part) => part.word);
  assert.deepEqual(words('migrate_offc'), ['migrate', 'offc']);
  assert.deepEqual(words('getOffcCount'), ['get', 'Offc', 'Count']);
  assert.deepEqual(words('HTTPServer_p4d_u32'), ['HTTP', 'Server', 'p4d', 'u32']);
  assert.deepEqual(words('__OFFC_MIGRATION'), ['OFFC', 'MIGRATION']);
});

test('a word is replaced in the identifier\'s own style', () => {
  assert.equal(replaceWord('migrate_offc', 'offc', 'offload_copy'), 'migrate_offload_copy');
  assert.equal(replaceWord('CONFIG_OFFC_MIGRATION', 'offc', 'offload_copy'), 'CONFIG_OFFLOAD_COPY_MIGRATION');
  assert.equal(replaceWord('getOffcCount', 'offc', 'offload_copy'), 'getOffloadCopyCount');
  assert.equal(replaceWord('offc_offc', 'offc', 'offload_copy'), 'offload_copy_offload_copy');
});

test('prose gives the expansion: consecutive word prefixes first, then one word, then the table', () => {
  const message = 'Offload-Copy drivers should implement following functions to enable folio migration offloading';
  assert.equal(expandFromProse('offc', proseWords(message)), 'offload_copy');
  assert.equal(expandFromProse('mig', proseWords(message)), 'migration');
  assert.equal(expandFromProse('zzq', proseWords(message)), undefined);
  assert.equal(expandAbbreviation('cfg', 'nothing relevant'), 'config');
  assert.equal(expandAbbreviation('qqzx', 'nothing relevant'), undefined);
});

test('short filler words do not build an expansion', () => {
  assert.equal(expandFromProse('ofc', proseWords('of course the cat')), undefined);
});
