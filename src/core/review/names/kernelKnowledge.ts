import { bloomHas, type BloomFilter } from './bloom';

/** What a real kernel tree says about names, mined by scripts/mine-kernel-vocabulary.ts (facts, not code). */
export interface KernelKnowledge {
  /** A lower-case word (trailing digits stripped) that identifiers in at least N files of the tree use. */
  isWord(word: string): boolean;
  /**
   * An identifier the tree already has. Only asked about names that carry a word `isWord` does not know:
   * the mined set holds just those (header names and exported symbols), which keeps it small.
   */
  hasIdentifier(name: string): boolean;
}

/** Provenance of committed facts, shown in docs and by the script. */
export interface KernelFactsInfo {
  kernelVersion: string;
  minFiles: number;
  words: number;
  identifiers: number;
  falsePositiveRate: number;
}

/** Words and identifiers share one filter, told apart by a one-letter tag. */
export function wordKey(word: string): string {
  return `w${word}`;
}

export function identifierKey(name: string): string {
  return `i${name}`;
}

export function knowledgeFromBloom(filter: BloomFilter): KernelKnowledge {
  return {
    isWord: (word) => bloomHas(filter, wordKey(word)),
    hasIdentifier: (name) => bloomHas(filter, identifierKey(name)),
  };
}

/** Exact sets, for a vocabulary mined at run time (the benchmark's tree with the judged directory left out). */
export function knowledgeFromSets(words: Iterable<string>, identifiers: Iterable<string>): KernelKnowledge {
  const wordSet = new Set(words);
  const identifierSet = new Set(identifiers);
  return { isWord: (word) => wordSet.has(word), hasIdentifier: (name) => identifierSet.has(name) };
}
