import type { Node, Tree } from 'web-tree-sitter';
import { walk } from '../c/parser';

/** One child of a tree's root as a memo hands it on: where it stands, and what was computed for it. */
export interface MemoizedChild<T> {
  type: string;
  startIndex: number;
  /** The child's text (a slice of the tree's text). */
  text: string;
  value: T;
}

/**
 * Facts computed per child of a tree's root and reused for the children of the next tree with the same type and text:
 * after a one-character edit every top-level node but one is textually unchanged, and a unit-wide fact that is a fold
 * of per-child facts (the objects a file initialises, brace depth past broken nodes) needs only that one computed
 * again. The same assumption the engine's declaration memo makes: a top-level node's subtree is a function of its type
 * and text. Entries live for two trees (the current and the one before), so memory stays that of two units' facts; a
 * caller alternating between more documents only computes more often.
 */
export class TopLevelMemo<T> {
  private static readonly all = new Set<TopLevelMemo<unknown>>();

  /** Forgets every memo's entries: a test's fresh review must compute everything itself. */
  static forgetAll(): void {
    for (const memo of TopLevelMemo.all) {
      memo.previous = new Map();
      memo.current = new Map();
      memo.lastTree = undefined;
    }
  }

  /** Text → type and value: keyed by the text alone, so the key is the slice itself and never a concatenation. */
  private previous = new Map<string, { type: string; value: T }>();
  private current = new Map<string, { type: string; value: T }>();
  private lastTree: Tree | undefined;

  constructor(private readonly compute: (node: Node, text: string) => T) {
    TopLevelMemo.all.add(this as TopLevelMemo<unknown>);
  }

  /**
   * Every child of the root in order with its value, made with one cursor pass: a Node is made only for a child whose
   * value is not known (reused trees of a re-review need none).
   */
  children(tree: Tree): MemoizedChild<T>[] {
    if (tree !== this.lastTree) {
      // A new tree: what the one before last had and the last did not is dropped.
      if (this.lastTree !== undefined) {
        this.previous = this.current;
        this.current = new Map();
      }
      this.lastTree = tree;
    }
    const root = tree.rootNode;
    const text = root.text;
    const base = root.startIndex;
    const out: MemoizedChild<T>[] = [];
    const cursor = walk(tree);
    try {
      if (!cursor.gotoFirstChild()) return out;
      do {
        const type = cursor.nodeType;
        const startIndex = cursor.startIndex;
        const own = text.slice(startIndex - base, cursor.endIndex - base);
        let known = this.current.get(own);
        if (known?.type !== type) {
          const before = this.previous.get(own);
          known = before?.type === type ? before : { type, value: this.compute(cursor.currentNode, own) };
          // Two nodes of one text and different types (never seen in kernel code) keep the later one.
          this.current.set(own, known);
        }
        out.push({ type, startIndex, text: own, value: known.value });
      } while (cursor.gotoNextSibling());
    } finally {
      cursor.delete();
    }
    return out;
  }
}
