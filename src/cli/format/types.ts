import type { ReviewResult, RuleInfo } from '../../core/review/engine';

/** One reviewed input: the name as the user gave it (`-` for stdin) and what the engine found. */
export interface FileReview {
  file: string;
  result: ReviewResult;
}

export interface FormatInput {
  reviews: FileReview[];
  rules: readonly RuleInfo[];
  toolVersion: string;
}

/** Renders every review as the text printed on stdout. */
export type Formatter = (input: FormatInput) => string;
