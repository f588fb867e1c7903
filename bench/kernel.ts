// `npm run bench -- --kernel`: accepted kernel code as the yardstick. Every .c and .h of mm/, drivers/dma/ and
// drivers/pci/ of Debian's linux-source-6.12 (fetched at bench time into the git-ignored .cache/kernel, never
// committed) is reviewed as a file, and each .c also as a new-file patch (`diff -u /dev/null FILE`): code maintainers
// accepted is what a good submission looks like, so every finding there is noise unless proven otherwise. Findings
// per rule per 1,000 lines, against the budgets. terse-identifier's kernel vocabulary is mined with the judged
// directories left out, so it cannot pass by having learnt the answer.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createReviewEngine, type ReviewEngine } from '../src/core/review/engine';
import { englishWordListFromDisk, nodeCParser } from '../src/node/assets';
import { kernelKnowledgeOf, mineVocabulary } from '../src/node/kernelMining';
import { run } from '../test/kernel/debian';
import { isSkip, obtainKernelSource } from '../test/kernel/kernelTree';
import { markdownTable, type BenchSection } from './section';

const JUDGED_DIRS = ['mm/', 'drivers/dma/', 'drivers/pci/'];
/** Findings per 1,000 lines of accepted code a rule may make (issue 11). */
const BUDGETS: Record<string, number> = { 'terse-identifier': 0.1, 'exported-symbol-prefix': 0.05 };

function sourcesUnder(root: string, dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.[ch]$/.test(entry.name)) found.push(relative(root, full));
    }
  };
  walk(join(root, dir));
  return found.sort();
}

function lineCount(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return text.length > 0 && !text.endsWith('\n') ? lines + 1 : lines;
}

/** `diff -u /dev/null FILE` run in the tree, as a submitter's tool would make it (diff exits 1 on a difference). */
function newFilePatch(root: string, file: string): string {
  return run('diff', ['-u', '/dev/null', file], { cwd: root }).out;
}

interface Tally {
  lines: number;
  inputs: number;
  byRule: Map<string, number>;
  notes: number;
}

function review(engine: ReviewEngine, text: string, fileName: string, tally: Tally): void {
  const result = engine.review(text, { fileName });
  tally.inputs++;
  tally.lines += lineCount(text);
  tally.notes += result.notes.length;
  for (const finding of result.findings) tally.byRule.set(finding.rule, (tally.byRule.get(finding.rule) ?? 0) + 1);
}

const perThousand = (count: number, lines: number) => (lines > 0 ? (count * 1000) / lines : 0);

export async function benchKernel(): Promise<BenchSection> {
  const tree = obtainKernelSource();
  if (isSkip(tree)) {
    return { title: 'Kernel yardstick (skipped)', table: `skipped: ${tree.skip}`, json: { skipped: tree.skip } };
  }
  const minedAt = Date.now();
  const mined = mineVocabulary(tree.root, { exclude: JUDGED_DIRS });
  const miningSeconds = (Date.now() - minedAt) / 1000;
  const engine = createReviewEngine({ parser: await nodeCParser(), englishWords: englishWordListFromDisk(), kernelKnowledge: kernelKnowledgeOf(mined) });

  const asFiles: Tally = { lines: 0, inputs: 0, byRule: new Map(), notes: 0 };
  const asPatches: Tally = { lines: 0, inputs: 0, byRule: new Map(), notes: 0 };
  const reviewedAt = Date.now();
  for (const dir of JUDGED_DIRS) {
    for (const file of sourcesUnder(tree.root, dir)) {
      const text = readFileSync(join(tree.root, file), 'utf8');
      review(engine, text, file, asFiles);
      if (file.endsWith('.c')) review(engine, newFilePatch(tree.root, file), `${file}.patch`, asPatches);
    }
  }
  const reviewSeconds = (Date.now() - reviewedAt) / 1000;

  const rows = engine.rules.map((rule) => {
    const files = asFiles.byRule.get(rule.id) ?? 0;
    const patches = asPatches.byRule.get(rule.id) ?? 0;
    const rates = { files: perThousand(files, asFiles.lines), patches: perThousand(patches, asPatches.lines) };
    const budget = BUDGETS[rule.id];
    const within = budget === undefined ? undefined : Math.max(rates.files, rates.patches) <= budget;
    return { rule: rule.id, files, patches, rates, budget, within };
  });
  const vocabularyNote = `vocabulary mined from ${mined.files} files of ${mined.version} with ${JUDGED_DIRS.join(', ')} left out (N=${mined.minFiles}, ${mined.words.length} words, ${miningSeconds.toFixed(0)} s)`;
  const table = [
    markdownTable(
      ['rule', 'findings (files)', 'per 1,000 lines', 'findings (new-file patches)', 'per 1,000 lines', 'budget', 'verdict'],
      rows.map((row) => [
        row.rule, row.files, row.rates.files.toFixed(3), row.patches, row.rates.patches.toFixed(3),
        row.budget === undefined ? '—' : `≤ ${row.budget}`,
        row.within === undefined ? '—' : row.within ? 'within budget' : 'OVER budget',
      ]),
    ),
    '',
    `${asFiles.inputs} files (${asFiles.lines.toLocaleString('en')} lines) of ${JUDGED_DIRS.join(', ')}; ${asPatches.inputs} .c files also as new-file patches (${asPatches.lines.toLocaleString('en')} lines); reviewed in ${reviewSeconds.toFixed(1)} s.`,
    `${vocabularyNote}.`,
    'Initializer findings (redundant-initializer, redundant-owner, unused-initial-value) are judged by the compiler oracle: test/kernel/compiler-oracle.test.ts.',
  ].join('\n');
  return {
    title: 'Kernel yardstick: findings on accepted code per 1,000 lines',
    table,
    json: {
      kernel: mined.version,
      dirs: JUDGED_DIRS,
      vocabulary: { leftOut: JUDGED_DIRS, minFiles: mined.minFiles, words: mined.words.length, files: mined.files, seconds: miningSeconds },
      files: { inputs: asFiles.inputs, lines: asFiles.lines, notes: asFiles.notes },
      patches: { inputs: asPatches.inputs, lines: asPatches.lines, notes: asPatches.notes },
      reviewSeconds,
      rules: Object.fromEntries(rows.map((row) => [row.rule, {
        files: row.files, patches: row.patches, perThousandLines: row.rates,
        ...(row.budget !== undefined ? { budget: row.budget, withinBudget: row.within } : {}),
      }])),
    },
  };
}
