import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCParser } from '../src/node/assets';

test('the C grammar loads from its npm package and parses a designated initializer', async () => {
  const parser = await nodeCParser();
  const tree = parser.parse('static struct s x = { .owner = NULL, .n = 0 };\n');
  const pairs = tree.rootNode.descendantsOfType('initializer_pair');
  assert.equal(pairs.length, 2);
  assert.equal(pairs[0]?.childForFieldName('value')?.type, 'null');
  tree.delete();
});
