#!/usr/bin/env node
// Derives the exported-symbol prefixes a kernel tree establishes, for the exported-symbol-prefix rule.
// Facts only (prefix words and counts), never kernel code. Usage:
//   node scripts/derive-export-prefixes.mjs [KERNEL_TREE] [--check]
// KERNEL_TREE defaults to .cache/kernel/linux-source-6.12 (Debian's linux-source-6.12, see test/kernel/kernelTree.ts).
// Writes src/core/review/rules/exportPrefixes.json; --check only compares and exits 1 when the file differs.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const check = args.includes('--check');
const tree = args.find((arg) => !arg.startsWith('--')) ?? '.cache/kernel/linux-source-6.12';
const output = 'src/core/review/rules/exportPrefixes.json';

/** A prefix counts when exports of at least this many distinct files start with it. */
const MIN_FILES = 3;
/**
 * Share of a word's uses in exported names that are in first place. Namespaces lead (`pci_` 0.61, `devm_` 0.96,
 * `folio_` 0.40); verbs mostly follow a namespace (`get` 0.04, `start` 0.04, `register` 0.09, `alloc` 0.07).
 */
const MIN_LEADING_SHARE = 0.2;
/**
 * An English word that leads exports (`flush_`, `copy_`, `do_`) is a namespace only when its exports live together in
 * one directory (`shrinker_` in mm/): spread over the tree it is a verb or a generic word every module could pick.
 */
const MIN_CONCENTRATION = 0.5;

if (!existsSync(join(tree, 'MAINTAINERS'))) {
  console.error(`derive-export-prefixes: ${tree} is not a kernel tree (no MAINTAINERS)`);
  process.exit(2);
}

const require = createRequire(import.meta.url);
const english = new Set(readFileSync(join(require.resolve('word-list'), '..', 'words.txt'), 'utf8').split('\n'));
const version = readVersion(tree);
const skipped = new Set(['Documentation', 'tools', 'samples', 'scripts', 'usr', '.git']);
const exportCall = /\bEXPORT_SYMBOL(?:_GPL)?(?:_NS(?:_GPL)?)?\s*\(\s*([A-Za-z_]\w*)/g;

/** A first word is a directory's namespace when exports of at least this many of its files start with it. */
const MIN_DIRECTORY_FILES = 2;

const leading = new Map(); // word -> { files: Set, dirs: Map }
const byDirectory = new Map(); // two-level directory -> Map(word -> Set of files)
const later = new Map(); // word -> count
let exports = 0;
let files = 0;

for (const path of sourceFiles(tree)) {
  const text = readFileSync(path, 'latin1');
  if (!text.includes('EXPORT_SYMBOL')) continue;
  files++;
  const rel = relative(tree, path);
  const dir = rel.split('/').slice(0, -1).slice(0, 2).join('/') || '.';
  for (const match of text.matchAll(exportCall)) {
    const words = match[1].replace(/^_+/, '').toLowerCase().split('_').filter(Boolean);
    if (words.length < 2) continue;
    exports++;
    const [first, ...rest] = words;
    let entry = leading.get(first);
    if (!entry) leading.set(first, (entry = { files: new Set(), dirs: new Map(), uses: 0 }));
    entry.uses++;
    if (!entry.files.has(rel)) {
      entry.files.add(rel);
      entry.dirs.set(dir, (entry.dirs.get(dir) ?? 0) + 1);
    }
    for (const word of rest) later.set(word, (later.get(word) ?? 0) + 1);
    let namespace = byDirectory.get(dir);
    if (!namespace) byDirectory.set(dir, (namespace = new Map()));
    if (!namespace.has(first)) namespace.set(first, new Set());
    namespace.get(first).add(rel);
  }
}

const prefixes = [...leading.entries()]
  .filter(([word, entry]) => {
    if (word.length < 2 || /^\d/.test(word) || entry.files.size < MIN_FILES) return false;
    if (entry.uses / (entry.uses + (later.get(word) ?? 0)) < MIN_LEADING_SHARE) return false;
    if (!english.has(word)) return true;
    return Math.max(...entry.dirs.values()) / entry.files.size >= MIN_CONCENTRATION;
  })
  .map(([word]) => word)
  .sort();

/** `mm` → "alloc folio get …": first words the directory's exports share, the namespace a new export there joins. */
const directoryPrefixes = Object.fromEntries([...byDirectory.entries()]
  .map(([dir, words]) => [dir, [...words.entries()].filter(([, files]) => files.size >= MIN_DIRECTORY_FILES).map(([word]) => word).sort()])
  .filter(([, words]) => words.length > 0)
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([dir, words]) => [dir, words.join(' ')]));

const data = {
  provenance: {
    source: `Debian linux-source-6.12 (${version})`,
    script: 'scripts/derive-export-prefixes.mjs',
    rule: `first word of EXPORT_SYMBOL* names in .c/.h files; exports of >= ${MIN_FILES} files; leading share >= ${MIN_LEADING_SHARE}; `
      + `an English word only when >= ${MIN_CONCENTRATION} of its files share one two-level directory; `
      + `directoryPrefixes: first words of exports of >= ${MIN_DIRECTORY_FILES} files of that two-level directory`,
    exportingFiles: files,
    exports,
    prefixes: prefixes.length,
    directories: Object.keys(directoryPrefixes).length,
  },
  prefixes: prefixes.join(' '),
  directoryPrefixes,
};
const text = JSON.stringify(data, null, 2) + '\n';
if (check) {
  const same = existsSync(output) && readFileSync(output, 'utf8') === text;
  console.log(same ? `${output} is up to date (${prefixes.length} prefixes)` : `${output} differs from ${tree}`);
  process.exit(same ? 0 : 1);
}
writeFileSync(output, text);
console.log(`${output}: ${prefixes.length} prefixes from ${exports} exports in ${files} files of ${version}`);

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (/\.[ch]$/.test(entry.name)) {
      yield join(dir, entry.name);
    }
  }
}

function readVersion(root) {
  const makefile = readFileSync(join(root, 'Makefile'), 'utf8');
  const field = (name) => new RegExp(`^${name} = (.*)$`, 'm').exec(makefile)?.[1]?.trim() ?? '';
  return [field('VERSION'), field('PATCHLEVEL'), field('SUBLEVEL')].filter(Boolean).join('.');
}
