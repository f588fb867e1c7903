// The review engine's own figures for issue 12 (bench/reviewScale.ts has the goals' table): where a 10 MB C file's
// memory goes stage by stage (measured in a child process each, since WASM memory never shrinks), the incremental
// re-review split into the engine's parts and the rules', and mm/*.c by the CLI on one thread against one per core.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReviewSession } from '../src/core/review/engine';
import { nodeCParser } from '../src/node/assets';
import { nodeReviewEngine } from '../src/node/reviewEngine';
import { isSkip, obtainKernelSource } from '../test/kernel/kernelTree';
import { generateCFile } from './review';
import { markdownTable, type BenchSection } from './section';

const STAGE_ENV = 'OFFLOAD_BENCH_MEMORY_STAGE';
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1048576);

interface Memory {
  rssMb: number;
  heapMb: number;
  /** ArrayBuffers and WASM memory: tree-sitter's trees live here. */
  externalMb: number;
}

function memory(): Memory {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { rssMb: mb(usage.rss), heapMb: mb(usage.heapUsed), externalMb: mb(usage.external) };
}

/** In the child: load, parse, (review), reporting memory after each step and the peak. */
async function memoryStage(file: string, stage: string): Promise<void> {
  const steps: Record<string, Memory & { ms?: number }> = { start: memory() };
  const text = readFileSync(file, 'utf8');
  const parser = await nodeCParser();
  const engine = await nodeReviewEngine();
  steps.loaded = memory();
  let started = performance.now();
  const tree = parser.parse(text);
  steps.parsed = { ...memory(), ms: round(performance.now() - started) };
  tree.delete();
  steps['tree deleted'] = memory();
  if (stage === 'review') {
    started = performance.now();
    const result = engine.review(text, { fileName: 'ten-megabytes.c' });
    steps.reviewed = { ...memory(), ms: round(performance.now() - started) };
    result.dispose();
  }
  process.stdout.write(`${JSON.stringify({ steps, peakRssMb: mb(process.resourceUsage().maxRSS * 1024) })}\n`);
}

function bundle(): string {
  const here = fileURLToPath(import.meta.url);
  return existsSync(here) && here.endsWith('.cjs') ? here : join(process.cwd(), 'dist', 'bench.cjs');
}

function child(args: string[], env: Record<string, string>): Promise<{ out: string; wallMs: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (status) => {
      const rss = /bench-max-rss-kb=(\d+)/.exec(err);
      if (status !== 0 && status !== 1) reject(new Error(`${args.join(' ')} exited ${status}: ${err.split('\n')[0]}`));
      else resolve({ out, wallMs: performance.now() - started, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN });
    });
  });
}

