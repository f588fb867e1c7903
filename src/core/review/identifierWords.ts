/** One word of an identifier and where it sits inside the name. */
export interface NamePart {
  word: string;
  start: number;
  end: number;
}

/**
 * The form in which a word is judged and looked up: lower case, a trailing number (a version or a width) dropped,
 * at least two letters; undefined for words too short or not made of letters (`p4d`, `x`, `64`).
 */
export function judgedWord(word: string): string | undefined {
  const letters = word.replace(/\d+$/, '').toLowerCase();
  return /^[a-z]{2,}$/.test(letters) ? letters : undefined;
}

/** Splits `migrate_offc`, `migrateOffc`, `MIGRATE_OFFC` into words, keeping offsets for renames. */
export function splitIdentifier(name: string): NamePart[] {
  const parts: NamePart[] = [];
  for (const match of name.matchAll(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g)) {
    parts.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return mergeDigits(parts, name);
}

/** `p4d`, `u32`, `i2c` stay one word: a digit glued to letters belongs to them. */
function mergeDigits(parts: NamePart[], name: string): NamePart[] {
  const merged: NamePart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && last.end === part.start && (/^\d/.test(part.word) || /\d$/.test(last.word)) && name[part.start - 1] !== '_') {
      last.word += part.word;
      last.end = part.end;
    } else {
      merged.push({ ...part });
    }
  }
  return merged;
}

/** Rewrites the words equal to `abbreviation` in `name` as `expansion` (words joined by `_`), in the name's own case style. */
export function replaceWord(name: string, abbreviation: string, expansion: string): string {
  const words = expansion.split('_');
  let result = '';
  let cursor = 0;
  for (const part of splitIdentifier(name)) {
    if (part.word.toLowerCase() !== abbreviation) continue;
    result += name.slice(cursor, part.start) + styled(part.word, words);
    cursor = part.end;
  }
  return result + name.slice(cursor);
}

function styled(original: string, words: string[]): string {
  if (original.length > 1 && original === original.toUpperCase()) return words.join('_').toUpperCase();
  if (/^[A-Z]/.test(original)) return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return words.join('_');
}
