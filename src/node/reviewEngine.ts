import { createReviewEngine, type ReviewEngine } from '../core/review/engine';
import { englishWordListFromDisk, nodeCParser } from './assets';

let shared: Promise<ReviewEngine> | undefined;

/** One engine per Node process: the grammar and the word list are read from disk on first use. */
export function nodeReviewEngine(): Promise<ReviewEngine> {
  shared ??= nodeCParser().then((parser) => createReviewEngine({ parser, englishWords: englishWordListFromDisk() }));
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
