import type { Language, Node } from 'web-tree-sitter';

/**
 * A plain-JavaScript copy of one function's syntax tree. The flow analysis walks a function once per candidate
 * variable; walking tree-sitter's own nodes would cross into WASM for every child, so the tree is copied once.
 */
export interface CNode {
  type: string;
  field: string | null;
  named: boolean;
  /** Text of leaves (identifiers, operators, keywords); empty for inner nodes. */
  text: string;
  kids: CNode[];
  start: { row: number; column: number };
  end: { row: number; column: number };
  missing: boolean;
}

export interface Copied {
  root: CNode;
  /** ERROR nodes or missing tokens other than the `;` a loop macro leaves out (`list_for_each_entry(…) { … }`). */
  broken: boolean;
}

/** Named-ness by type id, asked of the language once per type instead of the cursor once per node. */
const namedTypes = new WeakMap<Language, Map<number, boolean>>();

function isNamedType(language: Language, id: number): boolean | undefined {
  if (id >= language.types.length) return undefined; // ERROR's id lies outside the table
  let table = namedTypes.get(language);
  if (!table) namedTypes.set(language, (table = new Map()));
  let named = table.get(id);
  if (named === undefined) table.set(id, (named = language.nodeTypeIsNamed(id)));
  return named;
}

/** Where a leaf ends: its text is all the tree knows between its start and its end. */
function leafEnd(start: { row: number; column: number }, text: string): { row: number; column: number } {
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - lastNewline - 1 };
}

/**
 * Every call into tree-sitter's WASM costs more than the JS around it, so the copy asks as little as it can per node:
 * the type id (named-ness comes from the language), the field, the start, and the end of inner nodes only (a leaf's
 * end follows from its text); `missing` is only asked inside a function with errors.
 */
export function copyTree(node: Node): Copied {
  const language = node.tree.language;
  const { types } = language;
  const mayBeMissing = node.hasError;
  const cursor = node.walk();
  let broken = false;
  const build = (field: string | null): CNode => {
    const id = cursor.nodeTypeId;
    const type = types[id] || 'ERROR';
    const missing = mayBeMissing && cursor.nodeIsMissing;
    if (type === 'ERROR' || (missing && type !== ';')) broken = true;
    const named = isNamedType(language, id) ?? cursor.nodeIsNamed;
    if (cursor.gotoFirstChild()) {
      const kids: CNode[] = [];
      do kids.push(build(cursor.currentFieldName)); while (cursor.gotoNextSibling());
      cursor.gotoParent();
      // Asked, not taken from the kids: hidden tokens (a `#define`'s closing newline) belong to no visible child.
      return { type, field, named, text: '', kids, start: cursor.startPosition, end: cursor.endPosition, missing };
    }
    const start = cursor.startPosition;
    const text = cursor.nodeText;
    return { type, field, named, text, kids: [], start, end: leafEnd(start, text), missing };
  };
  try {
    return { root: build(null), broken };
  } finally {
    cursor.delete();
  }
}

export function child(node: CNode, field: string): CNode | undefined {
  return node.kids.find((kid) => kid.field === field);
}

export function namedKids(node: CNode): CNode[] {
  return node.kids.filter((kid) => kid.named && kid.type !== 'comment');
}

/** Every identifier leaf under `node` named `name` (field names and labels have other node types). */
export function mentions(node: CNode, name: string): boolean {
  if (node.type === 'identifier') return node.text === name;
  return node.kids.some((kid) => mentions(kid, name));
}

export function forEachCNode(node: CNode, visit: (node: CNode) => void): void {
  visit(node);
  for (const kid of node.kids) forEachCNode(kid, visit);
}

export function stripParens(node: CNode): CNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = namedKids(current);
    if (inner.length !== 1) return current;
    current = inner[0]!;
  }
  return current;
}
