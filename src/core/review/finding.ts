import type { DocumentEdit, DocumentRange } from '../patch/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A quick fix, already mapped to the opened document. */
export interface Fix {
  title: string;
  edits: DocumentEdit[];
  /** A rename touches every occurrence; editors show it with a preview. */
  kind: 'quickfix' | 'rename';
  isPreferred?: boolean;
}

/** One review hint, placed in the document the user opened (0-based lines and columns). */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: DocumentRange;
  /** A spelled-out replacement or the code to write instead, when the rule has one. */
  suggestion?: string;
  /** The C file inside the patch and the 0-based line in its post-image. */
  sourcePath?: string;
  sourceLine?: number;
  /** Other places the same finding concerns (every use of an abbreviation, the twin function). */
  related?: { range: DocumentRange; message: string }[];
  /** `unnecessary` makes editors fade the range (redundant code). */
  tags?: 'unnecessary'[];
  fixes?: Fix[];
}

/** The order a review reports its findings in: by position, then by rule. */
export function byPosition(a: Finding, b: Finding): number {
  // Rule ids are ASCII: a plain comparison, since localeCompare's first call loads ICU's collator (30 ms of a CLI call).
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
