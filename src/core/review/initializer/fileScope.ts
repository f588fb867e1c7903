import type { Node, Tree } from 'web-tree-sitter';
import { isTopLevel } from '../syntax';
import { TopLevelMemo } from '../topLevelMemo';

/**
 * tree-sitter does not expand macros, so a function whose head carries one (`static __always_inline __realloc_size(2)
 * void *f(...)`) breaks into an ERROR node that swallows the `{` and leaves the body's statements at the top level,
 * where `ks = 0;` would look like a file-scope object. A top-level node counts as file scope only when the braces of
 * the broken nodes before it are balanced. Computed once per tree.
 */
const depths = new WeakMap<Tree, Map<number, number>>();

/** Braces among the leaves of a (broken) node: one cursor walk on type ids, no Node object per node. */
function braceBalance(node: Node): number {
  const { types } = node.tree.language;
  const cursor = node.walk();
  let balance = 0;
  let depth = 0;
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      const type = types[cursor.nodeTypeId];
      if (type === '{') balance++;
      else if (type === '}') balance--;
      for (;;) {
        if (depth === 0) return balance;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * What a top-level node does to the brace depth: only broken nodes can leave braces open; well-formed ones are
 * balanced by construction. Reused for unchanged nodes across re-reviews (most of a re-review's tree).
 */
const balances = new TopLevelMemo<number>((child) =>
  child.type === 'ERROR' || child.type === '{' || child.type === '}' || child.hasError ? braceBalance(child) : 0);

/** Depth before each root child (by start index), and the children: one pass, no Node for a reused child. */
function depthsOf(tree: Tree): Map<number, number> {
  let map = depths.get(tree);
  if (map) return map;
  map = new Map();
  let depth = 0;
  const children = balances.children(tree);
  for (const child of children) {
    map.set(child.startIndex, depth);
    if (child.value !== 0) depth = Math.max(0, depth + child.value);
  }
  depths.set(tree, map);
  openDepths.set(tree, children.filter((child) => (map.get(child.startIndex) ?? 0) > 0)
    .map((child) => `${map.get(child.startIndex)}:${child.text.slice(0, 40)}`).join('\n'));
  return map;
}

/** depthFacts() of each tree, made with its depths. */
const openDepths = new WeakMap<Tree, string>();

/** Where brace depth is not zero, by the text the top-level node starts with: empty for a well-formed file. */
export function depthFacts(tree: Tree): string {
  depthsOf(tree);
  return openDepths.get(tree) ?? '';
}

const conditionalBlocks = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

/** `#if`/`#ifdef`/`#else` blocks, through which a declaration is still at file scope. */
export function isConditionalBlock(type: string): boolean {
  return conditionalBlocks.has(type);
}

/**
 * The top-level node holding `node` through `#if` blocks only; undefined inside a function or any other construct.
 * Each `parent` is a walk down from the root in tree-sitter: asked once per level, and not at all of a top-level node.
 */
export function fileScopeAncestor(node: Node): Node | undefined {
  for (let current = node; ;) {
    if (isTopLevel(current)) return current;
    const parent = current.parent;
    if (!parent || !conditionalBlocks.has(parent.type)) return undefined;
    current = parent;
  }
}

const firstColumns = new WeakMap<Tree, Map<number, number>>();

/** Column of the first top-level node on `node`'s line: tree-sitter may split one declaration line in two. */
function lineIndent(node: Node): number {
  let map = firstColumns.get(node.tree);
  if (!map) {
    map = new Map();
    for (const child of node.tree.rootNode.children) {
      if (child && !map.has(child.startPosition.row)) map.set(child.startPosition.row, child.startPosition.column);
    }
    firstColumns.set(node.tree, map);
  }
  return map.get(node.startPosition.row) ?? node.startPosition.column;
}

/** True for a declaration at file scope (possibly inside `#if` blocks) that does not stand inside a broken function body. */
export function isTrueFileScope(node: Node): boolean {
  return isTrueFileScopeAt(fileScopeAncestor(node));
}

/** isTrueFileScope() of a node whose fileScopeAncestor() is `top`. */
export function isTrueFileScopeAt(top: Node | undefined): boolean {
  // Kernel style starts file-scope declarations in column 0; an indented one is a function body's line that a
  // hunk starting mid-function (or a cut quote) left at the top level of what tree-sitter saw.
  if (top === undefined || lineIndent(top) > 0) return false;
  return (depthsOf(top.tree).get(top.startIndex) ?? 0) === 0;
}
