import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, TreeCursor } from 'web-tree-sitter';
import { walk, type Walker } from '../src/core/c/parser';
import { nodeCParser } from '../src/node/assets';
import { isSkip, obtainKernelSource } from './kernel/kernelTree';

/** Every node in document order as the cursor reports it, with a leaf's facts, from either kind of cursor. */
function visit(cursor: Walker | TreeCursor, withLeaf: boolean): string[] {
  const seen: string[] = [];
  for (;;) {
    const node = cursor.currentNode;
    const facts = withLeaf ? (cursor as Walker).leaf() : { id: node.id, text: node.text, row: node.startPosition.row, column: node.startPosition.column };
    seen.push([cursor.nodeType, cursor.nodeTypeId, cursor.currentFieldName, cursor.currentFieldId, cursor.startIndex, cursor.endIndex,
      cursor.nodeIsMissing, cursor.nodeIsNamed, cursor.startPosition.row, cursor.startPosition.column, cursor.endPosition.row,
      cursor.endPosition.column, facts.id, facts.row, facts.column, node.childCount === 0 ? facts.text : ''].join('|'));
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return seen;
    }
  }
}

function sameWalks(scope: Node, label: string): void {
  const plain = scope.walk();
  const fast = walk(scope);
  try {
    assert.deepEqual(visit(fast, true), visit(plain, false), label);
  } finally {
    plain.delete();
    fast.delete();
  }
}

test('the fast cursor walks what web-tree-sitter\'s cursor walks: types, fields, indexes, positions, leaf text and starts (a subtree\'s walk stops at it)', async () => {
  const parser = await nodeCParser();
  // Non-ASCII before names on a line (columns count UTF-16 units), a missing `;`, an ERROR node, a macro.
  const text = '/* é€😀 */ int abc = f(x); int q;\nstruct s { int y }\n#define X(a) ((a) + 1)\nint g(void) { return X(q) + ; }\n';
  const tree = parser.parse(text);
  try {
    const probe = walk(tree);
    assert.notEqual(probe.constructor.name, 'TreeCursor', 'the fast cursor is in use where the runtime was loaded here');
    probe.delete();
    sameWalks(tree.rootNode, 'whole tree');
    for (const child of tree.rootNode.children) if (child) sameWalks(child, `top-level ${child.type}`);
  } finally {
    tree.delete();
  }
});

const kernel = obtainKernelSource();

test('the fast cursor agrees on real kernel code, over memory growth', { skip: isSkip(kernel) && kernel.skip }, async () => {
  if (isSkip(kernel)) return;
  const parser = await nodeCParser();
  for (const file of ['kernel/bpf/verifier.c', 'mm/page_alloc.c']) {
    const tree = parser.parse(readFileSync(join(kernel.root, file), 'utf8'));
    try {
      sameWalks(tree.rootNode, file);
    } finally {
      tree.delete();
    }
  }
});
