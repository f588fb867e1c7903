import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedWordList, sortWordList } from '../../src/core/review/wordList';
import { englishWordBytesFromDisk, englishWordListFromDisk } from '../../src/node/assets';

test('every word of the shipped list is found by the in-place search, as text and as bytes, and words next to them are not', () => {
  const shipped = englishWordBytesFromDisk();
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

test('the list read from disk a line at a time answers as the list in memory, and reads it whole once lookups are many', () => {
  const bytes = englishWordBytesFromDisk();
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('latin1').decode(bytes);
  const words = text.split('\n');
  const fromDisk = englishWordListFromDisk();
  const inMemory = new SortedWordList(text);
  const probes = [words[0]!, words.at(-1)!, 'a', 'zzzzz', 'offc', 'migrate', '', '\u00ff'];
  for (let i = 0; i < words.length; i += 4099) probes.push(words[i]!, `${words[i]!}q`, words[i]!.slice(0, -1));
  assert.ok(probes.length > 64 * 2, 'enough lookups to pass the line-by-line limit');
  const list = new SortedWordList(fromDisk);
  assert.deepEqual(probes.map((word) => list.has(word)), probes.map((word) => inMemory.has(word)));
  // A small source counts its reads: lookups past the limit read it whole, once.
  const small = new TextEncoder().encode(sortWordList('ant\nbee\ncow\ndeer\nelk'));
  let whole = 0;
  const counted = new SortedWordList({ byteLength: small.length, read: (into, offset) => { const part = small.subarray(offset, offset + into.length); into.set(part); return part.length; }, readAll: () => (whole++, small) });
  const asked = Array.from({ length: 100 }, (_, i) => ['ant', 'bee', 'cow', 'deer', 'elk', 'fox', 'a', 'bees'][i % 8]! + (i >= 8 ? String(i) : ''));
  assert.deepEqual(asked.slice(0, 8).map((word) => counted.has(word)), [true, true, true, true, true, false, false, false]);
  for (const word of asked) counted.has(word);
  assert.equal(whole, 1);
  assert.deepEqual(['ant', 'elk', 'fox'].map((word) => counted.has(word)), [true, true, false]);
});
