import type { Node, Tree } from 'web-tree-sitter';
import { ancestorsBelow, TopLevelFinder } from '../topLevelFinder';
import { TopLevelMemo } from '../topLevelMemo';
import { elements, isAllZero } from './zero';

/**
 * Per-SoC data and feature descriptors (`static const struct x_soc_data a = { .wait = NULL, … }` beside
 * `b = { .wait = b_wait, … }`) spell out the zero on purpose: the objects of one type are read side by side.
 * Collected once per tree: every `type\0.path.to.member` some top-level object sets to a non-zero value.
 */
const cache = new WeakMap<Tree, Set<string>>();

/** `.features.msix_capable` for a pair nested in designated lists only; undefined under a positional element. */
export function memberPath(item: Node): { top: Node; path: string } | undefined {
  let path = '';
  let current: Node = item;
  for (;;) {
    const first = current.namedChild(0);
    if (current.type !== 'initializer_pair' || first?.type !== 'field_designator') return undefined;
    path = `.${current.namedChildren.filter((child) => child?.type === 'field_designator').map((child) => child!.namedChild(0)?.text).join('.')}${path}`;
    const list = current.parent;
    if (list?.type !== 'initializer_list') return undefined;
    const up = list.parent;
    if (up?.type === 'initializer_pair') current = up;
    else return { top: list, path };
  }
}

/** The type text of the declaration whose initializer `top` is (`struct x_soc_data`), when plain. */
export function objectType(top: Node): string | undefined {
  const declaration = top.parent?.type === 'init_declarator' ? top.parent.parent : undefined;
  return declaration?.type === 'declaration' ? declaration.childForFieldName('type')?.text : undefined;
}

/** `= {` with blanks, line continuations and comments between: how every brace initializer of a declarator starts. */
const listStart = /=(?:\s|\\|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*\{/g;

/**
 * Every `type\0.path` a designated pair under some declared object's brace initializer sets to non-zero. The lists
 * are found from the text (the `{` after a declarator's `=`), not from a list of every initializer_list of the tree:
 * that list would cost a query over the whole tree, and each pair's path upwards a walk from the root per `parent`.
 */
function collect(tree: Tree): Set<string> {
  let set = cache.get(tree);
  if (!set) {
    set = new Set();
    for (const child of perChild.children(tree)) for (const fact of child.value) set.add(fact);
    cache.set(tree, set);
  }
  return set;
}

/**
 * collectBefore() of one top-level node, from its own text: a list that counts has its declarator's `=` and its `{`
 * inside the same top-level node, so scanning each node's text finds the lists a scan of the whole text finds (a
 * match running from one node into the next counts in neither). Reused for unchanged nodes across re-reviews.
 */
const perChild = new TopLevelMemo<readonly string[]>((top, text) => {
  const set = new Set<string>();
  for (const match of text.matchAll(listStart)) {
    const at = top.startIndex + match.index + match[0].length - 1;
    const node = top.descendantForIndex(at, at + 1);
    if (!node) continue;
    addListAt(ancestorsBelow(top, node), set);
  }
  return [...set];
});

/** The facts of the list whose `{` has the ancestors `above` (from its top-level node down to its parent). */
function addListAt(above: readonly Node[], set: Set<string>): void {
  // The `{`'s parent, grandparent and great-grandparent (the root above the top-level node is none of these types).
  const list = above.at(-1);
  const declarator = above.at(-2);
  const declaration = above.at(-3);
  if (list?.type !== 'initializer_list' || declarator?.type !== 'init_declarator' || declarator.childForFieldName('value')?.id !== list.id) return;
  // objectType() with the parents known.
  const type = declaration?.type === 'declaration' ? declaration.childForFieldName('type')?.text : undefined;
  if (type) addPaths(list, '', type, set);
}

/** collect() of the top-level nodes starting before `end` (a chunk's own, not its slack; see chunks.ts). */
function collectBefore(tree: Tree, end: number): Set<string> {
  const set = new Set<string>();
  const root = tree.rootNode;
  const text = root.text;
  // The `{` and its parents are found below the top-level node holding it: from the root, each was a scan of every
  // earlier declaration (quadratic in the file's size).
  const tops = new TopLevelFinder(tree);
  try {
    for (const match of text.matchAll(listStart)) {
      const at = root.startIndex + match.index + match[0].length - 1;
      if (at >= end) break;
      const found = tops.descendant(at, at + 1);
      addListAt(found ? ancestorsBelow(found.top, found.node) : [], set);
    }
  } finally {
    tops.dispose();
  }
  return set;
}

/** memberPath() downwards: the pairs of a designated list and of the designated lists nested in them. */
function addPaths(list: Node, above: string, type: string, into: Set<string>): void {
  for (const item of elements(list)) {
    if (item.type !== 'initializer_pair' || item.namedChild(0)?.type !== 'field_designator') continue;
    const path = `${above}.${item.namedChildren.filter((child) => child?.type === 'field_designator').map((child) => child!.namedChild(0)?.text).join('.')}`;
    if (!isAllZero(item)) into.add(`${type}\0${path}`);
    const value = item.childForFieldName('value');
    if (value?.type === 'initializer_list') addPaths(value, path, type, into);
  }
}

/** The facts of a chunk's own top-level nodes (those starting before `end`), in a unit parsed in chunks. */
export function siblingSet(tree: Tree, end: number): ReadonlySet<string> {
  return collectBefore(tree, end);
}

/** Makes lookups on `tree` (a chunk's) answer from the whole unit's facts. */
export function adoptSiblingSet(tree: Tree, facts: Set<string>): void {
  cache.set(tree, facts);
}

/** The unit-wide fact this module contributes, as a fingerprint (Rule.unitFacts). */
export function siblingFacts(tree: Tree): string {
  return [...collect(tree)].sort().join('\n');
}

/** True when another object of the same type in this unit gives the member a non-zero value. */
export function siblingObjectSetsIt(item: Node): boolean {
  const where = memberPath(item);
  const type = where && objectType(where.top);
  return where !== undefined && type !== undefined && collect(item.tree).has(`${type}\0${where.path}`);
}
