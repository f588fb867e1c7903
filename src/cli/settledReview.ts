import type { Finding, Fix } from '../core/review/finding';

/** One input's review as plain data: what the output needs, nothing that holds a tree or the parsed document. */
export interface SettledReview {
  /** The one-line reason the input was not reviewed (printed after `offload-review: NAME `). */
  problem?: string;
  notes: string[];
  findings: Finding[];
  /** Each finding's fixes, computed only for an output format that carries them (SARIF). */
  fixes?: Fix[][];
}

/** A review thread's answer (reviewPool.ts): the settled review and what it would have printed on stderr (notes of a streamed mbox). */
export interface PooledReview {
  settled: SettledReview;
  err: string;
}
