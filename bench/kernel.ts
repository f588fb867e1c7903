// `npm run bench -- --kernel`: accepted kernel code as the yardstick. Every .c and .h of mm/, drivers/dma/ and
// drivers/pci/ of Debian's linux-source-6.12 (fetched at bench time into the git-ignored .cache/kernel, never
// committed) is reviewed as a file, and each .c also as a new-file patch (`diff -u /dev/null FILE`): code maintainers
// accepted is what a good submission looks like, so every finding there is noise unless proven otherwise. Findings
// per rule per 1,000 lines, against the budgets. terse-identifier's kernel vocabulary is mined with the judged
// directory left out (each in turn, from one pass over the tree), so it cannot pass by having learnt the answer;
// its figures are given per directory, each against the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createReviewEngine, type ReviewEngine } from '../src/core/review/engine';
import { allRules } from '../src/core/review/rules';
import { englishWordListFromDisk, nodeCParser } from '../src/node/assets';
import { countKernelNamesByDirectory, kernelKnowledgeOf, leaveOut, selectVocabulary } from '../src/node/kernelMining';
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

const TERSE = 'terse-identifier';

const emptyTally = (): Tally => ({ lines: 0, inputs: 0, byRule: new Map(), notes: 0 });

export async function benchKernel(): Promise<BenchSection> {
  const tree = obtainKernelSource();
  if (isSkip(tree)) {
    return { title: 'Kernel yardstick (skipped)', table: `skipped: ${tree.skip}`, json: { skipped: tree.skip } };
  }
  const minedAt = Date.now();
  const parts = countKernelNamesByDirectory(tree.root, JUDGED_DIRS);
  const whole = leaveOut(parts, '');
  const miningSeconds = (Date.now() - minedAt) / 1000;
  const parser = await nodeCParser();
  const englishWords = englishWordListFromDisk();

  const asFiles = emptyTally();
  const asPatches = emptyTally();
  const perDir: { dir: string; words: number; files: Tally; patches: Tally }[] = [];
  const reviewedAt = Date.now();
  for (const dir of JUDGED_DIRS) {
    // Words from the tree without this directory. Whether a used name exists is asked of the whole tree: an accepted
    // driver's own header is part of the kernel its .c is reviewed against (its names are judged where it declares them).
    const mined = selectVocabulary(leaveOut(parts, dir));
    const withoutDir = kernelKnowledgeOf(mined);
    const kernelKnowledge = { isWord: withoutDir.isWord, hasIdentifier: (name: string) => whole.sharedNames.has(name) };
    const engine = createReviewEngine({ parser, englishWords, kernelKnowledge });
    const here = { dir, words: mined.words.length, files: emptyTally(), patches: emptyTally() };
    for (const file of sourcesUnder(tree.root, dir)) {
      const text = readFileSync(join(tree.root, file), 'utf8');
      review(engine, text, file, here.files);
      if (file.endsWith('.c')) review(engine, newFilePatch(tree.root, file), `${file}.patch`, here.patches);
    }
    perDir.push(here);
    for (const [from, into] of [[here.files, asFiles], [here.patches, asPatches]] as const) {
      into.lines += from.lines;
      into.inputs += from.inputs;
      into.notes += from.notes;
      for (const [rule, count] of from.byRule) into.byRule.set(rule, (into.byRule.get(rule) ?? 0) + count);
    }
  }
  const reviewSeconds = (Date.now() - reviewedAt) / 1000;
  const ruleIds = allRules.map((rule) => rule.id);

  const terseRows = perDir.map((row) => {
    const rates = { files: perThousand(row.files.byRule.get(TERSE) ?? 0, row.files.lines), patches: perThousand(row.patches.byRule.get(TERSE) ?? 0, row.patches.lines) };
    return { ...row, rates, within: Math.max(rates.files, rates.patches) <= BUDGETS[TERSE]! };
  });
  const rows = ruleIds.map((rule) => {
    const files = asFiles.byRule.get(rule) ?? 0;
    const patches = asPatches.byRule.get(rule) ?? 0;
    const rates = { files: perThousand(files, asFiles.lines), patches: perThousand(patches, asPatches.lines) };
    const budget = BUDGETS[rule];
    const within = budget === undefined ? undefined : rule === TERSE ? terseRows.every((row) => row.within) : Math.max(rates.files, rates.patches) <= budget;
    return { rule, files, patches, rates, budget, within };
  });
  const vocabularyNote = `vocabulary mined from ${whole.files} files of ${whole.version}, each judged directory left out in turn (N=3; ${perDir.map((row) => `${row.words} words without ${row.dir}`).join(', ')}; one pass, ${miningSeconds.toFixed(0)} s)`;
  const table = [
    markdownTable(
      ['rule', 'findings (files)', 'per 1,000 lines', 'findings (new-file patches)', 'per 1,000 lines', 'budget', 'verdict'],
      rows.map((row) => [
        row.rule, row.files, row.rates.files.toFixed(3), row.patches, row.rates.patches.toFixed(3),
        row.budget === undefined ? '—' : `≤ ${row.budget}${row.rule === TERSE ? ' per directory' : ''}`,
        row.within === undefined ? '—' : row.within ? 'within budget' : 'OVER budget',
      ]),
    ),
    '',
    `${TERSE} per directory (vocabulary without that directory):`,
    '',
    markdownTable(
      ['directory', 'lines (files)', 'findings (files)', 'per 1,000 lines', 'findings (new-file patches)', 'per 1,000 lines', 'verdict'],
      terseRows.map((row) => [
        row.dir, row.files.lines.toLocaleString('en'), row.files.byRule.get(TERSE) ?? 0, row.rates.files.toFixed(3),
        row.patches.byRule.get(TERSE) ?? 0, row.rates.patches.toFixed(3), row.within ? 'within budget' : 'OVER budget',
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
      kernel: whole.version,
      dirs: JUDGED_DIRS,
      vocabulary: { leftOut: 'each judged directory in turn', minFiles: 3, words: Object.fromEntries(perDir.map((row) => [row.dir, row.words])), files: whole.files, seconds: miningSeconds },
      files: { inputs: asFiles.inputs, lines: asFiles.lines, notes: asFiles.notes },
      patches: { inputs: asPatches.inputs, lines: asPatches.lines, notes: asPatches.notes },
      reviewSeconds,
      rules: Object.fromEntries(rows.map((row) => [row.rule, {
        files: row.files, patches: row.patches, perThousandLines: row.rates,
        ...(row.budget !== undefined ? { budget: row.budget, withinBudget: row.within } : {}),
      }])),
      [TERSE]: Object.fromEntries(terseRows.map((row) => [row.dir, { perThousandLines: row.rates, withinBudget: row.within }])),
    },
  };
}
