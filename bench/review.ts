// Review latency: cold (a fresh `offload-review` process, grammar load included), warm (median of repeated reviews in
// one process) and incremental (re-review of a 3,000-line file after a one-character edit, with a session).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReviewSession, type ReviewEngine } from '../src/core/review/engine';
import { ReviewSession } from '../src/core/review/session';
import { nodeCParser } from '../src/node/assets';
import { nodeReviewEngine } from '../src/node/reviewEngine';
import { markdownTable, type BenchSection } from './section';

const WARM_RUNS = 15;

/** A C file of about `lines` lines with every kind of thing the rules look at. */
export function generateCFile(lines: number): string {
  const out = ['// SPDX-License-Identifier: GPL-2.0', '#include <linux/mm.h>', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `static int xfr_users_${i} = 0;`,
      `static struct migrator migrator_${i} = {`,
      `\t.name = "provider-${i}",`,
      '\t.owner = NULL,',
      '};',
      '',
      `/**`,
      ` * copy_batch_${i}() - copy one batch.`,
      ` * @m: the migrator`,
      ` */`,
      `int copy_batch_${i}(struct migrator *m, int nr)`,
      '{',
      '\tint ret;',
      '',
      `\tret = folio_copy_start(m, nr + ${i});`,
      '\tif (ret < 0) {',
      '\t\tpr_err("copy failed: %d\\n", ret);',
      '\t\treturn ret;',
      '\t}',
      '\tatomic_try_cmpxchg(&m->state, &nr, 1);',
      `\treturn xfr_users_${i};`,
      '}',
      `EXPORT_SYMBOL_GPL(copy_batch_${i});`,
      '',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** One git format-patch message creating a small file. */
function generatePatch(index: number): string {
  const body = generateCFile(30).split('\n').slice(0, 30);
  const subject = `[PATCH ${index + 1}/50] mm: add copy helper ${index}`;
  return [
    `From ${String(index).padStart(40, '0')} Mon Sep 17 00:00:00 2001`,
    'From: Bench Author <bench@example.org>',
    'Date: Mon, 6 Oct 2025 10:00:00 +0000',
    `Subject: ${subject}`,
    '',
    `Add the Transfer Request helper number ${index}.`,
    '',
    'Signed-off-by: Bench Author <bench@example.org>',
    '---',
    '',
    `diff --git a/mm/copy_${index}.c b/mm/copy_${index}.c`,
    'new file mode 100644',
    'index 000000000000..1111111111aa',
    '--- /dev/null',
    `+++ b/mm/copy_${index}.c`,
    `@@ -0,0 +1,${body.length} @@`,
    ...body.map((line) => `+${line}`),
    '-- ',
    '2.43.0',
    '',
  ].join('\n');
}

export function generateMbox(patches: number): string {
  return Array.from({ length: patches }, (_, index) => generatePatch(index)).join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function timed(action: () => void): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

/** dist/cli.cjs next to the bench bundle, or under dist/ when run from source. */
function cliPath(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, 'cli.cjs'), join(process.cwd(), 'dist', 'cli.cjs')].find((path) => existsSync(path));
}

/** Wall time of a fresh CLI process reviewing the file: Node start, grammar load, review and output. */
function coldMs(cli: string | undefined, file: string): number | undefined {
  if (!cli) return undefined;
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, '--format', 'json', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`offload-review failed on ${file}: ${result.stderr.split('\n')[0]}`);
  return elapsed;
}

function warmMs(engine: ReviewEngine, text: string): number {
  engine.review(text);
  return median(Array.from({ length: WARM_RUNS }, () => timed(() => engine.review(text))));
}

/** Re-review after a one-character edit in the middle, alternating two versions so every run sees an edit. */
function incrementalMs(engine: ReviewEngine, text: string): number {
  const middle = text.indexOf('\treturn ret;', Math.floor(text.length / 2));
  const versions = [text.slice(0, middle) + ' ' + text.slice(middle), text];
  const session = createReviewSession();
  engine.review(text, { session });
  const times = Array.from({ length: WARM_RUNS * 2 }, (_, run) => timed(() => engine.review(versions[run % 2]!, { session })));
  session.dispose();
  return median(times);
}

