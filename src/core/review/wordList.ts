/**
 * A word list searched where it lies: the text is lower-case words, one per line, sorted by UTF-16 code units (the
 * build ships dist/words.txt that way). Building a Set of its 274,000 words cost a small review half its time, so
 * lookups binary-search the text instead, and remember their answers.
 */
export class SortedWordList {
  private readonly answers = new Map<string, boolean>();

  constructor(private readonly text: string) {}

  has(word: string): boolean {
    let known = this.answers.get(word);
    if (known === undefined) {
      known = word !== '' && !word.includes('\n') && this.search(word);
      // Bounded: a generated file can ask about endless distinct words.
      if (this.answers.size > 200_000) this.answers.clear();
      this.answers.set(word, known);
    }
    return known;
  }

  /** Binary search over character offsets; `low` always stands at the start of a line. */
  private search(word: string): boolean {
    const text = this.text;
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

/** Puts any word list (mixed case, CRLF, unsorted) into the form SortedWordList searches. */
export function sortWordList(text: string): string {
  const words = [...new Set(text.toLowerCase().replace(/\r/g, '').split('\n').filter((word) => word !== ''))];
  return words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n');
}
