import { Query, type Language, type Node, type Tree } from 'web-tree-sitter';
import { walk } from '../c/parser';
import type { UnitRange } from './rule';

/** Visits every node of the tree in document order; `visit` returning false skips the node's children. */
export function forEachNode(tree: Tree | Node, visit: (node: Node) => boolean | void): void {
  const cursor = walk(tree);
  try {
    let descend = true;
    for (;;) {
      if (descend && visit(cursor.currentNode) !== false && cursor.gotoFirstChild()) continue;
      descend = true;
      if (cursor.gotoNextSibling()) continue;
      let climbed = false;
      while (cursor.gotoParent()) {
        if (cursor.gotoNextSibling()) {
          climbed = true;
          break;
        }
      }
      if (!climbed) return;
    }
  } finally {
    cursor.delete();
  }
}

/** The node types rules look up; one walk per tree collects them all, so seven rules do not walk seven times. */
const indexedTypes = new Set([
  'identifier', 'field_identifier', 'type_identifier', 'comment', 'init_declarator', 'initializer_list', 'expression_statement',
  'call_expression', 'function_definition', 'parameter_declaration', 'preproc_params', 'declaration',
]);

/**
 * The types a declaration's index captures at once: what the rules ask of nearly every declaration. The rest of the
 * indexed set (identifiers above all: 28,000 of verifier.c's 50,000 indexed nodes, four fifths of the capture's time
 * spent making their Node objects) is captured for a declaration only when a rule asks for it there.
 */
const eagerTypes = ['init_declarator', 'initializer_list', 'expression_statement', 'call_expression', 'function_definition', 'declaration'];

/** Node lists by type; a type with no entry was not captured (an empty list means none there). */
type Index = Map<string, Node[]>;

/**
 * Whole-tree lists, built per node type only when a unit-wide question asks for that type (a 10 MB file's every
 * indexed node as JS objects took 190 MB of heap), and per-declaration indexes that live only while the engine
 * judges that declaration (keyed by the node's id in its tree; see releaseSubtree).
 */
interface TreeIndex {
  lists: Index;
  /** Merged multi-type lists, so a second rule asking the same types does not sort again. */
  merged: Map<string, Node[]>;
}
const treeIndexes = new WeakMap<Tree, TreeIndex>();
const subtreeIndexes = new WeakMap<Tree, Map<number, Index>>();
const queries = new WeakMap<Language, Map<string, Query>>();

/** One query captures every asked type: the search runs inside the WASM module, far faster than a JS walk. */
function indexQuery(language: Language, types: readonly string[]): Query {
  let byTypes = queries.get(language);
  if (!byTypes) queries.set(language, (byTypes = new Map()));
  const key = types.join(' ');
  let query = byTypes.get(key);
  if (!query) byTypes.set(key, (query = new Query(language, `[${types.map((type) => `(${type})`).join(' ')}] @node`)));
  return query;
}

function addCaptured(index: Index, found: Node): void {
  addTyped(index, found.type, found);
}

function addTyped(index: Index, type: string, found: Node): void {
  const list = index.get(type);
  if (list) list.push(found);
  else index.set(type, [found]);
}

/**
 * Trees under this many nodes (some 400 lines of C) are indexed by a cursor walk instead of queries: each query costs
 * 3-7 ms to compile (tree-sitter analyses the grammar for it), five of them more than reviewing a small patch's rules,
 * while a walk costs about 0.3 µs a node. Both give the same nodes in the same order (document order, a node before
 * the nodes inside it; compared on every top-level declaration of 594 kernel files).
 */
const WALK_BELOW_NODES = 10_000;
const walked = new WeakMap<Tree, boolean>();

function isSmall(tree: Tree): boolean {
  let small = walked.get(tree);
  if (small === undefined) walked.set(tree, (small = tree.rootNode.descendantCount < WALK_BELOW_NODES));
  return small;
}

/** Which type ids a walk collects, per language and asked set. */
const wantedIds = new WeakMap<Language, Map<string, boolean[]>>();

function wantedTable(language: Language, types: readonly string[]): boolean[] {
  let byKey = wantedIds.get(language);
  if (!byKey) wantedIds.set(language, (byKey = new Map()));
  const key = types.join(' ');
  let table = byKey.get(key);
  if (!table) {
    const wanted = new Set(types);
    byKey.set(key, (table = language.types.map((type) => wanted.has(type))));
  }
  return table;
}

