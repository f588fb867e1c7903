import type { Node, Tree } from 'web-tree-sitter';
import { walk } from '../c/parser';
import { commonPrefixLength, commonSuffixLength } from './commonAffix';

/** One child of a tree's root as a memo hands it on: where it stands, and what was computed for it. */
export interface MemoizedChild<T> {
  type: string;
  startIndex: number;
  /** The child's text (a slice of the tree's text). */
  text: string;
  value: T;
}

/** A child of the last tree: where it ended (relative to the root's text), its type and value. */
interface Known<T> {
  end: number;
  type: string;
  value: T;
}

/**
 * Facts computed per child of a tree's root and reused for the children of the next tree with the same type and text:
 * after a one-character edit every top-level node but one is textually unchanged, and a unit-wide fact that is a fold
 * of per-child facts (the objects a file initialises, brace depth past broken nodes) needs only that one computed
 * again. The same assumption the engine's declaration memo makes: a top-level node's subtree is a function of its type
 * and text. A child's text is known unchanged, without hashing or comparing it, when it lies wholly inside the common
 * prefix or suffix of the last tree's text and this one's: then the last tree had it at the same place, or moved by the
 * edit's length. Only the last tree's children are kept; a caller alternating between documents only computes more.
 */
export class TopLevelMemo<T> {
  private static readonly all = new Set<TopLevelMemo<unknown>>();

  /** Forgets every memo's entries: a test's fresh review must compute everything itself. */
  static forgetAll(): void {
    for (const memo of TopLevelMemo.all) {
      memo.lastText = undefined;
      memo.known = new Map();
    }
  }

  private lastText: string | undefined;
  /** Start (relative to the last root's text) → what was computed for the child there. */
  private known = new Map<number, Known<T>>();

  constructor(private readonly compute: (node: Node, text: string) => T) {
    TopLevelMemo.all.add(this as TopLevelMemo<unknown>);
  }

  /**
   * Every child of the root in order with its value, made with one cursor pass: a Node is made only for a child whose
   * value is not known (reused trees of a re-review need none).
   */
  children(tree: Tree): MemoizedChild<T>[] {
    const root = tree.rootNode;
    const text = root.text;
    const base = root.startIndex;
    const before = this.lastText;
    const prefix = before === undefined ? 0 : commonPrefixLength(before, text);
    const suffix = before === undefined ? 0 : commonSuffixLength(before, text, Math.min(before.length, text.length) - prefix);
    const suffixStart = text.length - suffix;
    const delta = before === undefined ? 0 : text.length - before.length;
    const known = new Map<number, Known<T>>();
    const out: MemoizedChild<T>[] = [];
    const cursor = walk(tree);
    try {
      if (cursor.gotoFirstChild()) {
        do {
          const type = cursor.nodeType;
          const startIndex = cursor.startIndex;
          const start = startIndex - base;
          const end = cursor.endIndex - base;
          const shift = end <= prefix ? 0 : start >= suffixStart ? delta : undefined;
          const old = shift === undefined ? undefined : this.known.get(start - shift);
          const own = text.slice(start, end);
          const value = old && old.end === end - shift! && old.type === type ? old.value : this.compute(cursor.currentNode, own);
          known.set(start, { end, type, value });
          out.push({ type, startIndex, text: own, value });
        } while (cursor.gotoNextSibling());
      }
    } finally {
      cursor.delete();
    }
    this.lastText = text;
    this.known = known;
    return out;
  }
}
