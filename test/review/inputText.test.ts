import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_INPUT_BYTES, decodeInput, sizeProblem } from '../../src/core/review/inputText';

const bytes = (text: string) => new TextEncoder().encode(text);

test('reviewable text is decoded, a byte-order mark dropped', () => {
  assert.deepEqual(decodeInput(bytes('\ufeffint x;\n')), { text: 'int x;\n' });
  assert.deepEqual(decodeInput(bytes('/* é */ int x;\n')), { text: '/* é */ int x;\n' });
});

test('empty, blank, binary, non-UTF-8 and oversized inputs get a reason', () => {
  assert.deepEqual(decodeInput(new Uint8Array()), { problem: 'is empty' });
  assert.deepEqual(decodeInput(bytes(' \n\t\n')), { problem: 'is empty (only white space)' });
  assert.deepEqual(decodeInput(new Uint8Array([0x41, 0, 0x42])), { problem: 'is binary (it contains NUL bytes)' });
  assert.deepEqual(decodeInput(new Uint8Array([0x69, 0xe9, 0x0a])), { problem: 'is not UTF-8 text' });
  assert.match(sizeProblem(MAX_INPUT_BYTES + 1) ?? '', /^is too large/);
  assert.equal(sizeProblem(MAX_INPUT_BYTES), undefined);
});
