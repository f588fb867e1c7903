// One input through everything a reviewer's document meets: the reader, every rule, every offered fix (applied,
// then the result reviewed again), the reply, and the interpreter of the patch's own code. Any JavaScript error
// (TypeError, RangeError, stack overflow) or any position outside the document is a failure; an Error our code
// raises on purpose (a one-line "no C source found" and the like) is an answer, not a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WasmFault, wasmStackDrift, type CParser } from '../../src/core/c/parser';
import { loadPatchCode } from '../../src/core/interp/simulateWithPatchCode';
import type { DocumentEdit, DocumentRange } from '../../src/core/patch/types';
import { buildReplies, findingsAsComments, joinReplies } from '../../src/core/reply';
import type { ReviewEngine } from '../../src/core/review/engine';
import type { FuzzInput } from './generators';
import { trackTrees } from './liveTrees';

export interface PipelineTools {
  engine: ReviewEngine;
  parser: CParser;
  /** Runs `git apply --check` on pristine patches before and after their fixes. */
  gitApply: boolean;
  counts: PipelineCounts;
  /** Told before every review, with the text's length (the fuzzer's watchdog restarts its deadline). */
  onReview?: (chars: number) => void;
}

export class PipelineFailure extends Error {}

/** What the runs exercised, so a green run shows it did more than parse. */
export interface PipelineCounts {
  findings: number;
  fixesApplied: number;
  applyChecks: number;
  replies: number;
  interpreterRuns: number;
  /** Errors our code raised on purpose (one-line answers), by message: a run that only answers is no run. */
  answers: Map<string, number>;
}

export function emptyCounts(): PipelineCounts {
  return { findings: 0, fixesApplied: 0, applyChecks: 0, replies: 0, interpreterRuns: 0, answers: new Map() };
}

function fail(message: string): never {
  throw new PipelineFailure(message);
}

function isBug(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || error instanceof WasmFault || error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError
    || error instanceof PipelineFailure || !(error instanceof Error);
}

export function splitDocumentLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

