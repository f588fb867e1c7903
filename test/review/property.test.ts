import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DocumentRange } from '../../src/core/patch/types';
import type { ReviewEngine } from '../../src/core/review/engine';
import { createReviewSession } from '../../src/core/review/engine';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixture } from './helpers';

function assertInside(lines: string[], range: DocumentRange, what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lines.length, `${what}: line ${position.line} outside ${lines.length} lines`);
    assert.ok(position.column >= 0 && position.column <= lines[position.line]!.length, `${what}: column ${position.column} outside line ${position.line}`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.column <= range.end.column), `${what}: reversed`);
}

/** Every range a review returns stays inside the document the user opened. */
function checkReview(engine: ReviewEngine, text: string, session?: ReturnType<typeof createReviewSession>): void {
  const result = engine.review(text, session ? { session } : {});
  const lines = text.split(/\r\n|\n|\r/);
  for (const finding of result.findings) {
    assertInside(lines, finding.range, finding.rule);
    for (const related of finding.related ?? []) assertInside(lines, related.range, `${finding.rule} related`);
    for (const fix of result.fixes(finding)) for (const edit of fix.edits) assertInside(lines, edit.range, `${finding.rule} fix`);
  }
}

const seeds = ['seed-reply.txt', 'new-files.patch', 'modify.patch'].map(fixture);

/** A fixture with a few random cuts, insertions and line swaps: truncated and malformed input. */
const mutated = fc.tuple(
  fc.constantFrom(...seeds),
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 12 })), { maxLength: 6 }),
).map(([text, edits]) => edits.reduce((current, [at, cut, insert]) => {
  const index = current.length === 0 ? 0 : at % current.length;
  return current.slice(0, index) + insert + current.slice(index + cut);
}, text));

test('arbitrary text never throws and yields in-range positions', async () => {
  const engine = await nodeReviewEngine();
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => checkReview(engine, text)), { numRuns: 200 });
});

test('mutated patches and replies never throw and yield in-range positions, with or without a session', async () => {
  const engine = await nodeReviewEngine();
  const session = createReviewSession();
  fc.assert(fc.property(mutated, (text) => {
    checkReview(engine, text);
    checkReview(engine, text, session);
  }), { numRuns: 300 });
  session.dispose();
});

test('C-like token soup never throws', async () => {
  const engine = await nodeReviewEngine();
  const token = fc.constantFrom('static', 'int', 'x', '=', '0', ';', '{', '}', '(', ')', ',', '.owner', 'NULL', '\n', 'pr_err', '"%d"',
    'ret', 'EXPORT_SYMBOL', 'cmpxchg', '[', ']', '#define', 'offc_x', '/**', '*/', '> ', '+', '@@ -1,3 +1,4 @@', 'diff --git a/x.c b/x.c');
  fc.assert(fc.property(fc.array(token, { maxLength: 120 }), (tokens) => checkReview(engine, tokens.join(' '))), { numRuns: 200 });
});
