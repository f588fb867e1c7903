import type { Language, Node } from 'web-tree-sitter';
import { lineOfOffset, lineStartsOf } from '../../text/lineOfOffset';
import { walk } from '../../c/parser';

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

/**
 * Rows and columns of the copied function from its own text: tree-sitter's rows count `\n` and its columns are code
 * units past the line's start (past the node's own column on its first line), so one text read and a line table replace
 * a position read per node (each a WASM call and an object).
 */
class Positions {
  private readonly lineStarts: number[];

  constructor(readonly text: string, private readonly base: number, private readonly origin: { row: number; column: number }) {
    this.lineStarts = lineStartsOf(text);
  }

  at(index: number): { row: number; column: number } {
    const offset = index - this.base;
    const starts = this.lineStarts;
    const low = lineOfOffset(starts, offset);
    return low === 0 ? { row: this.origin.row, column: this.origin.column + offset } : { row: this.origin.row + low, column: offset - starts[low]! };
  }

  slice(start: number, end: number): string {
    return this.text.slice(start - this.base, end - this.base);
  }
}

/**
 * Every call into tree-sitter's WASM costs more than the JS around it, so the copy asks as little as it can per node:
 * the type id (named-ness comes from the language), the field, the start and end indexes (rows, columns and a leaf's
 * text follow from the function's text); `missing` is only asked inside a function with errors.
 */
export function copyTree(node: Node): Copied {
  const language = node.tree.language;
  const { types, fields } = language;
  const mayBeMissing = node.hasError;
  const positions = new Positions(node.text, node.startIndex, node.startPosition);
  const cursor = walk(node);
  let broken = false;
  const build = (field: string | null): CNode => {
    const id = cursor.nodeTypeId;
    const type = types[id] || 'ERROR';
    const missing = mayBeMissing && cursor.nodeIsMissing;
    if (type === 'ERROR' || (missing && type !== ';')) broken = true;
    const named = isNamedType(language, id) ?? cursor.nodeIsNamed;
    const startIndex = cursor.startIndex;
    const endIndex = cursor.endIndex;
    if (cursor.gotoFirstChild()) {
      const kids: CNode[] = [];
      do kids.push(build(fields[cursor.currentFieldId] ?? null)); while (cursor.gotoNextSibling());
      cursor.gotoParent();
      // The node's own end, not its last kid's: hidden tokens (a `#define`'s closing newline) belong to no visible child.
      return { type, field, named, text: '', kids, start: positions.at(startIndex), end: positions.at(endIndex), missing };
    }
    return { type, field, named, text: positions.slice(startIndex, endIndex), kids: [], start: positions.at(startIndex), end: positions.at(endIndex), missing };
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