function assertInside(lines: readonly string[], range: DocumentRange, what: string): void {
  for (const position of [range.start, range.end]) {
    if (!(position.line >= 0 && position.line < lines.length)) fail(`${what}: line ${position.line} outside ${lines.length} lines`);
    if (!(position.column >= 0 && position.column <= lines[position.line]!.length)) fail(`${what}: column ${position.column} outside line ${position.line} (length ${lines[position.line]!.length})`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.column <= range.end.column);
  if (!ordered) fail(`${what}: range ends before it starts`);
}

/** Offsets of each line start, counting the real terminator (\r\n, \n or \r) of every line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\n' || c === '\r') starts.push(i + 1);
  }
  return starts;
}

export function applyEdits(text: string, edits: readonly DocumentEdit[]): string {
  const starts = lineStarts(text);
  const offset = (p: { line: number; column: number }) => starts[p.line]! + p.column;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (let i = 1; i < sorted.length; i++) {
    if (offset(sorted[i]!.range.end) > offset(sorted[i - 1]!.range.start)) fail('a fix has overlapping edits');
  }
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

function gitApplyCheck(patch: string, base: Record<string, string>): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'offload-fuzz-'));
  try {
    for (const [path, content] of Object.entries(base)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    writeFileSync(join(dir, 'input.patch'), patch);
    const result = spawnSync('git', ['apply', '--check', 'input.patch'], { cwd: dir, encoding: 'utf8' });
    return result.status === 0 ? undefined : (result.stderr || result.error?.message || 'git apply failed').trim().split('\n')[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function reviewAndCheck(tools: PipelineTools, text: string, what: string) {
  tools.onReview?.(text.length);
  const result = tools.engine.review(text, { fileName: 'fuzz-input' });
  const lines = splitDocumentLines(text);
  if (result.parsed.docLines.length !== lines.length) fail(`${what}: the reader sees ${result.parsed.docLines.length} lines, the document has ${lines.length}`);
  result.findings.forEach((finding, index) => {
    assertInside(lines, finding.range, `${what} ${finding.rule}`);
    for (const related of finding.related ?? []) assertInside(lines, related.range, `${what} ${finding.rule} related`);
    for (const fix of result.fixes(index)) for (const edit of fix.edits) assertInside(lines, edit.range, `${what} ${finding.rule} fix '${fix.title}'`);
  });
  return result;
}

/** The whole pipeline on one input; throws PipelineFailure (or the bug itself) when something is wrong. */
export function runPipeline(tools: PipelineTools, input: FuzzInput): void {
  const trees = trackTrees();
  const liveBefore = trees.live();
  const deletedTwice = trees.doubleDeletes();
  try {
    runChecked(tools, input);
  } catch (error) {
    if (isBug(error)) throw error;
    const message = (error as Error).message.split('\n')[0]!.replace(/\d+/g, 'N').slice(0, 120);
    tools.counts.answers.set(message, (tools.counts.answers.get(message) ?? 0) + 1);
  }
  // A trap caught anywhere (a rule's try, a fix thunk's) still shows: it leaves tree-sitter's shadow stack short,
  // which is how traps once accumulated unseen until the module died thousands of runs later.
  const drift = wasmStackDrift();
  if (drift !== 0) fail(`tree-sitter's WASM stack lost ${drift} bytes during this input: a trap was swallowed`);
  if (trees.doubleDeletes() !== deletedTwice) fail('a tree was deleted twice');
  // The interpreter's prelude trees are parsed once per parser and kept (program.ts): warmPipeline makes them first.
  if (trees.live() !== liveBefore) fail(`${trees.live() - liveBefore} trees were left alive after this input (a WASM leak)`);
}

/** Parses what the pipeline keeps for the whole process (the interpreter's prelude) before the first input is counted. */
export function warmPipeline(tools: PipelineTools): void {
  trackTrees();
  runInterpreter(tools, 'static struct migrator warm = { .name = "warm" };\n');
  tools.counts.interpreterRuns = 0;
}

function runChecked(tools: PipelineTools, input: FuzzInput): void {
  const result = reviewAndCheck(tools, input.text, 'review');
  tools.counts.findings += result.findings.length;
  const checkApply = tools.gitApply && input.pristine && input.base !== undefined && result.parsed.patches.length > 0;
  if (checkApply) {
    const why = gitApplyCheck(input.text, input.base!);
    if (why) fail(`the generated patch does not apply before any fix (generator bug): ${why}`);
  }
  result.findings.forEach((finding, index) => {
    for (const fix of result.fixes(index)) {
      const fixed = applyEdits(input.text, fix.edits);
      tools.counts.fixesApplied++;
      const again = reviewAndCheck(tools, fixed, `after '${fix.title}'`);
      if (result.parsed.patches.length > 0 && again.parsed.patches.length !== result.parsed.patches.length) {
        fail(`after '${fix.title}' the document holds ${again.parsed.patches.length} patches instead of ${result.parsed.patches.length}`);
      }
      if (checkApply) {
        tools.counts.applyChecks++;
        const why = gitApplyCheck(fixed, input.base!);
        if (why) fail(`after '${fix.title}' (${finding.rule}) the patch no longer applies: ${why}`);
      }
      again.dispose();
    }
  });
  if (result.parsed.patches.length > 0) {
    const reply = joinReplies(buildReplies(result.parsed, findingsAsComments(result.findings)));
    tools.counts.replies++;
    if (typeof reply !== 'string') fail('the reply is not text');
  }
  result.dispose();
  if (/start_offloading|struct migrator/.test(input.text)) runInterpreter(tools, input.text);
}

function runInterpreter(tools: PipelineTools, text: string): void {
  try {
    tools.counts.interpreterRuns++;
    const run = loadPatchCode(text, 'fuzz-input.c', tools.parser);
    run.program.dispose();
  } catch (error) {
    if (isBug(error)) throw error;
  }
}