/** The parse alone: a fresh parse of the big file against a session re-parse after a one-character edit. */
async function parseOnlyMs(text: string): Promise<{ fullParseMs: number; incrementalParseMs: number }> {
  const parser = await nodeCParser();
  const fullParseMs = median(Array.from({ length: WARM_RUNS }, () => timed(() => parser.parse(text).delete())));
  const middle = Math.floor(text.length / 2);
  const versions = [text.slice(0, middle) + ' ' + text.slice(middle), text];
  const session = new ReviewSession();
  session.parse(parser, 'bench', text);
  const incrementalParseMs = median(Array.from({ length: WARM_RUNS * 2 }, (_, run) => timed(() => session.parse(parser, 'bench', versions[run % 2]!))));
  session.dispose();
  return { fullParseMs: round(fullParseMs), incrementalParseMs: round(incrementalParseMs) };
}

export async function benchReview(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'offload-review-bench-'));
  const seedPath = ['examples/seed-reply.txt', join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'seed-reply.txt')].find(existsSync);
  if (!seedPath) throw new Error('examples/seed-reply.txt not found (run from the project folder)');
  const inputs = [
    { input: 'seed reply (examples/seed-reply.txt)', text: readFileSync(seedPath, 'utf8') },
    { input: 'generated C file, 3,000 lines', text: generateCFile(3000) },
    { input: 'generated mbox, 50 patches', text: generateMbox(50) },
  ];
  const loadStart = performance.now();
  const cpuStart = process.cpuUsage();
  const engine = await nodeReviewEngine();
  const firstReviewMs = timed(() => engine.review(inputs[0]!.text)) + (performance.now() - loadStart);
  const cpu = process.cpuUsage(cpuStart);
  // CPU time next to wall time: on a loaded machine the wall time of a cold start is mostly waiting for a core.
  const firstReviewCpuMs = (cpu.user + cpu.system) / 1000;
  const cli = cliPath();
  const rows = inputs.map(({ input, text }, index) => {
    const file = join(dir, `input-${index}.txt`);
    writeFileSync(file, text);
    const result = engine.review(text);
    const cold = coldMs(cli, file);
    return {
      input, lines: text.split('\n').length, findings: result.findings.length,
      coldMs: cold === undefined ? null : round(cold), warmMs: round(warmMs(engine, text)),
    };
  });
  const big = inputs[1]!.text;
  const incremental = round(incrementalMs(engine, big));
  const parseOnly = await parseOnlyMs(big);
  const table = [
    markdownTable(['input', 'lines', 'findings', 'cold ms (fresh CLI process)', `warm ms (median of ${WARM_RUNS})`],
      rows.map((row) => [row.input, row.lines, row.findings, row.coldMs ?? 'n/a (build first)', row.warmMs])),
    '',
    `In-process first review of the seed, grammar and word list load included: ${round(firstReviewMs)} ms wall, ` +
      `${round(firstReviewCpuMs)} ms CPU (all threads).`,
    `Re-review of the 3,000-line file after a one-character edit, with a session (incremental parse): ${incremental} ms ` +
      `(median of ${WARM_RUNS}; a full review of the same file: ${rows[1]!.warmMs} ms).`,
    `Parse alone of that file: ${parseOnly.fullParseMs} ms fresh, ${parseOnly.incrementalParseMs} ms incremental after the edit.`,
  ].join('\n');
  return {
    title: 'review latency',
    table,
    json: { rows, firstReviewMs: round(firstReviewMs), firstReviewCpuMs: round(firstReviewCpuMs), incrementalMs: incremental, ...parseOnly, warmRuns: WARM_RUNS },
  };
}
