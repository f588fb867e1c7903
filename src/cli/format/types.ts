import type { RuleInfo } from '../../core/review/engine';
import type { Finding, Fix } from '../../core/review/finding';

/** What formatters read of a review: its findings, and their fixes when an output format carries them. */
export interface ReviewedFindings {
  findings: readonly Finding[];
  fixes(finding: Finding): Fix[];
}

/** One reviewed input: the name as the user gave it (`-` for stdin) and what the engine found. */
export interface FileReview {
  file: string;
  result: ReviewedFindings;
}

export interface FormatInput {
  reviews: FileReview[];
  rules: readonly RuleInfo[];
  toolVersion: string;
}

/** Renders every review as the text printed on stdout. */
export type Formatter = (input: FormatInput) => string;
