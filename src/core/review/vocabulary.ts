import { bundledKernelKnowledge } from './kernelVocabulary';
import type { KernelKnowledge } from './names/kernelKnowledge';
import type { Vocabulary } from './rule';

/**
 * English words, the words a kernel tree's identifiers use, the user's own list; everything compares in lower case.
 * `kernel` is the committed 6.12 facts unless a caller mined its own (the benchmark leaves the judged directory out).
 */
export function createVocabulary(english: () => Pick<ReadonlySet<string>, 'has'>, extra: readonly string[], kernel: KernelKnowledge = bundledKernelKnowledge): Vocabulary {
  const accepted = new Set(extra.map((word) => word.toLowerCase()));
  const single = (lower: string): boolean => {
    if (accepted.has(lower) || /^\d+$/.test(lower) || kernel.isWord(lower)) return true;
    const englishWords = english();
    return englishWords.has(lower) || isInflection(lower, englishWords);
  };
  return {
    isKnown: (word) => {
      const lower = word.toLowerCase();
      return single(lower) || isCompound(lower, single);
    },
    isKernelIdentifier: (name) => kernel.hasIdentifier(name),
  };
}

/** words.txt lists lemmas and most inflections; plural and -ing/-ed forms of accepted terms still count. */
function isInflection(word: string, englishWords: Pick<ReadonlySet<string>, 'has'>): boolean {
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
