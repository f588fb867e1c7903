/**
 * Lengths of the common prefix and suffix of two texts, as a re-review after an edit needs them (the edit for the
 * tree, which top-level nodes kept their text). Compared a block at a time: string equality of two slices is one
 * native comparison, where a charCodeAt loop over a 100 KB document cost a millisecond (the texts of an editor are
 * often ropes, each character access a walk into one).
 */
const BLOCK = 256;

/** Characters `a` and `b` share from the start. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  while (at + BLOCK <= limit && a.slice(at, at + BLOCK) === b.slice(at, at + BLOCK)) at += BLOCK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** Characters `a` and `b` share at the end, at most `limit` (so that prefix and suffix never overlap). */
export function commonSuffixLength(a: string, b: string, limit: number): number {
  let tail = 0;
  while (tail + BLOCK <= limit && a.slice(a.length - tail - BLOCK, a.length - tail) === b.slice(b.length - tail - BLOCK, b.length - tail)) tail += BLOCK;
  while (tail < limit && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail++;
  return tail;
}
