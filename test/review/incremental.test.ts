import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ReviewEngine, ReviewResult } from '../../src/core/review/engine';
import { createReviewSession } from '../../src/core/review/engine';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixture } from './helpers';

/** Findings with their fixes, as plain data: what a user sees of a review. */
function seen(result: ReviewResult): unknown[] {
  return result.findings.map((finding) => ({ ...finding, fixes: result.fixes(finding) }));
}

function sameAsFresh(engine: ReviewEngine, text: string, session: ReturnType<typeof createReviewSession>): void {
  const fresh = engine.review(text);
  const incremental = engine.review(text, { session });
  assert.deepEqual(seen(incremental), seen(fresh));
  fresh.dispose();
  incremental.dispose();
}

const seeds = ['seed-reply.txt', 'new-files.patch', 'modify.patch'].map(fixture);

/** A run of edits as a user types them: each one a small insertion or deletion somewhere in the text. */
const typing = fc.tuple(
  fc.constantFrom(...seeds),
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('', ' ', 'x', ';', '\n', '0', '{', '}', '= 0', 'offc_', '\t.owner = NULL,\n')), { minLength: 1, maxLength: 8 }),
);

test('a session re-review after each edit gives the findings and fixes of a fresh review', async () => {
  const engine = await nodeReviewEngine();
  fc.assert(fc.property(typing, ([start, edits]) => {
    const session = createReviewSession();
    try {
      let text = start;
      sameAsFresh(engine, text, session);
      for (const [at, cut, insert] of edits) {
        const index = at % (text.length + 1);
        text = text.slice(0, index) + insert + text.slice(index + cut);
        sameAsFresh(engine, text, session);
      }
    } finally {
      session.dispose();
    }
  }), { numRuns: 60 });
});

test('a function that error recovery put below the top level keeps its place when its declaration moves', async () => {
  // Found by the property above (seed 1800776428): the reply loses start_offloading()'s closing brace, so
  // stop_offloading() parses inside it, then the hunk's first line; the reused facts of what stands above
  // stop_offloading() kept the old row, and kernel-doc judged lines the reviewer had cut as in view.
  const engine = await nodeReviewEngine();
  const session = createReviewSession();
  try {
    let text = fixture('seed-reply.txt');
    sameAsFresh(engine, text, session);
    // [text to find, offset of the cut in it, characters cut]: "+}\n" of start_offloading(), then the newline
    // that ends the hunk header.
    for (const [find, offset, cut] of [['> +}\n> +EXPORT_SYMBOL_GPL(start_offloading);', 2, 3], ['@@ -0,0 +1,66 @@\n', 16, 1]] as const) {
      const at = text.indexOf(find);
      assert.ok(at >= 0, `the fixture holds ${JSON.stringify(find)}`);
      text = text.slice(0, at + offset) + text.slice(at + offset + cut);
      sameAsFresh(engine, text, session);
    }
  } finally {
    session.dispose();
  }
});

test('the fixes of a finding reused from an earlier review are computed on the current text', async () => {
  const engine = await nodeReviewEngine();
  const session = createReviewSession();
  const before = 'static int a = 0;\n\nstatic struct s x = {\n\t.name = "x",\n\t.owner = NULL,\n};\n';
  const after = `int unrelated(void);\n${before}`;
  engine.review(before, { session });
  const result = engine.review(after, { session });
  const finding = result.findings.find((candidate) => candidate.message.includes('.owner = NULL'));
  assert.ok(finding, 'the finding moved with its declaration');
  assert.equal(finding.range.start.line, 5);
  const edits = result.fixes(finding).flatMap((fix) => fix.edits);
  assert.deepEqual(edits.map((edit) => edit.range.start.line), [5]);
  session.dispose();
});

test('a session re-review after the rule settings change (a rule off, its severity, back on) gives a fresh review', async () => {
  const engine = await nodeReviewEngine();
  const session = createReviewSession();
  const text = fixture('new-files.patch');
  const settings: Record<string, 'off' | 'hint'>[] = [{}, { 'redundant-initializer': 'off' }, { 'errno-format': 'hint', 'terse-identifier': 'off' }, {}];
  try {
    for (const rules of settings) {
      const fresh = engine.review(text, { rules });
      const incremental = engine.review(text, { session, rules });
      assert.deepEqual(seen(incremental), seen(fresh), JSON.stringify(rules));
      fresh.dispose();
      incremental.dispose();
    }
  } finally {
    session.dispose();
  }
});
