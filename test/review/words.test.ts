import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findExpansion } from '../../src/core/review/expansions';
import { replaceWord, splitIdentifier } from '../../src/core/review/identifierWords';
import type { KernelKnowledge } from '../../src/core/review/names/kernelKnowledge';
import { createVocabulary } from '../../src/core/review/vocabulary';

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

test('prose gives the expansion only where it spells the abbreviation out: hyphenated, parenthesised, at the definition', () => {
  const message = 'Offload-Copy drivers should implement following functions to enable folio migration offloading';
  assert.deepEqual(findExpansion('offc', [{ text: message, source: 'the commit message' }]),
    { words: 'offload_copy', quote: 'Offload-Copy', source: 'the commit message' });
  // "migration" contains the letters of mig, but nothing in the message says mig stands for it.
  assert.equal(findExpansion('mig', [{ text: message, source: 'the commit message' }]), undefined);
  assert.equal(findExpansion('qbe', [{ text: 'a Queued Block Exchange (QBE) ring', source: 'a comment' }])?.words, 'queued_block_exchange');
  assert.equal(findExpansion('qbe', [{ text: 'qbe (queued block exchange) ring', source: 'a comment' }])?.words, 'queued_block_exchange');
  assert.equal(findExpansion('qbe', [{ text: '/* queued block exchange users */', source: 'c', atDefinition: true }])?.words, 'queued_block_exchange');
  assert.equal(findExpansion('qbe', [{ text: '/* queued block exchange users */', source: 'c' }]), undefined);
  assert.equal(findExpansion('corx', [{ text: '/* correxable errors */', source: 'c', atDefinition: true }])?.words, 'correxable');
});

test('filler words, trailers, addresses and names are never evidence', () => {
  assert.equal(findExpansion('ofc', [{ text: 'of course the cat', source: 'c', atDefinition: true }]), undefined);
  assert.equal(findExpansion('sw', [{ text: 'the shrinker will run', source: 'c', atDefinition: true }]), undefined);
  const trailers = 'Signed-off-by: Quentin Bex-Xavier <qbx@example.org>\nCc: Zed Quor-Vance\nFrom: Quin Bo-Xu <q@x.org>';
  assert.equal(findExpansion('qbx', [{ text: trailers, source: 'the commit message' }]), undefined);
  assert.equal(findExpansion('qqzx', [{ text: 'nothing relevant', source: 'the commit message' }]), undefined);
});

test('a very long run of letters is not split word by word: the questions asked stay linear in its length', () => {
  let questions = 0;
  const english = { has: (word: string) => (questions++, word === 'page' || word === 'copy') };
  const vocabulary = createVocabulary(() => english, [], { isWord: () => false, hasIdentifier: () => false } satisfies KernelKnowledge);
  assert.equal(vocabulary.isKnown('pagecopy'), true, 'a short compound is still split into its words');
  questions = 0;
  // A generated or garbled name (npm run fuzz found a review held for minutes by one): no shortcut is this long.
  assert.equal(vocabulary.isKnown('q'.repeat(2000)), true);
  assert.ok(questions < 2000, `${questions} questions for one 2,000-letter word`);
});
