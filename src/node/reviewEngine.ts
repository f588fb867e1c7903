import type { ParserAssets } from '../core/c/parser';
import { createReviewEngine, type ReviewEngine } from '../core/review/engine';
import { englishWordListFromDisk, nodeCParser } from './assets';

let shared: Promise<ReviewEngine> | undefined;

/**
 * One engine per thread: the grammar (unless `parser` brings it compiled, from the CLI pool's main thread) and the
 * word list are read from disk on first use.
 */
export function nodeReviewEngine(parser?: ParserAssets): Promise<ReviewEngine> {
  shared ??= nodeCParser(parser).then((cParser) => createReviewEngine({ parser: cParser, englishWords: englishWordListFromDisk() }));
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
