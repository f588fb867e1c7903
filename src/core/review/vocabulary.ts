import { kernelVocabulary } from './kernelVocabulary';
import type { Vocabulary } from './rule';

/** English words plus kernel terms plus the user's own list; everything compares in lower case. */
export function createVocabulary(english: () => ReadonlySet<string>, extra: readonly string[]): Vocabulary {
  const accepted = new Set([...kernelVocabulary, ...extra].map((word) => word.toLowerCase()));
  const single = (lower: string): boolean => {
    if (accepted.has(lower)) return true;
    const englishWords = english();
    return englishWords.has(lower) || isInflection(lower, englishWords) || /^\d+$/.test(lower);
  };
  return {
    isKnown: (word) => {
      const lower = word.toLowerCase();
      return single(lower) || isCompound(lower, single);
    },
  };
}

/** words.txt lists lemmas and most inflections; plural and -ing/-ed forms of accepted terms still count. */
function isInflection(word: string, englishWords: ReadonlySet<string>): boolean {
  for (const suffix of ['s', 'es', 'ed', 'ing', 'er']) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix) && englishWords.has(word.slice(0, -suffix.length))) return true;
  }
  return false;
}

/** `cpuselect`, `migratecfg`: two known words of three letters or more written together. */
function isCompound(word: string, known: (part: string) => boolean): boolean {
  for (let split = 3; split <= word.length - 3; split++) {
    if (known(word.slice(0, split)) && known(word.slice(split))) return true;
  }
  return false;
}
