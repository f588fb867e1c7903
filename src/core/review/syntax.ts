import { Query, type Language, type Node, type Tree } from 'web-tree-sitter';
import type { UnitRange } from './rule';

/** Visits every node of the tree in document order; `visit` returning false skips the node's children. */
export function forEachNode(tree: Tree | Node, visit: (node: Node) => boolean | void): void {
  const cursor = tree.walk();
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

type Index = Map<string, Node[]>;

/** Whole-tree indexes, and per-subtree ones for declaration-scoped rules (keyed by the node's id in its tree). */
const treeIndexes = new WeakMap<Tree, Index>();
const subtreeIndexes = new WeakMap<Tree, Map<number, Index>>();
/** Merged multi-type lists of a whole-tree index, so a second rule asking the same types does not sort again. */
const merged = new WeakMap<Index, Map<string, Node[]>>();
const queries = new WeakMap<Language, Query>();

/** One query captures every indexed type: the search runs inside the WASM module, far faster than a JS walk. */
function indexQuery(language: Language): Query {
  let query = queries.get(language);
  if (!query) {
    query = new Query(language, `[${[...indexedTypes].map((type) => `(${type})`).join(' ')}] @node`);
    queries.set(language, query);
  }
  return query;
}

function capture(node: Node): Index {
  const index: Index = new Map();
  for (const { node: found } of indexQuery(node.tree.language).captures(node)) {
    const list = index.get(found.type);
    if (list) list.push(found);
    else index.set(found.type, [found]);
  }
  return index;
}

/**
 * Indexes the whole tree at once: when every declaration is about to be judged (a first review), one query over
 * the tree is cheaper than one per declaration.
 */
export function indexWholeTree(tree: Tree): void {
  treeIndex(tree);
}

/**
 * Drops a tree's indexes when the tree is deleted: findings keep a few nodes (for their fixes), and through them the
 * tree object, which must not keep every indexed node of a big file alive.
 */
export function forgetIndex(tree: Tree): void {
  const index = treeIndexes.get(tree);
  if (index) merged.delete(index);
  treeIndexes.delete(tree);
  subtreeIndexes.delete(tree);
}

function treeIndex(tree: Tree): Index {
  let index = treeIndexes.get(tree);
  if (!index) treeIndexes.set(tree, (index = capture(tree.rootNode)));
  return index;
}

/**
 * The index of one subtree: after an edit only the declarations the edit touched are judged again, so building the
 * whole tree's index would cost more than the rules themselves. A subtree of an already indexed tree is a slice.
 */
function subtreeIndex(node: Node): Index | undefined {
  if (treeIndexes.has(node.tree)) return undefined;
  let byNode = subtreeIndexes.get(node.tree);
  if (!byNode) subtreeIndexes.set(node.tree, (byNode = new Map()));
  let index = byNode.get(node.id);
  if (!index) byNode.set(node.id, (index = capture(node)));
  return index;
}

function listsOf(index: Index, types: readonly string[]): Node[][] {
  return types.map((type) => {
    if (!indexedTypes.has(type)) throw new Error(`node type ${type} is not indexed`);
    return index.get(type) ?? [];
  });
}

function mergeSorted(lists: Node[][]): Node[] {
  if (lists.length === 1) return lists[0]!;
  return lists.flat().sort((a, b) => a.startIndex - b.startIndex);
}

/** Every node of the given types (from the indexed set) in the tree or under one node, in document order. */
export function nodesOfType(scope: Tree | Node, types: readonly string[]): Node[] {
  const whole = 'rootNode' in scope ? scope : scope.parent === null ? scope.tree : undefined;
  if (whole) {
    const index = treeIndex(whole);
    if (types.length === 1) return listsOf(index, types)[0]!;
    let byKey = merged.get(index);
    if (!byKey) merged.set(index, (byKey = new Map()));
    const key = types.join(' ');
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = mergeSorted(listsOf(index, types))));
    return list;
  }
  const node = scope as Node;
  const own = subtreeIndex(node);
  if (own) return mergeSorted(listsOf(own, types));
  return mergeSorted(listsOf(treeIndex(node.tree), types).map((list) => within(list, node)));
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
  return declaration.parent?.type === 'translation_unit';
}

/** The function called by a call_expression, when it is called by plain name. */
export function calleeName(call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' ? callee.text : undefined;
}
