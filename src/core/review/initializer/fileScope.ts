import type { Node, Tree } from 'web-tree-sitter';
import { isTopLevel } from '../syntax';

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

function depthsOf(tree: Tree): Map<number, number> {
  let map = depths.get(tree);
  if (map) return map;
  map = new Map();
  let depth = 0;
  for (const child of tree.rootNode.children) {
    if (!child) continue;
    map.set(child.startIndex, depth);
    // Only broken nodes can leave braces open; well-formed ones are balanced by construction.
    if (child.type === 'ERROR' || child.type === '{' || child.type === '}' || child.hasError) depth = Math.max(0, depth + braceBalance(child));
  }
  depths.set(tree, map);
  return map;
}

/** Where brace depth is not zero, by the text the top-level node starts with: empty for a well-formed file. */
export function depthFacts(tree: Tree): string {
  const map = depthsOf(tree);
  const open: string[] = [];
  for (const child of tree.rootNode.children) {
    const depth = child ? map.get(child.startIndex) ?? 0 : 0;
    if (child && depth > 0) open.push(`${depth}:${child.text.slice(0, 40)}`);
  }
  return open.join('\n');
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
