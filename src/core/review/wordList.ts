/**
 * A word list searched where it lies: the text is lower-case words, one per line, sorted by UTF-16 code units (the
 * build ships dist/words.txt that way). Building a Set of its 274,000 words cost a small review half its time, so
 * lookups binary-search the text instead, and remember their answers. The list may also be its bytes, each byte one
 * code unit (latin1; the shipped list is ASCII): the CLI then skips decoding 2.8 MB into a string it barely reads.
 */
export class SortedWordList {
  private readonly answers = new Map<string, boolean>();
  private text: string | Uint8Array | undefined;
  private readonly source: WordListSource | undefined;
  private lineReads = 0;

  constructor(list: string | Uint8Array | WordListSource) {
    if (typeof list === 'string' || list instanceof Uint8Array) this.text = list;
    else this.source = list;
  }

  has(word: string): boolean {
    let known = this.answers.get(word);
    if (known === undefined) {
      known = word !== '' && !word.includes('\n') && this.find(word);
      // Bounded: a generated file can ask about endless distinct words.
      if (this.answers.size > 200_000) this.answers.clear();
      this.answers.set(word, known);
    }
    return known;
  }

  private find(word: string): boolean {
    if (this.text === undefined && this.source && this.lineReads++ >= SOURCE_LOOKUPS) this.text = this.source.readAll();
    if (this.text === undefined) return searchSource(this.source!, word);
    return typeof this.text === 'string' ? this.search(this.text, word) : searchBytes(this.text, word);
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

/**
 * A word list left where it is stored (a file) and read a line at a time: a small review asks the English list about
 * a word or two, and reading its 2.8 MB cost more than all those lines. Its bytes are code units, as for a Uint8Array.
 */
export interface WordListSource {
  readonly byteLength: number;
  /** Copies the bytes from `offset` into `into` (fewer at the end); returns how many it copied. */
  read(into: Uint8Array, offset: number): number;
  /** The whole list: taken once lookups are many, when one read beats some 20 small ones a word. */
  readAll(): Uint8Array;
}

/** Lookups answered from a WordListSource line by line before the whole list is read. */
const SOURCE_LOOKUPS = 64;
const WINDOW = 128;

/** The same binary search as searchBytes, reading each probed line from the source. */
function searchSource(source: WordListSource, word: string): boolean {
  const window = new Uint8Array(WINDOW);
  let low = 0;
  let high = source.byteLength;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = lineStart(source, window, middle);
    const line = lineFrom(source, window, start);
    const end = start + line.length;
    const order = compareLine(line, 0, line.length, word);
    if (order === 0) return true;
    if (order < 0) low = end + 1;
    else high = start;
  }
  return false;
}

/** Where the line holding the byte before `at` starts (0 for at 0): searchBytes' lastIndexOf, read backwards in windows. */
function lineStart(source: WordListSource, window: Uint8Array, at: number): number {
  let end = at;
  while (end > 0) {
    const from = Math.max(0, end - WINDOW);
    const count = source.read(window.subarray(0, end - from), from);
    const newline = window.subarray(0, count).lastIndexOf(0x0a);
    if (newline !== -1) return from + newline + 1;
    end = from;
  }
  return 0;
}

/** The bytes of the line starting at `start`, without its newline. */
function lineFrom(source: WordListSource, window: Uint8Array, start: number): Uint8Array {
  let line = new Uint8Array(0);
  for (let at = start; at < source.byteLength;) {
    const count = source.read(window, at);
    if (count <= 0) break;
    const part = window.subarray(0, count);
    const newline = part.indexOf(0x0a);
    const taken = newline === -1 ? part : part.subarray(0, newline);
    const longer = new Uint8Array(line.length + taken.length);
    longer.set(line);
    longer.set(taken, line.length);
    line = longer;
    if (newline !== -1) break;
    at += count;
  }
  return line;
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