function kernelText(root: string, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (const dir of ['mm', 'kernel', 'fs', 'lib', 'net/ipv4', 'net/core', 'drivers/base']) {
    for (const name of readdirSync(join(root, dir)).filter((entry) => entry.endsWith('.c')).sort()) {
      if (size >= bytes) break;
      const text = readFileSync(join(root, dir, name), 'utf8');
      parts.push(text);
      size += text.length;
    }
  }
  return parts.join('\n').slice(0, bytes);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchReviewEngine(): Promise<BenchSection> {
  const lines: string[] = [];
  const json: Record<string, unknown> = {};
  const kernel = obtainKernelSource();
  const dir = mkdtempSync(join(tmpdir(), 'offload-review-engine-'));
  try {
    // Memory of a 10 MB C file, stage by stage, each in a fresh process.
    const tenMb = 10 * 1024 * 1024;
    const bigFile = join(dir, 'ten-megabytes.c');
    writeFileSync(bigFile, isSkip(kernel) ? generateCFile(Math.ceil(tenMb / 26)).slice(0, tenMb) : kernelText(kernel.root, tenMb));
    const stages: Record<string, { steps: Record<string, Memory & { ms?: number }>; peakRssMb: number }> = {};
    for (const stage of ['parse', 'review']) {
      const run = await child(['--expose-gc', bundle(), '--only=__stage'], { [STAGE_ENV]: `${stage}:${bigFile}` });
      stages[stage] = JSON.parse(run.out.trim().split('\n').at(-1)!);
    }
    const review = stages.review!;
    const rows = Object.entries(review.steps).map(([step, at]) => [step, at.rssMb, at.heapMb, at.externalMb, at.ms ?? '']);
    rows.push(['peak (parse only)', stages.parse!.peakRssMb, '', '', ''], ['peak (whole review)', review.peakRssMb, '', '', '']);
    lines.push('### Memory of a 10 MB C file by stage (after GC; external = ArrayBuffers and WASM memory)', '',
      markdownTable(['stage', 'RSS MB', 'JS heap MB', 'external MB', 'ms'], rows), '',
      `tree-sitter's own tree: ${round(review.steps.parsed!.externalMb - review.steps.loaded!.externalMb)} MB of WASM memory, kept by the `
      + 'module after the tree is deleted (WASM memory never shrinks).', '');
    json.memory = stages;

    // Incremental: the engine's own parts beside the rules'.
    const engine = await nodeReviewEngine();
    const text = generateCFile(3000);
    const middle = text.indexOf('\treturn ret;', Math.floor(text.length / 2));
    const versions = [text.slice(0, middle) + ' ' + text.slice(middle), text];
    const session = createReviewSession();
    engine.review(text, { session });
    const times: number[] = [];
    const parts: Record<string, number[]> = {};
    for (let run = 0; run < 30; run++) {
      const timings: Record<string, number> = {};
      const started = performance.now();
      engine.review(versions[run % 2]!, { session, timings });
      times.push(performance.now() - started);
      for (const [part, ms] of Object.entries(timings)) (parts[part] ??= []).push(ms);
    }
    session.dispose();
    const partRows = Object.entries(parts).map(([part, ms]) => [part, round(median(ms), 2)] as [string, number]).sort((a, b) => b[1] - a[1]);
    const named = partRows.reduce((sum, [, ms]) => sum + ms, 0);
    lines.push('### Re-review after a one-character edit, 3,000 lines: where the time goes (median of 30)', '',
      markdownTable(['part', 'ms'], [['whole re-review', round(median(times), 2)], ...partRows.filter(([, ms]) => ms >= 0.05), ['rest of the engine (placing, keys, sorting)', round(median(times) - named, 2)]]), '');
    json.incremental = { ms: median(times), parts: Object.fromEntries(partRows) };

    // mm/*.c by the CLI: the main thread alone against one thread per core (the main thread and cores - 1 workers).
    if (!isSkip(kernel)) {
      const cli = join(dirname(bundle()), 'cli.cjs');
      const preload = join(dir, 'max-rss.cjs');
      writeFileSync(preload, "process.on('exit', () => process.stderr.write(`bench-max-rss-kb=${process.resourceUsage().maxRSS}\\n`));\n");
      const mm = readdirSync(join(kernel.root, 'mm')).filter((name) => name.endsWith('.c')).sort().map((name) => join(kernel.root, 'mm', name));
      const cores = availableParallelism();
      const one = await child(['--require', preload, cli, '--format', 'json', ...mm], { OFFLOAD_REVIEW_WORKERS: '1' });
      const many = await child(['--require', preload, cli, '--format', 'json', ...mm], { OFFLOAD_REVIEW_WORKERS: String(cores) });
      lines.push(`### mm/*.c (${mm.length} files) in one CLI call`, '', markdownTable(['threads', 'wall s', 'peak RSS MB (main thread and workers)'], [
        ['1 (main thread)', round(one.wallMs / 1000, 2), round(one.maxRssMb)],
        [`${cores} (main thread and ${cores - 1} worker${cores === 2 ? '' : 's'})`, round(many.wallMs / 1000, 2), round(many.maxRssMb)],
      ]), '', `Same output: ${one.out === many.out ? 'yes' : 'NO'}.`, '');
      json.mm = { files: mm.length, oneThreadMs: one.wallMs, workers: cores, workersMs: many.wallMs, oneRssMb: one.maxRssMb, workersRssMb: many.maxRssMb, same: one.out === many.out };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { title: 'review engine: memory, incremental parts, CLI workers (issue 12)', table: lines.join('\n'), json };
}

// A child process of this bench measuring one memory stage (see benchReviewEngine).
const stageRequest = process.env[STAGE_ENV];
if (stageRequest) {
  const [stage, ...file] = stageRequest.split(':');
  memoryStage(file.join(':'), stage!).catch((error: unknown) => {
    process.stderr.write(`memory stage: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
