import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentEdit } from '../../src/core/patch/types';
import type { ReviewOptions } from '../../src/core/review/engine';
import type { Finding } from '../../src/core/review/finding';
import { serveReviews } from '../../src/core/review/reviewWorkerLogic';
import type { FromReviewWorker, ToReviewWorker } from '../../src/core/review/workerProtocol';
import { englishWordBytesFromDisk, parserAssetsFromDisk } from '../../src/node/assets';
import { nodeReviewEngine } from '../../src/node/reviewEngine';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'review');
const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
/** The example texts are kept once, in examples/ (the README's commands and the walkthrough open them there). */
const EXAMPLES = new Set(['seed-reply.txt', 'migrate_offc.patch', 'series.mbox']);

export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixturePath(name: string): string {
  return join(EXAMPLES.has(name) ? examples : fixtures, name);
}

/** Findings of one rule (only that rule runs) on `text`. */
export async function findingsOf(rule: string, text: string, options: ReviewOptions = {}): Promise<Finding[]> {
  const engine = await nodeReviewEngine();
  const rules = Object.fromEntries(engine.rules.map((info) => [info.id, info.id === rule ? info.defaultSeverity : 'off' as const]));
  const result = engine.review(text, { ...options, rules: { ...rules, ...options.rules } });
  // Reviews never compute fixes; the rule tests read them from the findings, so they are asked for here.
  for (const finding of result.findings) {
    const fixes = result.fixes(finding);
    if (fixes.length) finding.fixes = fixes;
  }
  result.dispose();
  return result.findings;
}

/** The document text a finding's range covers. */
export function covered(text: string, range: Finding['range']): string {
  const lines = text.split(/\r?\n/);
  if (range.start.line === range.end.line) return (lines[range.start.line] ?? '').slice(range.start.column, range.end.column);
  const middle = lines.slice(range.start.line + 1, range.end.line);
  return [(lines[range.start.line] ?? '').slice(range.start.column), ...middle, (lines[range.end.line] ?? '').slice(0, range.end.column)].join('\n');
}

/** Applies non-overlapping document edits (as an editor would) and returns the new text. */
export function applyEdits(text: string, edits: readonly DocumentEdit[]): string {
  const lines = text.split('\n');
  const offsetOf = (line: number, column: number) => {
    let offset = 0;
    for (let i = 0; i < line && i < lines.length; i++) offset += lines[i]!.length + 1;
    return offset + column;
  };
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start.line, b.range.start.column) - offsetOf(a.range.start.line, a.range.start.column));
  let result = text;
  for (const edit of sorted) {
    const start = offsetOf(edit.range.start.line, edit.range.start.column);
    const end = offsetOf(edit.range.end.line, edit.range.end.column);
    result = result.slice(0, start) + edit.newText + result.slice(end);
  }
  return result;
}

/** Applies the first fix of a finding. */
export function applyFirstFix(text: string, finding: Finding | undefined): string {
  const fix = finding?.fixes?.[0];
  if (!fix) throw new Error(`no fix on ${finding?.rule ?? 'missing finding'}`);
  return applyEdits(text, fix.edits);
}

/** True when the C text parses without syntax errors (a fix must leave correct C). */
export async function parsesCleanly(text: string): Promise<boolean> {
  const { nodeCParser } = await import('../../src/node/assets');
  const tree = (await nodeCParser()).parse(text);
  const clean = !tree.rootNode.hasError;
  tree.delete();
  return clean;
}

/** The worker's logic in this thread, with its messages collected as the host would receive them. */
export async function startWorker() {
  let deliver: ((message: ToReviewWorker) => void) | undefined;
  const received: FromReviewWorker[] = [];
  const waiters: (() => void)[] = [];
  serveReviews({
    post: (message) => {
      received.push(structuredClone(message));
      waiters.splice(0).forEach((wake) => wake());
    },
    onMessage: (handler) => (deliver = handler),
  });
  const send = (message: ToReviewWorker) => deliver!(message);
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((wake) => waiters.push(wake));
  };
  send({ type: 'init', ...parserAssetsFromDisk(), englishWords: englishWordBytesFromDisk(), interrupt: new SharedArrayBuffer(4) });
  await until(() => received.some((message) => message.type === 'ready'));
  const answer = async (id: number) => {
    await until(() => received.some((message) => 'id' in message && message.id === id));
    return received.find((message) => 'id' in message && message.id === id)!;
  };
  return { send, answer, received, until };
}