/** The nodes of `types` under `node` (itself included) in document order, by one cursor walk. */
function walkCapture(node: Node, types: readonly string[], into: Index): void {
  const wanted = wantedTable(node.tree.language, types);
  // The fast cursor: a small unit's index is a walk of every node, four JS->WASM crossings a node.
  const cursor = walk(node);
  try {
    for (let descend = true; ;) {
      // The type from the cursor: the Node's own `type` getter is one more call into WASM per captured node.
      if (descend && wanted[cursor.nodeTypeId]) addTyped(into, cursor.nodeType, cursor.currentNode);
      if (descend && cursor.gotoFirstChild()) continue;
      descend = true;
      if (cursor.gotoNextSibling()) continue;
      if (!cursor.gotoParent()) return;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
}

/** Captures under `node` the types of `types` the index does not hold yet, in one walk. */
function capture(node: Node, types: readonly string[], index: Index = new Map()): Index {
  const missing = types.filter((type) => !index.has(type));
  if (missing.length === 0) return index;
  for (const type of missing) index.set(type, []);
  // A declaration's index is always walked, whatever the tree's size: on verifier.c's declarations the walk took
  // 56 ms where the query took 70 (a query's match bookkeeping outweighs the walk's crossings at this scale).
  walkCapture(node, missing, index);
  return index;
}

/**
 * Bytes of top-level declarations captured at once for a whole-tree list: the captures of one call pass through a
 * WASM buffer that grows to hold them all and never shrinks (87 MB for a 10 MB file in one call).
 */
const CAPTURE_CHUNK = 256 * 1024;

/** Whole-tree lists of `types` (none indexed yet), captured a range of top-level declarations at a time. */
function captureWhole(tree: Tree, types: readonly string[], into: Index): void {
  for (const type of types) into.set(type, []);
  if (isSmall(tree)) {
    walkCapture(tree.rootNode, types, into);
    return;
  }
  const query = indexQuery(tree.language, types);
  const root = tree.rootNode;
  const count = root.childCount;
  let first = 0;
  while (first < count) {
    const start = root.child(first)!.startIndex;
    let last = first;
    while (last + 1 < count && root.child(last)!.endIndex - start < CAPTURE_CHUNK) last++;
    const end = root.child(last)!.endIndex;
    // A range query also yields nodes that merely overlap it: each node is taken in the range it starts in.
    for (const { node } of query.captures(root, { startIndex: start, endIndex: end })) {
      if (node.startIndex >= start && (node.startIndex < end || node.startIndex === start)) addCaptured(into, node);
    }
    first = last + 1;
  }
}

function treeIndex(tree: Tree): TreeIndex {
  let index = treeIndexes.get(tree);
  if (!index) treeIndexes.set(tree, (index = { lists: new Map(), merged: new Map() }));
  return index;
}

function checkIndexed(types: readonly string[]): void {
  for (const type of types) if (!indexedTypes.has(type)) throw new Error(`node type ${type} is not indexed`);
}

/** The whole-tree lists of `types`, capturing the types no one asked for yet in one pass. */
function wholeLists(tree: Tree, types: readonly string[]): Node[][] {
  const { lists } = treeIndex(tree);
  const missing = types.filter((type) => !lists.has(type));
  if (missing.length > 0) captureWhole(tree, [...new Set(missing)], lists);
  return types.map((type) => lists.get(type)!);
}

/** Kept for callers of the earlier contract: whole-tree lists are now built per type when first asked for. */
export function indexWholeTree(tree: Tree): void {
  treeIndex(tree);
}

/**
 * Drops a tree's indexes when the tree is deleted: findings keep a few nodes (for their fixes), and through them the
 * tree object, which must not keep every indexed node of a big file alive.
 */
export function forgetIndex(tree: Tree): void {
  treeIndexes.delete(tree);
  subtreeIndexes.delete(tree);
}

/**
 * Drops the index of one top-level declaration once the engine has judged it: kept for every declaration, these
 * indexes together held every node of the tree (a first review of a big file).
 */
export function releaseSubtree(node: Node): void {
  // Rules also ask about nodes inside the declaration; those indexes go with it (949 were left over on 2.5 MB).
  subtreeIndexes.delete(node.tree);
  judging.delete(node.tree);
}

/** The top-level declaration being judged and its index: a lookup under one of its nodes is a slice of it. */
const judging = new WeakMap<Tree, { node: Node; start: number; end: number; index: Index }>();

/** The index of one subtree: built for a declaration the engine is judging, unless the tree has the types' lists. */
function subtreeIndex(node: Node, types: readonly string[]): Index {
  let byNode = subtreeIndexes.get(node.tree);
  if (!byNode) subtreeIndexes.set(node.tree, (byNode = new Map()));
  let index = byNode.get(node.id);
  if (!index) byNode.set(node.id, (index = capture(node, eagerTypes)));
  return capture(node, types, index);
}

function mergeSorted(lists: Node[][]): Node[] {
  if (lists.length === 1) return lists[0]!;
  return lists.flat().sort((a, b) => a.startIndex - b.startIndex);
}

/** Every node of the given types (from the indexed set) in the tree or under one node, in document order. */
export function nodesOfType(scope: Tree | Node, types: readonly string[]): Node[] {
  checkIndexed(types);
  const whole = 'rootNode' in scope ? scope : isRoot(scope) ? scope.tree : undefined;
  if (whole) {
    if (types.length === 1) return wholeLists(whole, types)[0]!;
    const { merged } = treeIndex(whole);
    const key = types.join(' ');
    let list = merged.get(key);
    if (!list) merged.set(key, (list = mergeSorted(wholeLists(whole, types))));
    return list;
  }
  const node = scope as Node;
  const lists = treeIndexes.get(node.tree)?.lists;
  if (lists && types.every((type) => lists.has(type))) return mergeSorted(types.map((type) => within(lists.get(type)!, node)));
  const enclosing = judging.get(node.tree);
  if (enclosing && enclosing.start <= node.startIndex && node.endIndex <= enclosing.end && subtreeIndexes.get(node.tree)?.size) {
    // Only nodes inside it, as a capture under it would give: not an enclosing node that starts where it starts.
    const index = capture(enclosing.node, types, enclosing.index);
    return mergeSorted(types.map((type) => within(index.get(type)!, node).filter((found) => found.endIndex <= node.endIndex)));
  }
  const own = subtreeIndex(node, types);
  if (isTopLevel(node)) judging.set(node.tree, { node, start: node.startIndex, end: node.endIndex, index: own });
  return mergeSorted(types.map((type) => own.get(type) ?? []));
}

/** The slice of a document-ordered list that lies inside `node` (binary search: the list is shared, not copied per call). */
function within(sorted: Node[], node: Node): Node[] {
  const first = lowerBound(sorted, node.startIndex);
  const last = lowerBound(sorted, node.endIndex);
  return sorted.slice(first, last);
}

function lowerBound(sorted: Node[], startIndex: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.startIndex < startIndex) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function nodeRange(node: Node): UnitRange {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}

/** Literal zero in any spelling C offers: 0, 0UL, 0x0, NULL, false, '\0'. Named constants are never zero here. */
export function isZeroLiteral(node: Node): boolean {
  switch (node.type) {
    case 'number_literal':
      return /^(0[xX]0*|0+)[uUlL]*$/.test(node.text);
    case 'null':
      return node.text === 'NULL';
    case 'false':
      return true;
    case 'char_literal':
      return /^'\\0+'$/.test(node.text);
    case 'parenthesized_expression':
      return node.namedChildCount === 1 && isZeroLiteral(node.namedChild(0)!);
    default:
      return false;
  }
}

/** The name a declarator declares (`*p`, `a[3]`, `f(void)` all lead to an identifier). */
export function declaredName(declarator: Node | null): Node | undefined {
  let current = declarator;
  while (current) {
    if (current.type === 'identifier' || current.type === 'field_identifier' || current.type === 'type_identifier') return current;
    current = current.childForFieldName('declarator');
  }
  return undefined;
}

export function isStatic(declaration: Node): boolean {
  return declaration.namedChildren.some((child) => child?.type === 'storage_class_specifier' && child.text === 'static');
}

export function isFileScope(declaration: Node): boolean {
  return isTopLevel(declaration);
}

/** The function called by a call_expression, when it is called by plain name. */
export function calleeName(call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' ? callee.text : undefined;
}

/**
 * The root's id and the ids of its children, once per tree. `node.parent` is no field in tree-sitter: it descends
 * from the root past every earlier top-level declaration, so asking it of many nodes of a big file is quadratic.
 * Weakly keyed: a deleted tree's entry goes with the tree object.
 */
const topLevels = new WeakMap<Tree, { root: number; children: Set<number> }>();

function topLevelOf(tree: Tree): { root: number; children: Set<number> } {
  let found = topLevels.get(tree);
  if (!found) {
    const root = tree.rootNode;
    found = { root: root.id, children: new Set(root.children.map((child) => child!.id)) };
    topLevels.set(tree, found);
  }
  return found;
}

/** True for the tree's root node: `node.parent === null` without the walk. */
export function isRoot(node: Node): boolean {
  return topLevelOf(node.tree).root === node.id;
}

/** True for a child of the root: `node.parent?.type === 'translation_unit'` without the walk. */
export function isTopLevel(node: Node): boolean {
  return topLevelOf(node.tree).children.has(node.id);
}
