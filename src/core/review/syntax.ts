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

const indexes = new WeakMap<Tree, Map<string, Node[]>>();
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

function indexOf(tree: Tree): Map<string, Node[]> {
  let index = indexes.get(tree);
  if (index) return index;
  index = new Map<string, Node[]>();
  for (const { node } of indexQuery(tree.language).captures(tree.rootNode)) {
    const list = index.get(node.type);
    if (list) list.push(node);
    else index.set(node.type, [node]);
  }
  indexes.set(tree, index);
  return index;
}

/** Every node of the given types (from the indexed set) in the tree or under one node, in document order. */
export function nodesOfType(scope: Tree | Node, types: readonly string[]): Node[] {
  if (!('rootNode' in scope)) return within(nodesOfType(scope.tree, types), scope);
  const index = indexOf(scope);
  const lists = types.map((type) => {
    if (!indexedTypes.has(type)) throw new Error(`node type ${type} is not indexed`);
    return index.get(type) ?? [];
  });
  if (lists.length === 1) return lists[0]!;
  return lists.flat().sort((a, b) => a.startIndex - b.startIndex);
}

/** The slice of a document-ordered list that lies inside `node` (binary search: the list is shared, not copied per call). */
function within(sorted: Node[], node: Node): Node[] {
  if (node.parent === null) return sorted;
  const first = lowerBound(sorted, node.startIndex);
  let last = first;
  while (last < sorted.length && sorted[last]!.startIndex < node.endIndex) last++;
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
