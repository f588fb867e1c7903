import type { Node, Tree } from 'web-tree-sitter';
import type { DocumentEdit, DocumentRange, ParsedDocument, PatchInfo, SourceUnit } from '../patch/types';
import type { Fix, Severity } from './finding';

/** Positions inside one SourceUnit's text (0-based, UTF-16 columns); the engine maps them to the document. */
export type UnitRange = DocumentRange;

export interface UnitEdit {
  range: UnitRange;
  newText: string;
}

/** A fix proposed in unit coordinates; a rename may also carry edits already in document coordinates. */
export interface UnitFix {
  title: string;
  kind: Fix['kind'];
  isPreferred?: boolean;
  unitEdits: UnitEdit[];
  documentEdits?: DocumentEdit[];
}

export interface UnitFinding {
  range: UnitRange;
  message: string;
  suggestion?: string;
  related?: { range: UnitRange; message: string }[];
  tags?: 'unnecessary'[];
  /** Computed only when a fix is asked for (a code action, SARIF output), never with every review. */
  fixes?: () => UnitFix[];
  /** Findings of one rule with the same key in several units of a document are reported once. */
  mergeKey?: string;
  /** A milder severity for this one finding (a matter of taste within a rule); it never raises the configured one. */
  severity?: Severity;
}

/** Word knowledge shared by the naming rules. */
export interface Vocabulary {
  /** True for an English word or an accepted kernel/user term (lower case). */
  isKnown(word: string): boolean;
  /** True for an identifier a real kernel tree already has (asked only about names with a word isKnown rejects). */
  isKernelIdentifier(name: string): boolean;
}

export interface RuleContext {
  unit: SourceUnit;
  tree: Tree;
  /**
   * The part of the tree this call judges: the unit's root node for unit-scoped rules, one top-level declaration
   * (function, declaration, preprocessor block) for declaration-scoped rules. Look nodes up under it, not the tree.
   */
  root: Node;
  /** `unit.text` split into lines once per review; never split the unit's text again inside a rule. */
  textLines: readonly string[];
  document: ParsedDocument;
  /** The patch the unit belongs to, for its commit message; undefined for plain C. */
  patch: PatchInfo | undefined;
  /** Only lines the patch adds are judged (every line of a plain C file is "added"). */
  isAdded(line: number): boolean;
  vocabulary: Vocabulary;
  report(finding: UnitFinding): void;
  /**
   * Every child of the unit's root in order (comments and stray tokens too), for judge() of a unit parsed in chunks:
   * then `tree` is an empty stand-in, since no tree of the whole unit ever exists. Undefined when `tree` is the unit's.
   */
  topLevel?: readonly TopLevelNode[];
}

/** One child of a unit's root, as plain facts. */
export interface TopLevelNode {
  type: string;
  startIndex: number;
  row: number;
  column: number;
  endRow: number;
}

/** What a line-based rule sees of a non-C file a patch creates (Kconfig, Makefile, scripts): its lines, no syntax tree. */
export type TextRuleContext = Pick<RuleContext, 'unit' | 'textLines' | 'document' | 'patch' | 'isAdded' | 'report'>;

/** What unitFacts() may read: the unit, never one declaration. */
export type UnitFactsContext = Omit<RuleContext, 'root' | 'report'>;

/** What collect() gathered on one top-level declaration, as judge() sees it in the current review. */
export interface Collected<T> {
  facts: T;
  /** Rows the declaration moved since its facts were collected (an edit above it): add them to every row in `facts`. */
  rows: number;
}

/** A unit range of collected facts, moved to where its declaration stands now. */
export function placed(range: UnitRange, rows: number): UnitRange {
  if (rows === 0) return range;
  return { start: { line: range.start.line + rows, column: range.start.column }, end: { line: range.end.line + rows, column: range.end.column } };
}

export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  title: string;
  /** Markdown; cites the kernel's documents and the matching checkpatch.pl rule where one exists. */
  rationale: string;
  checkpatchTypes: string[];
}

export interface Rule<T = unknown> extends RuleInfo {
  /**
   * `declaration`: check() runs once per top-level declaration (`context.root`) and may only depend on that subtree
   * and the unit-wide facts the context offers, so the engine can reuse its findings for declarations an edit did not
   * touch. `unit` (the default): check() runs once per unit and must stay linear in the unit's size.
   */
  scope?: 'declaration' | 'unit';
  /**
   * For a declaration-scoped rule that also reads facts of the whole unit (the file's macros, other objects of a
   * type, union layouts): a fingerprint of those facts. Findings kept for untouched declarations are reused only
   * while it is unchanged, so an edit elsewhere that changes a fact re-judges every declaration for this rule.
   */
  unitFacts?(context: UnitFactsContext): string;
  /**
   * How a rule with unitFacts reads them in a unit parsed in chunks (a big file, see chunks.ts), where no tree holds
   * the whole unit: gather() returns the facts of one chunk's tree, and adopt() makes check() on a chunk's tree read
   * the facts of all chunks (`parts`, in document order) instead of that tree's own. Without it, unitFacts must be
   * computed from `textLines` alone. gather() reads only top-level nodes starting before `end` (the chunk's own: its
   * tree also holds the start of the next chunk).
   */
  chunkFacts?: { gather(tree: Tree, end: number): unknown; adopt(tree: Tree, parts: readonly unknown[]): void };
  check(context: RuleContext): void;
  /**
   * A unit-scoped rule may split its work so an edit re-does only what it touched: collect() runs once per top-level
   * declaration (`context.root`, like a declaration-scoped check; it reports nothing) and returns plain facts (names,
   * ranges, hashes; no nodes, they die with their tree; undefined when the declaration has none, so a big file's
   * thousands of declarations cost nothing), which the engine keeps with the declaration and reuses while
   * its text is unchanged. judge() then runs once per unit over every declaration's facts in document order and reports;
   * it must be cheap (linear in the facts, no walk of the tree) and may look up the few nodes it needs in `context.tree`.
   * With both present the engine calls them instead of check(); check() should do the same over the whole unit
   * (checkByCollecting) for callers that run a rule directly.
   */
  collect?(context: RuleContext): T | undefined;
  judge?(context: RuleContext, collected: readonly Collected<T>[]): void;
  /** Line-based rules may also judge the non-C files a patch creates (`ParsedDocument.textUnits`). */
  checkText?(context: TextRuleContext): void;
}

/** check() of a collecting rule: collect() on every top-level declaration of the unit, then judge() once. */
export function checkByCollecting<T>(rule: Pick<Rule<T>, 'collect' | 'judge'>, context: RuleContext): void {
  if (!rule.collect || !rule.judge) return;
  const collected: Collected<T>[] = [];
  for (const root of context.tree.rootNode.namedChildren) {
    const facts = rule.collect({ ...context, root, report: () => {} });
    if (facts !== undefined) collected.push({ facts, rows: 0 });
  }
  rule.judge({ ...context, root: context.tree.rootNode }, collected);
}
