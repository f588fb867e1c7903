import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bracketDepth } from '../src/core/c/parser';

/** The plain definition, one character at a time: what bracketDepth's jumps from one bracket or quote to the next must equal. */
function byEveryCharacter(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '(' || c === '[' || c === '{') {
      deepest = Math.max(deepest, ++depth);
    } else if ((c === ')' || c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

test('bracketDepth equals the character-by-character definition on C-like text (comments, strings, escapes, brackets)', () => {
  const pieces = fc.constantFrom('(', ')', '[', ']', '{', '}', '/', '*', '/*', '*/', '//', '"', "'", '\\', '\n', 'a', ' ', 'x = f(a[1]);', '"(\\"[" ', "'{'");
  fc.assert(fc.property(fc.array(pieces, { maxLength: 80 }), (parts) => {
    const text = parts.join('');
    assert.equal(bracketDepth(text), byEveryCharacter(text), JSON.stringify(text));
  }), { numRuns: 3000 });
  assert.equal(bracketDepth('int f(void) { return a[(1)]; } /* ((( */ "((" \'(\''), 3);
});
