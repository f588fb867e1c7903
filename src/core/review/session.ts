import { Edit, type Tree } from 'web-tree-sitter';
import { walk, type CParser } from '../c/parser';
import { commonPrefixLength, commonSuffixLength } from './commonAffix';
import type { UnitFinding } from './rule';
import { forgetIndex } from './syntax';

interface Kept {
  text: string;
  tree: Tree;
}

/** One rule's findings on one top-level declaration (or a whole unit), in the coordinates of the tree they were found on. */
export interface RuleRun {
  /** Row of the declaration's first line when the findings were made; reuse shifts them by the rows it moved. */
  row: number;
  /**
   * The tree the findings (and their fix thunks) belong to; none for judge() of a unit parsed in chunks, whose findings
   * come from collected facts alone.
   */
  tree?: Tree;
  findings: UnitFinding[];
  /** What a collecting unit rule's collect() returned for the declaration (Rule.collect). */
  facts?: unknown;
}

/** What every rule found on one top-level declaration. */
export interface DeclarationMemo {
  /** Rule id → findings (and a collecting rule's facts). */
  runs: Map<string, RuleRun>;
  /**
   * The active rules (ids in order) `runs` answered in full, and the runs among them that found or collected
   * something, with each rule's place in that order: a declaration reused whole is handed on from this short list
   * instead of asking every rule (a re-review reuses thousands of declarations, most with nothing to say).
   */
  summary?: { rules: string; telling: { index: number; run: RuleRun }[] };
}

/** A declaration of a unit's last review: where it ended, its start column, its added lines (in a patch), its findings. */
export interface PlacedDeclaration {
  type: string;
  endIndex: number;
  column: number;
  /** '1'/'0' per row of the declaration in a patch (empty for a whole file): a changed mark re-judges it. */
  added: string;
  entry: DeclarationMemo;
}

/** What a unit's last review found, keyed so an edit only re-judges the declarations it touched. */
export interface UnitMemo {
  /** Unit-wide facts the findings depend on (path, commit message, vocabulary); a change drops the memo. */
  context: string;
  /**
   * Start index → a declaration and what the rules found on it. A re-review finds a declaration here by where it stood
   * when it lies wholly before or after the text the edit changed (so its text is the same): looking declarations up
   * by their text hashed the whole unit's text on every re-review (a millisecond for 3,000 lines).
   */
  declarations: Map<number, PlacedDeclaration>;
  /** The unit's text those start indexes refer to. */
  unitText: string;
  /**
   * Unit-scoped rules' findings, valid while the tree and the whole document are the same (a rule may read the
   * document, e.g. a rename's edits): a save or a settings change re-reviews without judging anything again.
   */
  unitRules: Map<string, RuleRun>;
  documentText: string;
  /** Rule id → fingerprint of the unit-wide facts a declaration-scoped rule also reads (Rule.unitFacts). */
  facts: Map<string, string>;
}

/**
 * Keeps each unit's last text and tree for one open document, so a re-review after an edit re-parses
 * incrementally. Trees live in WASM memory: anything dropped is deleted here.
 */
export class ReviewSession {
  private kept = new Map<string, Kept>();
  private seen = new Set<string>();
  private memos = new Map<string, UnitMemo>();

  /** The unit's findings of the last review, for the engine to reuse. */
  memo(key: string): UnitMemo | undefined {
    return this.memos.get(key);
  }

  remember(key: string, memo: UnitMemo): void {
    this.memos.set(key, memo);
  }

  /** True while `tree` is the unit's current tree: fix thunks made on it may still read its nodes. */
  holds(key: string, tree: Tree): boolean {
    return this.kept.get(key)?.tree === tree;
  }

  /** The current tree of the unit when it was parsed from exactly `text`. */
  treeFor(key: string, text: string): Tree | undefined {
    const kept = this.kept.get(key);
    return kept && kept.text === text ? kept.tree : undefined;
  }

  /** Parses `text` for the unit `key`, reusing the previous tree after telling it what changed. */
  parse(parser: CParser, key: string, text: string): Tree {
    this.seen.add(key);
    const old = this.kept.get(key);
    if (old && old.text === text) return old.tree;
    let tree: Tree;
    if (old) {
      // The old tree is edited in place: whatever happens next it no longer matches old.text, so it goes.
      this.kept.delete(key);
      try {
        const edit = editBetween(old.text, text);
        old.tree.edit(edit);
        tree = parser.parse(text, old.tree);
        let again: boolean;
        try {
          again = recoveredNearChange(tree, old.tree, edit);
        } catch (error) {
          tree.delete();
          throw error;
        }
        if (again) {
          tree.delete();
          tree = parser.parse(text);
        }
      } finally {
        forgetIndex(old.tree);
        old.tree.delete();
      }
    } else {
      tree = parser.parse(text);
    }
    this.kept.set(key, { text, tree });
    return tree;
  }

  /** Frees the trees of units the last review did not see (a patch lost a file, an mbox lost a message). */
  endReview(): void {
    for (const [key, kept] of this.kept) {
      if (!this.seen.has(key)) {
        forgetIndex(kept.tree);
        kept.tree.delete();
        this.kept.delete(key);
        this.memos.delete(key);
      }
    }
    this.seen.clear();
  }

  /**
   * After a WASM trap: the trees may point into memory the trap left inconsistent. They are freed if that works and
   * forgotten either way (a few leaked trees beat a second trap); the next review parses afresh.
   */
  abandon(): void {
    try {
      this.dispose();
    } catch {
      this.kept.clear();
      this.memos.clear();
      this.seen.clear();
    }
  }

  dispose(): void {
    for (const kept of this.kept.values()) {
      forgetIndex(kept.tree);
      kept.tree.delete();
    }
    this.kept.clear();
    this.memos.clear();
    this.seen.clear();
  }
}

/**
 * True when the re-parsed tree has a syntax error in or beside what changed. tree-sitter's error recovery is not
 * local: with old subtrees to reuse it may recover differently than a fresh parse of the same text does (deleting the
 * `s` of a first line's `static` left `(ERROR tatic const)` and a declaration, where a fresh parse makes a declaration
 * missing its `;`), and then the findings would depend on the editing history. Such a tree is parsed again from
 * scratch; a clean edit far from any error (nearly every keystroke) keeps the incremental tree.
 */
function recoveredNearChange(tree: Tree, old: Tree, edit: Edit): boolean {
  const root = tree.rootNode;
  if (!root.hasError) return false;
  const ranges = [{ start: edit.startIndex, end: edit.newEndIndex }, ...tree.getChangedRanges(old).map((range) => ({ start: range.startIndex, end: range.endIndex }))];
  // The root's children touching a changed range, and one on each side.
  const spans: { start: number; end: number }[] = [];
  const cursor = walk(tree);
  try {
    if (cursor.gotoFirstChild()) {
      do spans.push({ start: cursor.startIndex, end: cursor.endIndex });
      while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  const near = new Set<number>();
  spans.forEach((span, index) => {
    if (ranges.some((range) => span.start <= range.end && range.start <= span.end)) for (const at of [index - 1, index, index + 1]) near.add(at);
  });
  // Between children (no child touched): the root itself holds the change.
  if (near.size === 0) return true;
  for (const index of near) {
    const child = index >= 0 && index < spans.length ? root.child(index) : null;
    if (child?.hasError) return true;
  }
  return false;
}

/** The single edit that turns `before` into `after`: common prefix and suffix are kept. */
export function editBetween(before: string, after: string): Edit {
  const limit = Math.min(before.length, after.length);
  const start = commonPrefixLength(before, after);
  const tail = commonSuffixLength(before, after, limit - start);
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
