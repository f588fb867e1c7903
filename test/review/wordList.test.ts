import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedWordList, sortWordList } from '../../src/core/review/wordList';
import { englishWordListFromDisk } from '../../src/node/assets';

test('every word of the shipped list is found by the in-place search, as text and as bytes, and words next to them are not', () => {
  const shipped = englishWordListFromDisk();
  const text = typeof shipped === 'string' ? shipped : new TextDecoder('latin1').decode(shipped);
  const words = text.split('\n');
  assert.ok(words.length > 200_000, `${words.length} words`);
  assert.equal(sortWordList(text), text, 'the list is lower case, deduplicated and sorted as the search needs');
  const known = new Set(words);
  for (const list of [new SortedWordList(text), new SortedWordList(new TextEncoder().encode(text))]) {
    for (let i = 0; i < words.length; i += 97) {
      const word = words[i]!;
      assert.ok(list.has(word), word);
      for (const near of [`${word}q`, word.slice(0, -1), `${word}\n`, `${word.slice(0, -1)}\u00ff`]) assert.equal(list.has(near), known.has(near), near);
    }
    assert.ok(list.has(words[0]!) && list.has(words.at(-1)!));
    assert.ok(!list.has('') && !list.has('offc') && !list.has('Copy') && !list.has('\u0100'));
  }
});

test('the search over bytes answers as the search over text, for words before, between and after the lines', () => {
  const text = sortWordList('b\nbb\nbc\nd\nde\nzz');
  const bytes = new TextEncoder().encode(text);
  const probes = ['a', 'b', 'ba', 'bb', 'bbb', 'bc', 'c', 'd', 'dd', 'de', 'df', 'z', 'zz', 'zzz', '{', 'B', '\u00e9'];
  const asText = new SortedWordList(text);
  const asBytes = new SortedWordList(bytes);
  assert.deepEqual(probes.map((word) => asBytes.has(word)), probes.map((word) => asText.has(word)));
  assert.deepEqual(probes.filter((word) => asBytes.has(word)), ['b', 'bb', 'bc', 'd', 'de', 'zz']);
});

test('sortWordList turns a mixed list into the searchable form', () => {
  const list = new SortedWordList(sortWordList('Zebra\r\nant\nMIGRATE\nant\n'));
  assert.deepEqual(['ant', 'migrate', 'zebra', 'bee'].map((word) => list.has(word)), [true, true, true, false]);
});
