import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { judgedWord, splitIdentifier } from '../core/review/identifierWords';
import { knowledgeFromSets, type KernelKnowledge } from '../core/review/names/kernelKnowledge';

/** Per-word file counts and the names headers and exports offer: one pass over a tree, before N is chosen. */
export interface KernelNameCounts {
  /** Distinct files whose identifiers use the word (judged form: lower case, trailing digits dropped). */
  fileCounts: Map<string, number>;
  /** Identifiers of `.h` files and `EXPORT_SYMBOL*()` names: what another file can use without declaring. */
  sharedNames: Set<string>;
  /** Words of identifiers in `include/` headers: the kernel's public API, established however few files use them. */
  apiWords: Set<string>;
  files: number;
  lines: number;
  version: string;
}

/** What `mineVocabulary` learns from one kernel tree: facts about names, never code. */
export interface MinedVocabulary {
  /** Words that identifiers of at least `minFiles` distinct files use, or that an `include/` header's names use, sorted. */
  words: string[];
  /** Shared names (headers, exports) that carry a word below N, not all upper case, sorted: the rule asks only about those. */
  identifiers: string[];
  files: number;
  lines: number;
  minFiles: number;
  version: string;
}

export interface MineOptions {
  /** Directories relative to the tree (`mm/`, `drivers/dma/`) whose files are left out, as a yardstick needs. */
  exclude?: readonly string[];
  /** A word is accepted when identifiers in at least this many distinct files use it. */
  minFiles?: number;
}

/** Chosen from the measurements in src/core/review/data/README.md. */
export const defaultMinFiles = 3;

/** Comments, string and character literals: prose and messages are not identifiers. */
const nonCode = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g;
const token = /[A-Za-z0-9_]+/g;
const exported = /\bEXPORT_SYMBOL\w*\s*\(\s*(\w+)/g;

function sourceFiles(root: string, excluded: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        const rel = `${relative(root, full).split(sep).join('/')}/`;
        if (entry.name.startsWith('.') || excluded.some((prefix) => rel.startsWith(prefix))) continue;
        walk(full);
      } else if (/\.[ch]$/.test(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found.sort();
}

/** `VERSION = 6`, `PATCHLEVEL = 12`, `SUBLEVEL = 117` of the top-level Makefile. */
function kernelVersion(root: string): string {
  try {
    const makefile = readFileSync(join(root, 'Makefile'), 'utf8');
    const field = (name: string) => new RegExp(`^${name} = (\\S*)`, 'm').exec(makefile)?.[1] ?? '?';
    return `${field('VERSION')}.${field('PATCHLEVEL')}.${field('SUBLEVEL')}`;
  } catch {
    return 'unknown';
  }
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** One pass over the tree's `.c`/`.h` files, left-out directories skipped. */
export function countKernelNames(treeRoot: string, exclude: readonly string[] = []): KernelNameCounts {
  const excluded = exclude.map((dir) => (dir.endsWith('/') ? dir : `${dir}/`));
  const fileCounts = new Map<string, number>();
  const sharedNames = new Set<string>();
  const apiWords = new Set<string>();
  let lines = 0;
  const files = sourceFiles(treeRoot, excluded);
  for (const file of files) {
    const raw = readFileSync(file, 'latin1');
    lines += countLines(raw);
    const code = raw.replace(nonCode, ' ');
    const names = new Set<string>();
    for (const [name] of code.matchAll(token)) if (!/^\d/.test(name)) names.add(name);
    if (file.endsWith('.h')) for (const name of names) sharedNames.add(name);
    else for (const match of code.matchAll(exported)) sharedNames.add(match[1]!);
    const words = new Set<string>();
    for (const name of names) {
      for (const part of splitIdentifier(name)) {
        const word = judgedWord(part.word);
        if (word) words.add(word);
      }
    }
    for (const word of words) fileCounts.set(word, (fileCounts.get(word) ?? 0) + 1);
    if (file.endsWith('.h') && relative(treeRoot, file).split(sep)[0] === 'include') for (const word of words) apiWords.add(word);
  }
  return { fileCounts, sharedNames, apiWords, files: files.length, lines, version: kernelVersion(treeRoot) };
}

/** The vocabulary at threshold N, and the shared names the vocabulary alone would not pass. */
export function selectVocabulary(counts: KernelNameCounts, minFiles: number = defaultMinFiles): MinedVocabulary {
  const accepted = (word: string) => (counts.fileCounts.get(word) ?? 0) >= minFiles || counts.apiWords.has(word);
  const words = [...counts.fileCounts.keys()].filter(accepted).sort();
  const identifiers = [...counts.sharedNames]
    .filter((name) => name !== name.toUpperCase())
    .filter((name) => splitIdentifier(name).some((part) => {
      const word = judgedWord(part.word);
      return word !== undefined && !accepted(word);
    }))
    .sort();
  return { words, identifiers, files: counts.files, lines: counts.lines, minFiles, version: counts.version };
}

/**
 * Splits every identifier of the tree into words and accepts a word that identifiers in at least N distinct
 * files use. `mineVocabulary(root, { exclude: ['mm/'] })` learns nothing from mm/, so a benchmark over mm/
 * cannot pass by having learnt its answer. Takes about 1–3 minutes on a whole tree (2 cores).
 */
export function mineVocabulary(treeRoot: string, options: MineOptions = {}): MinedVocabulary {
  return selectVocabulary(countKernelNames(treeRoot, options.exclude ?? []), options.minFiles ?? defaultMinFiles);
}

/** The mined facts in the form the review engine asks them (`createReviewEngine({ ..., kernelKnowledge })`). */
export function kernelKnowledgeOf(mined: MinedVocabulary): KernelKnowledge {
  return knowledgeFromSets(mined.words, mined.identifiers);
}
