import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linesOfOffsets } from '../../src/core/text/linesOfOffsets';
import { lineOfOffset } from '../../src/core/text/lineOfOffset';
import { seededRandom } from '../../src/core/copy/random';

/** VS Code's answer: line starts after every CRLF, LF or lone CR, then the line holding the offset. */
function reference(text: string, offsets: readonly number[]): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return offsets.map((offset) => lineOfOffset(starts, offset));
}

describe('linesOfOffsets', () => {
  it('counts LF, CRLF and lone CR breaks as VS Code does, an offset inside a CRLF on the line before', () => {
    const text = 'a\nb\r\nc\rd\r\n\ne';
    const offsets = [...text].map((_, i) => i).concat(text.length);
    assert.deepEqual(linesOfOffsets(text, offsets), reference(text, offsets));
    assert.deepEqual(linesOfOffsets('x\r\ny', [2]), [0], 'the LF of a CRLF ends the line it closes');
  });

  it('agrees with the line table on random texts of mixed breaks', () => {
    const random = seededRandom(7);
    const pieces = ['a', 'bc', '\n', '\r\n', '\r', ' '];
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let i = 0, n = Math.floor(random() * 60); i < n; i++) text += pieces[Math.floor(random() * pieces.length)];
      const offsets = [...new Set(Array.from({ length: 8 }, () => Math.floor(random() * (text.length + 1))))].sort((a, b) => a - b);
      assert.deepEqual(linesOfOffsets(text, offsets), reference(text, offsets), JSON.stringify(text));
    }
  });

  it('refuses offsets out of order', () => {
    assert.throws(() => linesOfOffsets('a\nb', [2, 1]), /ascend/);
  });
});
