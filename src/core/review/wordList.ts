/**
 * A word list searched where it lies: the text is lower-case words, one per line, sorted by UTF-16 code units (the
 * build ships dist/words.txt that way). Building a Set of its 274,000 words cost a small review half its time, so
 * lookups binary-search the text instead, and remember their answers. The list may also be its bytes, each byte one
 * code unit (latin1; the shipped list is ASCII): the CLI then skips decoding 2.8 MB into a string it barely reads.
 */
export class SortedWordList {
  private readonly answers = new Map<string, boolean>();

  constructor(private readonly text: string | Uint8Array) {}

  has(word: string): boolean {
    let known = this.answers.get(word);
    if (known === undefined) {
      known = word !== '' && !word.includes('\n') && (typeof this.text === 'string' ? this.search(this.text, word) : searchBytes(this.text, word));
      // Bounded: a generated file can ask about endless distinct words.
      if (this.answers.size > 200_000) this.answers.clear();
      this.answers.set(word, known);
    }
    return known;
  }

  /** Binary search over character offsets; `low` always stands at the start of a line. */
  private search(text: string, word: string): boolean {
    let low = 0;
    let high = text.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = text.lastIndexOf('\n', middle - 1) + 1;
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const line = text.slice(start, end);
      if (line === word) return true;
      if (line < word) low = end + 1;
      else high = start;
    }
    return false;
  }
}

/** The same search over the list's bytes; `low` always stands at the start of a line. */
function searchBytes(bytes: Uint8Array, word: string): boolean {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    // A typed array's lastIndexOf counts a negative start from the end, unlike a string's.
    const start = middle === 0 ? 0 : bytes.lastIndexOf(0x0a, middle - 1) + 1;
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const order = compareLine(bytes, start, end, word);
    if (order === 0) return true;
    if (order < 0) low = end + 1;
    else high = start;
  }
  return false;
}

/** The line `bytes[start, end)` against `word`, by code units as `<` orders strings: negative, zero or positive. */
function compareLine(bytes: Uint8Array, start: number, end: number, word: string): number {
  const length = Math.min(end - start, word.length);
  for (let i = 0; i < length; i++) {
    const difference = bytes[start + i]! - word.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  return end - start - word.length;
}

/** Puts any word list (mixed case, CRLF, unsorted) into the form SortedWordList searches. */
export function sortWordList(text: string): string {
  const words = [...new Set(text.toLowerCase().replace(/\r/g, '').split('\n').filter((word) => word !== ''))];
  return words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n');
}
