// `npm run fuzz -- --runs N --seed S`: the whole pipeline on generated and mutated inputs of every kind.
// A failure prints the seed, the path to replay it and the shrunk input, and exits 1.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { nodeCParser } from '../../src/node/assets';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fuzzInput, type FuzzInput } from './generators';
import { startWatchdog } from './watchdog';
import { emptyCounts, PipelineFailure, runPipeline, warmPipeline, type PipelineCounts, type PipelineTools } from './pipeline';

export interface FuzzOptions {
  runs: number;
  seed: number;
  gitApply: boolean;
  /** fast-check's replay path of an earlier failure. */
  path?: string;
  /** Prints a line every this many runs (a long run shows it is alive, and how far it got). */
  progress?: number;
}

export interface FuzzOutcome {
  runs: number;
  seed: number;
  ms: number;
  byKind: Record<string, number>;
  counts: PipelineCounts;
  failure?: { message: string; input: FuzzInput; path: string };
}

/**
 * A generous linear budget per review of the input (the first one and one after each fix), in this process's CPU
 * time: it catches a quadratic blow-up on the big inputs, while a loaded machine (wall time) cannot fail it.
 */
function budgetMs(chars: number, reviews: number): number {
  return (2000 + chars * 0.05) * reviews;
}

/**
 * Wall time one review may take before the watchdog calls it hung: twenty times its CPU budget and a minute more,
 * so only a review that would not end (not a slow one on a loaded machine) reaches it.
 */
function hangDeadlineMs(chars: number): number {
  return 60_000 + 20 * budgetMs(chars, 1);
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzOutcome> {
  const tools: PipelineTools = { engine: await nodeReviewEngine(), parser: await nodeCParser(), gitApply: options.gitApply, counts: emptyCounts() };
  warmPipeline(tools);
  const watchdog = startWatchdog();
  tools.onReview = (chars) => watchdog.extend(hangDeadlineMs(chars));
  const byKind: Record<string, number> = {};
  const started = performance.now();
  let done = 0;
  function checkInput(input: FuzzInput): void {
    byKind[input.kind] = (byKind[input.kind] ?? 0) + 1;
    if (options.progress && ++done % options.progress === 0) {
      console.error(`fuzz: ${done} runs in ${((performance.now() - started) / 1000).toFixed(0)} s (${(cpuMs() / 1000).toFixed(0)} s CPU), ${tools.counts.findings} findings, ${tools.counts.fixesApplied} fixes`);
    }
    const t0 = cpuMs();
    const fixesBefore = tools.counts.fixesApplied;
    runPipeline(tools, input);
    const ms = cpuMs() - t0;
    const budget = budgetMs(input.text.length, 1 + tools.counts.fixesApplied - fixesBefore);
    if (ms > budget) throw new PipelineFailure(`took ${ms.toFixed(0)} ms of CPU for ${input.text.length} characters (budget ${budget.toFixed(0)} ms)`);
  }
  let run = -1;
  let firstFailure: number | undefined;
  const details = fc.check(fc.property(fuzzInput, (input) => {
    run++;
    // After the first failure fast-check only shrinks; a hang then is reported against the run being shrunk.
    const report = firstFailure === undefined
      ? { seed: options.seed, run: run + (options.path ? Number.parseInt(options.path, 10) : 0), kind: input.kind, text: input.text }
      : { seed: options.seed, run: firstFailure, kind: `${input.kind}, while shrinking`, text: input.text };
    watchdog.arm(report, hangDeadlineMs(input.text.length));
    try {
      checkInput(input);
    } catch (error) {
      firstFailure ??= report.run;
      throw error;
    } finally {
      watchdog.disarm();
    }
  }), { numRuns: options.runs, seed: options.seed, ...(options.path ? { path: options.path } : {}) });
  await watchdog.close();

  const ms = performance.now() - started;
  const counts = tools.counts;
  if (!details.failed) return { runs: details.numRuns, seed: options.seed, ms, byKind, counts };
  const input = details.counterexample![0];
  const error = details.errorInstance;
  const message = error instanceof Error ? `${error.constructor.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` : String(error);
  return { runs: details.numRuns, seed: options.seed, ms, byKind, counts, failure: { message, input, path: details.counterexamplePath ?? '' } };
}

function parseArgs(argv: string[]): FuzzOptions {
  const options: FuzzOptions = { runs: 1000, seed: Date.now() % 2 ** 31, gitApply: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === '--runs') options.runs = positive(next(), '--runs');
    else if (arg === '--seed') options.seed = Number.parseInt(next(), 10);
    else if (arg === '--path') options.path = next();
    else if (arg === '--no-git-apply') options.gitApply = false;
    else if (arg === '--progress') options.progress = positive(next(), '--progress');
    else throw new Error(`unknown option ${arg} (use --runs N --seed S [--path P] [--no-git-apply] [--progress N])`);
  }
  if (!Number.isFinite(options.seed)) throw new Error('--seed needs an integer');
  return options;
}

function positive(value: string, what: string): number {
  const n = Number.parseInt(value, 10);
  if (!(n > 0)) throw new Error(`${what} needs a positive integer, not '${value}'`);
  return n;
}

async function main(): Promise<void> {
  let options: FuzzOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`fuzz: ${(error as Error).message}`);
    process.exit(2);
  }
  const outcome = await fuzz(options);
  const kinds = Object.entries(outcome.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
  if (!outcome.failure) {
    const c = outcome.counts;
    console.log(`fuzz: ${outcome.runs} runs passed in ${(outcome.ms / 1000).toFixed(1)} s (seed ${outcome.seed}; ${kinds})`);
    const answers = [...c.answers].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([m, n]) => `${n}× ${m}`).join('; ');
    if (answers) console.log(`      answered with an error: ${answers}`);
    console.log(`      ${c.findings} findings, ${c.fixesApplied} fixes applied and re-reviewed, ${c.applyChecks} git apply --check after a fix, ${c.replies} replies, ${c.interpreterRuns} interpreter loads`);
    return;
  }
  const file = `fuzz-failure-${outcome.seed}.txt`;
  writeFileSync(file, outcome.failure.input.text);
  console.error(`fuzz: FAILED after ${outcome.runs} runs, seed ${outcome.seed}, path ${outcome.failure.path}`);
  console.error(`replay: npm run fuzz -- --seed ${outcome.seed} --path ${outcome.failure.path}`);
  console.error(outcome.failure.message);
  console.error(`shrunk input (${outcome.failure.input.kind}, ${outcome.failure.input.text.length} characters, also in ${file}):`);
  console.error(JSON.stringify(outcome.failure.input.text.slice(0, 2000)));
  process.exit(1);
}

if (process.argv[1]?.endsWith('run.ts')) void main();
