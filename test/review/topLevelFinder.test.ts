import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { nodeCParser } from '../../src/node/assets';
import { ancestorsBelow, TopLevelFinder } from '../../src/core/review/topLevelFinder';
import { fixture } from './helpers';

/** Node.parent climbed to the root: what the finder must give without the walks from the root. */
function parents(node: Node): number[] {
  const chain: number[] = [];
  for (let at = node.parent; at; at = at.parent) chain.unshift(at.id);
  return chain;
}

test('the top-level finder finds the nodes and parents the root finds, in ascending and in earlier positions', async () => {
  const parser = await nodeCParser();
  // The patch's text is C with comments, macros, broken hunks and initializers: every kind of top-level node.
  const text = fixture('new-files.patch');
  const tree = parser.parse(text);
  const finder = new TopLevelFinder(tree);
  try {
    const positions = [...text.matchAll(/[{A-Za-z_]/g)].map((match) => match.index).filter((_, i) => i % 7 === 0);
    // Ascending, then a few going back (the finder restarts).
    for (const start of [...positions, ...positions.slice(0, 20).reverse()]) {
      const end = start + 1;
      const expected = tree.rootNode.descendantForIndex(start, end);
      const found = finder.descendant(start, end);
      if (!found) {
        assert.equal(expected?.id, tree.rootNode.id, `nothing below the root at ${start}`);
        continue;
      }
      assert.equal(found.node.id, expected?.id, `node at ${start}`);
      const root = tree.rootNode.id;
      assert.deepEqual([root, ...ancestorsBelow(found.top, found.node).map((node) => node.id)], parents(found.node), `parents at ${start}`);
    }
  } finally {
    finder.dispose();
    tree.delete();
  }
});
