import { bundledKernelKnowledge } from './kernelVocabulary';
import type { KernelKnowledge } from './names/kernelKnowledge';
import type { Vocabulary } from './rule';

/**
 * English words, the words a kernel tree's identifiers use, the user's own list; everything compares in lower case.
 * `kernel` is the committed 6.12 facts unless a caller mined its own (the benchmark leaves the judged directory out).
 */
export function createVocabulary(english: () => Pick<ReadonlySet<string>, 'has'>, extra: readonly string[], kernel: KernelKnowledge = bundledKernelKnowledge): Vocabulary {
  const accepted = new Set(extra.map((word) => word.toLowerCase()));
  const term = (lower: string): boolean => accepted.has(lower) || kernel.isWord(lower) || english().has(lower);
  const single = (lower: string): boolean => /^\d+$/.test(lower) || term(lower) || isInflection(lower, term);
  const whole = (lower: string): boolean => single(lower) || isCompound(lower, single);
  // Compounds try every split: remember answers, as a file asks about the same words again and again (bounded, since
  // a generated file can ask about endless distinct words).
  const answers = new Map<string, boolean>();
  return {
    isKnown: (word) => {
      const lower = word.toLowerCase();
      let known = answers.get(lower);
      if (known === undefined) {
        known = whole(lower) || isDerived(lower, whole);
        if (answers.size > 100_000) answers.clear();
        answers.set(lower, known);
      }
      return known;
    },
    isKernelIdentifier: (name) => kernel.hasIdentifier(name),
  };
}

/** Plural and -ing/-ed forms of accepted terms count: words.txt lacks some, the kernel's (`kswapds`, `falloced`) most. */
function isInflection(word: string, known: (lower: string) => boolean): boolean {
  for (const suffix of ['s', 'es', 'ed', 'd', 'ing', 'er']) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix) && known(word.slice(0, -suffix.length))) return true;
  }
  return false;
}

const prefixes = ['un', 'non', 'no', 're', 'de', 'dis', 'mis', 'pre', 'sub', 'over', 'under', 'multi', 'inter'];
const suffixes: [string, string[]][] = [['able', ['', 'e']], ['ize', ['', 'e']], ['ise', ['', 'e']], ['ization', ['', 'e']], ['ness', ['']], ['ly', ['']]];

/**
 * English builds words the list lacks from ones it has: `unbuddied`, `refaults`, `nowalk` (a prefix before a known
 * word), `handlable`, `pinnable`, `tokenize` (a suffix after one, with the stem's final e or doubled consonant).
 */
function isDerived(word: string, known: (part: string) => boolean): boolean {
  for (const prefix of prefixes) {
    if (word.length - prefix.length >= 3 && word.startsWith(prefix) && known(word.slice(prefix.length))) return true;
  }
  for (const [suffix, endings] of suffixes) {
    if (word.length - suffix.length < 3 || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    if (endings.some((ending) => known(stem + ending))) return true;
    if (stem.length >= 4 && stem[stem.length - 1] === stem[stem.length - 2] && known(stem.slice(0, -1))) return true;
  }
  return false;
}

/** Short words that join longer ones in names written together: `memtomem`, `changeinstatus`, `freeup`, `dcaid`, `iowin`. */
const joints = new Set(['to', 'in', 'on', 'of', 'up', 'at', 'by', 'id', 'io']);

/**
 * Longer runs of letters are taken as words written together without trying their splits: no shortcut is that
 * long, and the splits cost n² questions of up to n letters each (npm run fuzz: one generated name held a
 * review for minutes).
 */
const LONGEST_SPLIT_WORD = 40;

/**
 * `cpuselect`, `migratecfg`, `writecmdtoindex`: known words of three letters or more (or a joint) written together,
 * at least one of them three letters long. Each end position is tried once, so a word of n letters costs n².
 */
function isCompound(word: string, known: (part: string) => boolean): boolean {
  if (word.length > LONGEST_SPLIT_WORD) return true;
  // reachable[i]: word.slice(0, i) splits into parts; withLong[i]: and one of them has three letters or more.
  const reachable = new Uint8Array(word.length + 1);
  const withLong = new Uint8Array(word.length + 1);
  reachable[0] = 1;
  for (let end = 2; end <= word.length; end++) {
    for (let start = 0; start <= end - 2; start++) {
      if (!reachable[start] || (start === 0 && end === word.length)) continue;
      const part = word.slice(start, end);
      const long = part.length >= 3;
      // A known two-letter word beside a longer one (`pqzero`: pq + zero) in a name of six letters or more; `offc` is
      // not `of` + `fc`.
      if (!(long ? known(part) : joints.has(part) || (word.length >= 6 && known(part)))) continue;
      reachable[end] = 1;
      if (long || withLong[start]) withLong[end] = 1;
    }
  }
  return withLong[word.length] === 1;
}
