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

function emptyCounts(version: string): KernelNameCounts {
  return { fileCounts: new Map(), sharedNames: new Set(), apiWords: new Set(), files: 0, lines: 0, version };
}

/** Adds one file's names to `counts`. */
function countFile(treeRoot: string, file: string, counts: KernelNameCounts): void {
  const raw = readFileSync(file, 'latin1');
  counts.files++;
  counts.lines += countLines(raw);
  const code = raw.replace(nonCode, ' ');
  const names = new Set<string>();
  for (const [name] of code.matchAll(token)) if (!/^\d/.test(name)) names.add(name);
  if (file.endsWith('.h')) for (const name of names) counts.sharedNames.add(name);
  else for (const match of code.matchAll(exported)) counts.sharedNames.add(match[1]!);
  const words = new Set<string>();
  for (const name of names) {
    for (const part of splitIdentifier(name)) {
      const word = judgedWord(part.word);
      if (word) words.add(word);
    }
  }
  for (const word of words) counts.fileCounts.set(word, (counts.fileCounts.get(word) ?? 0) + 1);
  if (file.endsWith('.h') && relative(treeRoot, file).split(sep)[0] === 'include') for (const word of words) counts.apiWords.add(word);
}

const withSlash = (dir: string) => (dir.endsWith('/') ? dir : `${dir}/`);

/** One pass over the tree's `.c`/`.h` files, left-out directories skipped. */
export function countKernelNames(treeRoot: string, exclude: readonly string[] = []): KernelNameCounts {
  const counts = emptyCounts(kernelVersion(treeRoot));
  for (const file of sourceFiles(treeRoot, exclude.map(withSlash))) countFile(treeRoot, file, counts);
  return counts;
}

/**
 * One pass that keeps each of `dirs` apart from the rest of the tree (key `''`), so a yardstick can leave out each
 * judged directory in turn without reading the tree once per directory (`leaveOut`).
 */
export function countKernelNamesByDirectory(treeRoot: string, dirs: readonly string[]): Map<string, KernelNameCounts> {
  const version = kernelVersion(treeRoot);
  const parts = new Map<string, KernelNameCounts>([['', emptyCounts(version)], ...dirs.map((dir) => [withSlash(dir), emptyCounts(version)] as const)]);
  for (const file of sourceFiles(treeRoot, [])) {
    const rel = relative(treeRoot, file).split(sep).join('/');
    const dir = [...parts.keys()].find((prefix) => prefix !== '' && rel.startsWith(prefix)) ?? '';
    countFile(treeRoot, file, parts.get(dir)!);
  }
  return parts;
}

/** The tree's counts without one directory of a `countKernelNamesByDirectory` result (`''`: nothing left out). */
export function leaveOut(parts: ReadonlyMap<string, KernelNameCounts>, dir: string): KernelNameCounts {
  const left = dir === '' ? '' : withSlash(dir);
  const total = emptyCounts([...parts.values()][0]?.version ?? 'unknown');
  for (const [key, part] of parts) {
    if (left !== '' && key === left) continue;
    total.files += part.files;
    total.lines += part.lines;
    for (const [word, count] of part.fileCounts) total.fileCounts.set(word, (total.fileCounts.get(word) ?? 0) + count);
    for (const name of part.sharedNames) total.sharedNames.add(name);
    for (const word of part.apiWords) total.apiWords.add(word);
  }
  return total;
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
