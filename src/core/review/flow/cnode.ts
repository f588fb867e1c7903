import type { Node } from 'web-tree-sitter';

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

export function copyTree(node: Node): Copied {
  const cursor = node.walk();
  let broken = false;
  const build = (field: string | null): CNode => {
    const type = cursor.nodeType;
    const missing = cursor.nodeIsMissing;
    if (type === 'ERROR' || (missing && type !== ';')) broken = true;
    const copy: CNode = {
      type, field, named: cursor.nodeIsNamed, text: '', kids: [], missing,
      start: cursor.startPosition, end: cursor.endPosition,
    };
    if (cursor.gotoFirstChild()) {
      do copy.kids.push(build(cursor.currentFieldName)); while (cursor.gotoNextSibling());
      cursor.gotoParent();
    } else {
      copy.text = cursor.nodeText;
    }
    return copy;
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
