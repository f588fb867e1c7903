/**
 * Cached access to the syntax tree. Every web-tree-sitter Node access crosses into WebAssembly and builds a
 * new Node object; a loop body runs the same nodes thousands of times, so their fields and named children
 * are looked up once per tree.
 */
import type { Node, Tree } from 'web-tree-sitter';

interface NodeFacts {
  fields: Map<string, Node | null>;
  named?: Node[];
  type?: string;
  text?: string;
  prefix?: boolean;
  row?: number;
}

const perTree = new WeakMap<Tree, Map<number, NodeFacts>>();

function facts(node: Node): NodeFacts {
  let nodes = perTree.get(node.tree);
  if (!nodes) perTree.set(node.tree, (nodes = new Map()));
  let f = nodes.get(node.id);
  if (!f) nodes.set(node.id, (f = { fields: new Map() }));
  return f;
}

export function field(node: Node, name: string): Node | null {
  const f = facts(node);
  let child = f.fields.get(name);
  if (child === undefined) {
    child = node.childForFieldName(name);
    f.fields.set(name, child);
  }
  return child;
}

/** Named children, without comments. */
export function named(node: Node): Node[] {
  const f = facts(node);
  f.named ??= node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  return f.named;
}

export function kind(node: Node): string {
  const f = facts(node);
  f.type ??= node.type;
  return f.type;
}

export function textOf(node: Node): string {
  const f = facts(node);
  f.text ??= node.text;
  return f.text;
}

/** `++x` rather than `x++`: the operator token comes first. */
export function isPrefix(node: Node, op: string): boolean {
  const f = facts(node);
  f.prefix ??= node.firstChild?.type === op;
  return f.prefix;
}

/** 0-based line where the node starts. */
export function rowOf(node: Node): number {
  const f = facts(node);
  f.row ??= node.startPosition.row;
  return f.row;
}

/** The argument expressions of a call. */
export function argumentNodes(call: Node): Node[] {
  const args = field(call, 'arguments');
  return args ? named(args) : [];
}
