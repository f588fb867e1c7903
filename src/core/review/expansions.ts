/**
 * Spelled-out forms of an abbreviation, only where the patch itself spells it out: a hyphenated phrase whose words
 * begin with the abbreviation's letters ("Offload-Copy" → `offc` = off + c), a parenthesised expansion
 * ("Batch Page Copy (BPC)", "bpc (batch page copy)"), or the comment at the name's definition. No table: an expansion
 * nobody wrote down is a guess, and guesses were wrong one time in three on real patches.
 */

/** Where an expansion was found, quoted in the finding so the reader can judge it. */
export interface Expansion {
  /** Lower-case words joined by `_`. */
  words: string;
  /** The text that spells it out, as written. */
  quote: string;
  /** `the commit message`, `a comment at its definition`, `a comment`. */
  source: string;
}

/** A piece of prose and what it is; the commit message and comments are searched in this order. */
export interface ProseSource {
  text: string;
  source: string;
  /** A comment at the definition may spell the name out as plain consecutive words ("correctable errors"). */
  atDefinition?: boolean;
}

/** Function words never stand for a letter of an abbreviation (`sw` is not "shrinker will"). */
const fillers = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'can', 'do', 'for', 'from', 'has', 'have', 'if', 'in', 'into', 'is', 'it',
  'its', 'may', 'no', 'not', 'of', 'on', 'or', 'so', 'than', 'that', 'the', 'then', 'this', 'to', 'was', 'we', 'when', 'which',
  'will', 'with', 'would', 'should', 'could', 'must', 'only', 'also', 'all', 'any', 'our', 'you', 'your', 'their', 'there',
]);

/** Trailers, mail headers and lines holding an address name people, not things: never evidence. */
const personLine = /^\s*(?:[A-Z][A-Za-z-]*-by|Cc|To|From|Date|Subject|Link|Closes|Fixes|Message-ID|In-Reply-To|References)\s*:|@|\bwrote:\s*$/i;

export function withoutPersonLines(prose: string): string {
  return prose.split('\n').filter((line) => !personLine.test(line)).join('\n');
}

/** Words from `start` whose non-empty prefixes, concatenated, spell `abbreviation` exactly, each word used. */
function prefixCover(abbreviation: string, words: readonly string[], start: number, end: number): boolean {
  if (abbreviation === '') return start === end;
  const word = words[start];
  if (start >= end || word === undefined || word[0] !== abbreviation[0]) return false;
  for (let length = Math.min(word.length, abbreviation.length); length >= 1; length--) {
    if (word.slice(0, length) === abbreviation.slice(0, length) && prefixCover(abbreviation.slice(length), words, start + 1, end)) return true;
  }
  return false;
}

/** `words` (all of them, in order) spell `abbreviation` as prefixes, with no filler and at least one word shortened. */
export function spellsOut(abbreviation: string, words: readonly string[]): boolean {
  if (words.length < 2 || words.some((word) => fillers.has(word) || word.length < 2)) return false;
  // "mctgt type" does not spell out mctgt: a word that already starts with the abbreviation is the abbreviation.
  if (words.join('') === abbreviation || words.some((word) => word.startsWith(abbreviation))) return false;
  return prefixCover(abbreviation, words, 0, words.length);
}

/** One word the abbreviation is a contraction of: same first two letters, its letters in order (`corr` ← correctable). */
function contracts(abbreviation: string, word: string): boolean {
  if (abbreviation.length < 3 || word.length <= abbreviation.length || !word.startsWith(abbreviation.slice(0, 2))) return false;
  let index = 0;
  for (const char of word) if (char === abbreviation[index]) index++;
  return index === abbreviation.length;
}

const letters = (text: string) => (text.match(/[A-Za-z]+/g) ?? []).map((word) => word.toLowerCase());

function hyphenated(abbreviation: string, prose: string): Expansion['quote'] | undefined {
  for (const [phrase] of prose.matchAll(/\b[A-Za-z]{2,}(?:-[A-Za-z]{2,})+\b/g)) {
    if (spellsOut(abbreviation, letters(phrase))) return phrase;
  }
  return undefined;
}

/** "Batch Page Copy (BPC)": the abbreviation in parentheses after the words; or "bpc (batch page copy)". */
function parenthesised(abbreviation: string, prose: string): Expansion['quote'] | undefined {
  for (const match of prose.matchAll(/\(([^()\n]{2,60})\)/g)) {
    const inside = match[1]!.trim();
    const before = prose.slice(Math.max(0, match.index - 80), match.index);
    if (inside.toLowerCase() === abbreviation) {
      const words = letters(before);
      for (let count = 2; count <= Math.min(6, words.length); count++) {
        const tail = words.slice(-count);
        if (spellsOut(abbreviation, tail)) return `${before.trim().split(/\s+/).slice(-count).join(' ')} (${inside})`;
      }
    }
    const preceding = /([A-Za-z]+)\s*$/.exec(before)?.[1];
    const spelled = letters(inside);
    if (preceding?.toLowerCase() === abbreviation && (spellsOut(abbreviation, spelled) || (spelled.length === 1 && contracts(abbreviation, spelled[0]!)))) {
      return `${preceding} (${inside})`;
    }
  }
  return undefined;
}

/** A comment at the definition: any run of its words that spells the abbreviation, or one word it contracts. */
function definitionComment(abbreviation: string, prose: string): Expansion['quote'] | undefined {
  const words = letters(prose);
  for (let start = 0; start < words.length; start++) {
    for (let end = start + 2; end <= Math.min(words.length, start + abbreviation.length); end++) {
      if (spellsOut(abbreviation, words.slice(start, end))) return words.slice(start, end).join(' ');
    }
  }
  const word = words.find((candidate) => contracts(abbreviation, candidate));
  return word;
}

function asExpansion(quote: string | undefined, source: string): Expansion | undefined {
  if (quote === undefined) return undefined;
  const parenthesis = /\(([^()]*)\)\s*$/.exec(quote);
  const phrase = parenthesis && letters(quote.slice(0, parenthesis.index)).length >= 2 ? quote.slice(0, parenthesis.index) : parenthesis?.[1] ?? quote;
  return { words: letters(phrase).join('_'), quote, source };
}

/** The first spelled-out form the sources give for `abbreviation` (lower case), or undefined: then no suggestion. */
export function findExpansion(abbreviation: string, sources: readonly ProseSource[]): Expansion | undefined {
  for (const { text, source, atDefinition } of sources) {
    const prose = withoutPersonLines(text);
    const found = asExpansion(hyphenated(abbreviation, prose), source)
      ?? asExpansion(parenthesised(abbreviation, prose), source)
      ?? (atDefinition ? asExpansion(definitionComment(abbreviation, prose), source) : undefined);
    if (found) return found;
  }
  return undefined;
}
