// The accepted-code yardstick for terse-identifier: every .c/.h of a judged directory reviewed as a file, and every
// .c also as a new-file patch (what `diff -u /dev/null FILE` prints), with the vocabulary mined from the same tree
// with that directory left out, so the check cannot pass by having learnt the answer.
//   npx tsx scripts/measure-terse-identifier.ts [TREE] [--dirs mm/,drivers/dma/,drivers/pci/] [--json]
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createReviewEngine } from '../src/core/review/engine';
import { englishWordListFromDisk, nodeCParser } from '../src/node/assets';
import { countKernelNames, kernelKnowledgeOf, selectVocabulary, type KernelNameCounts } from '../src/node/kernelMining';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.[ch]$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** `diff -u /dev/null FILE` of a file, as a reviewer would receive a new driver. */
function newFileDiff(path: string, text: string): string {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return [`--- /dev/null`, `+++ ${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`), ''].join('\n');
}

/** One pass over the tree per left-out directory, kept in .cache/kernel-name-counts/ (git-ignored; delete it after changing the miner). */
function countsWithout(tree: string, dir: string): KernelNameCounts {
  const file = join('.cache', 'kernel-name-counts', `${dir.replace(/\W+/g, '_') || 'whole-tree'}.json`);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    return { ...saved, fileCounts: new Map(saved.fileCounts), sharedNames: new Set(saved.sharedNames), apiWords: new Set(saved.apiWords) };
  }
  const counts = countKernelNames(tree, dir ? [dir] : []);
  mkdirSync(join('.cache', 'kernel-name-counts'), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...counts, fileCounts: [...counts.fileCounts], sharedNames: [...counts.sharedNames], apiWords: [...counts.apiWords] }));
  return counts;
}

const positional = process.argv.slice(2).filter((arg, index, all) => !arg.startsWith('--') && !all[index - 1]?.startsWith('--'));
const tree = positional[0] ?? '.cache/kernel/linux-source-6.12';
const dirs = (option('--dirs') ?? 'mm/,drivers/dma/,drivers/pci/').split(',').filter(Boolean);
const parser = await nodeCParser();
const englishWords = englishWordListFromDisk();
const rows: Record<string, unknown>[] = [];
const wholeTree = countsWithout(tree, '');
for (const dir of dirs) {
  const mined = selectVocabulary(countsWithout(tree, dir), Number(option('--min-files') ?? 3));
  // Words come from the tree without the judged directory. Whether a *used* name exists in the kernel is asked of the
  // whole tree: an accepted driver's own header is part of the kernel its .c is reviewed against (its names are
  // judged where that header declares them, when the header itself is reviewed).
  const withoutDir = kernelKnowledgeOf(mined);
  const kernelKnowledge = { isWord: withoutDir.isWord, hasIdentifier: (name: string) => wholeTree.sharedNames.has(name) };
  const engine = createReviewEngine({ parser, englishWords, kernelKnowledge });
  const rules = Object.fromEntries(engine.rules.map((rule) => [rule.id, rule.id === 'terse-identifier' ? 'warning' as const : 'off' as const]));
  for (const mode of ['files', 'new-file patches'] as const) {
    let lines = 0;
    let files = 0;
    const words = new Map<string, number>();
    for (const file of sources(join(tree, dir))) {
      if (mode === 'new-file patches' && !file.endsWith('.c')) continue;
      const text = readFileSync(file, 'utf8');
      const path = relative(tree, file);
      const input = mode === 'files' ? text : newFileDiff(path, text);
      lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      files++;
      for (const finding of engine.review(input, { fileName: mode === 'files' ? path : `${path}.diff`, rules }).findings) {
        const word = /^'([^']+)'/.exec(finding.message)?.[1] ?? '?';
        words.set(`${word} (${path})`, (words.get(`${word} (${path})`) ?? 0) + 1);
      }
    }
    const findings = [...words.values()].reduce((sum, count) => sum + count, 0);
    rows.push({ dir, mode, files, lines, findings, perKiloLine: Number(((findings * 1000) / lines).toFixed(3)), words: [...words.keys()] });
    console.log(`${dir} as ${mode}: ${files} files, ${lines} lines, ${findings} findings, ${((findings * 1000) / lines).toFixed(3)} per 1,000 lines`
      + ` (vocabulary without ${dir}: ${mined.words.length} words)`);
    if (!process.argv.includes('--json')) console.log(`  ${[...words.keys()].join(', ')}`);
  }
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
