import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewSession, editBetween } from '../../src/core/review/session';
import { nodeCParser } from '../../src/node/assets';

test('editBetween finds the changed span by common prefix and suffix, in rows and columns', () => {
  const edit = editBetween('int a;\nint bb;\n', 'int a;\nint bxb;\n');
  assert.equal(edit.startIndex, 12);
  assert.equal(edit.oldEndIndex, 12);
  assert.equal(edit.newEndIndex, 13);
  assert.deepEqual(edit.startPosition, { row: 1, column: 5 });
  assert.deepEqual(edit.newEndPosition, { row: 1, column: 6 });
  const removal = editBetween('aaaa', 'aa');
  assert.equal(removal.oldEndIndex - removal.startIndex, 2);
  assert.equal(removal.newEndIndex, removal.startIndex);
});

test('an incremental re-parse gives the same tree as a fresh parse, and an unchanged text reuses the tree', async () => {
  const parser = await nodeCParser();
  const session = new ReviewSession();
  const before = 'static int count = 0;\nint f(void)\n{\n\treturn count;\n}\n';
  const after = before.replace('return count;', 'return count + 1;');
  const first = session.parse(parser, 'unit', before);
  assert.equal(session.parse(parser, 'unit', before), first);
  const incremental = session.parse(parser, 'unit', after);
  const fresh = parser.parse(after);
  assert.equal(incremental.rootNode.toString(), fresh.rootNode.toString());
  fresh.delete();
  session.endReview();
  session.endReview();
  session.dispose();
});
