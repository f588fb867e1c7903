import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedWordList, sortWordList } from '../../src/core/review/wordList';
import { englishWordListFromDisk } from '../../src/node/assets';

test('every word of the shipped list is found by the in-place search, and words next to them are not', () => {
  const text = englishWordListFromDisk();
  const words = text.split('\n');
  assert.ok(words.length > 200_000, `${words.length} words`);
  assert.equal(sortWordList(text), text, 'the list is lower case, deduplicated and sorted as the search needs');
  const list = new SortedWordList(text);
  const known = new Set(words);
  for (let i = 0; i < words.length; i += 97) {
    const word = words[i]!;
    assert.ok(list.has(word), word);
    for (const near of [`${word}q`, word.slice(0, -1), `${word}\n`]) assert.equal(list.has(near), known.has(near), near);
  }
  assert.ok(list.has(words[0]!) && list.has(words.at(-1)!));
  assert.ok(!list.has('') && !list.has('offc') && !list.has('Copy'));
});

test('sortWordList turns a mixed list into the searchable form', () => {
  const list = new SortedWordList(sortWordList('Zebra\r\nant\nMIGRATE\nant\n'));
  assert.deepEqual(['ant', 'migrate', 'zebra', 'bee'].map((word) => list.has(word)), [true, true, true, false]);
});
