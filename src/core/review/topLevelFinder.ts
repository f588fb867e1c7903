import type { Node, Tree } from 'web-tree-sitter';

/**
 * Finds the top-level node holding each of a run of text positions, and a node's ancestors below it, without
 * tree-sitter's walks from the root: `Node.parent` and `rootNode.descendantForIndex` both scan the root's children
 * from the first, so asking them once per match of a whole-text scan made unit facts quadratic in the file's size.
 * Positions are best asked in ascending order (one cursor pass over the root's children); an earlier one restarts it.
 */
export class TopLevelFinder {
  private cursor: ReturnType<Tree['walk']>;
  private started = false;
  private current: Node | undefined;

  constructor(private readonly tree: Tree) {
    this.cursor = tree.walk();
  }

  /** The root's child whose text holds `index` (start ≤ index < end), or undefined between them. */
  at(index: number): Node | undefined {
    const { cursor } = this;
    if (!this.started || cursor.startIndex > index) {
      cursor.reset(this.tree.rootNode);
      this.current = undefined;
      if (!cursor.gotoFirstChild()) return undefined;
      this.started = true;
    }
    while (cursor.endIndex <= index) {
      if (!cursor.gotoNextSibling()) return undefined;
      this.current = undefined;
    }
    if (cursor.startIndex > index) return undefined;
    return (this.current ??= cursor.currentNode);
  }

  /** The smallest node spanning [start, end) inside the top-level node holding `start`, as the root would find it. */
  descendant(start: number, end: number): { top: Node; node: Node } | undefined {
    const top = this.at(start);
    // A range running past its top-level node spans no node below the root.
    const node = top && top.endIndex >= end ? top.descendantForIndex(start, end) : undefined;
    return top && node ? { top, node } : undefined;
  }

  dispose(): void {
    this.cursor.delete();
  }
}

/**
 * The ancestors of `node` from the top-level node `top` down to its parent, as `Node.parent` would climb them
 * (tree-sitter finds a parent by the same child-with-descendant steps, from the root); empty when node is top.
 */
export function ancestorsBelow(top: Node, node: Node): Node[] {
  const chain: Node[] = [];
  for (let at: Node | null = top; at && at.id !== node.id; at = at.childWithDescendant(node)) chain.push(at);
  return chain;
}
