import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReviewSession } from '../../src/core/review/engine';
import type { Finding } from '../../src/core/review/finding';
import { allRules } from '../../src/core/review/rules';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { trackTrees } from '../fuzz/liveTrees';
import { applyEdits, covered, fixture } from './helpers';

/** The registry is the list: a new rule is one module, one test and one line in rules/index.ts. */
const ruleIds = allRules.map((rule) => rule.id);

/** The seed's quoted C, unquoted: the same code as a plain file. */
function seedAsC(): string {
  const lines = fixture('seed-reply.txt').split('\n');
  const start = lines.findIndex((line) => line.startsWith('> @@'));
  return lines.slice(start + 1).filter((line) => line.startsWith('> +')).map((line) => line.replace(/^> \+/, '')).join('\n')
    .replace(/^\t$/gm, '') + '\n';
}

/** The seed's patch as a bare unified diff (no mail, no quotes). */
function seedAsDiff(): string {
  const lines = fixture('seed-reply.txt').split('\n');
  const start = lines.findIndex((line) => line.startsWith('> diff --git'));
  return lines.slice(start).filter((line) => line.startsWith('>')).map((line) => line.replace(/^> ?/, '')).join('\n') + '\n';
}

function summary(text: string, findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.rule}:${covered(text, finding.range)}`);
}

test('the engine lists every rule of the registry, in its order, each documented', async () => {
  const engine = await nodeReviewEngine();
  assert.deepEqual(engine.rules.map((rule) => rule.id), ruleIds);
  for (const rule of engine.rules) {
    assert.ok(rule.title.length > 0 && !rule.title.includes('\n'));
    assert.match(rule.rationale, /coding-style\.rst|submitting-patches\.rst|license-rules\.rst|printk-formats\.rst|atomic_t\.txt/);
  }
});

test('on the seed the reviewer\'s two points are found, nothing claims the cut top of the file, and each finding points at the same characters as in plain C and in a bare diff', async () => {
  const engine = await nodeReviewEngine();
  const seed = fixture('seed-reply.txt');
  const reply = engine.review(seed);
  assert.equal(reply.kind, 'quoted-reply');
  const rules = new Set(reply.findings.map((finding) => finding.rule));
  assert.ok(rules.has('terse-identifier') && rules.has('redundant-initializer'), [...rules].join(', '));
  assert.ok(!rules.has('missing-spdx'), 'the reviewer trimmed the top of migrate_offc.c, which starts with its SPDX line');
  const plain = seedAsC();
  const asC = engine.review(plain, { fileName: 'mm/migrate_offc.c' });
  assert.equal(asC.kind, 'c');
  const diff = seedAsDiff();
  const asDiff = engine.review(diff);
  assert.equal(asDiff.kind, 'diff');
  const expected = summary(seed, reply.findings);
  assert.deepEqual(summary(diff, asDiff.findings), expected);
  // Unquoted into a file of its own, the text really does start without an SPDX line: that one finding is true there.
  const plainSummary = summary(plain, asC.findings);
  assert.deepEqual(plainSummary.filter((line) => !line.startsWith('missing-spdx:')), expected);
  assert.deepEqual(plainSummary.filter((line) => line.startsWith('missing-spdx:')), ['missing-spdx:']);
});

test('CRLF line ends give the same findings at the same places', async () => {
  const engine = await nodeReviewEngine();
  const seed = fixture('seed-reply.txt');
  const lf = engine.review(seed).findings.map((finding) => finding.range);
  const crlf = engine.review(seed.replace(/\n/g, '\r\n')).findings.map((finding) => finding.range);
  assert.deepEqual(crlf, lf);
});

test('an mbox of two patches reviews each patch, placed in the mbox', async () => {
  const engine = await nodeReviewEngine();
  const first = fixture('new-files.patch');
  const second = fixture('modify.patch');
  const mbox = `${first}\n${second}`;
  const result = engine.review(mbox);
  assert.equal(result.kind, 'mbox');
  const offset = first.split('\n').length;
  const alone = engine.review(second).findings.map((finding) => finding.range.start.line + offset);
  const inMbox = result.findings.filter((finding) => finding.sourcePath === 'mm/migrate.c').map((finding) => finding.range.start.line);
  assert.deepEqual(inMbox, alone);
  assert.ok(result.findings.some((finding) => finding.sourcePath === 'mm/batch_copy.c'));
});

test('options: a rule turned off disappears, a severity override applies, unknown input yields nothing', async () => {
  const engine = await nodeReviewEngine();
  const seed = fixture('seed-reply.txt');
  const result = engine.review(seed, { rules: { 'terse-identifier': 'off', 'errno-format': 'error' } });
  assert.ok(!result.findings.some((finding) => finding.rule === 'terse-identifier'));
  assert.deepEqual(result.findings.filter((finding) => finding.rule === 'errno-format').map((finding) => finding.severity), ['error', 'error']);
  const odd = engine.review(seed, { rules: { 'errno-format': 'loud' as never } });
  assert.deepEqual(odd.findings.filter((finding) => finding.rule === 'errno-format').map((finding) => finding.severity), ['info', 'info']);
  const prose = engine.review('Just a note about the weather.\nNothing else here.\n');
  assert.equal(prose.kind, 'unknown');
  assert.deepEqual(prose.findings, []);
  assert.ok(prose.notes.length > 0);
});

test('a session re-review after a one-character edit equals a fresh review, and dispose frees the trees', async () => {
  const engine = await nodeReviewEngine();
  const trees = trackTrees();
  const liveBefore = trees.live();
  const deletedTwice = trees.doubleDeletes();
  const session = createReviewSession();
  const seed = fixture('seed-reply.txt');
  engine.review(seed, { session });
  const edited = applyEdits(seed, [{ range: { start: { line: 38, column: 6 }, end: { line: 38, column: 6 } }, newText: 'x' }]);
  const incremental = engine.review(edited, { session });
  assert.deepEqual(incremental.findings, engine.review(edited).findings);
  const back = engine.review(seed, { session });
  assert.deepEqual(back.findings, engine.review(seed).findings);
  assert.ok(trees.live() > liveBefore, 'the session keeps its trees for the next edit');
  session.dispose();
  assert.equal(trees.live(), liveBefore, 'a tree outlived the session');
  session.dispose();
  assert.equal(trees.doubleDeletes(), deletedTwice, 'a second dispose deleted a tree again');
});

test('a unit the parser gives up on costs a note, not the review', async () => {
  const { createReviewEngine } = await import('../../src/core/review/engine');
  const failing = { parse: () => { throw new Error('the C parse exceeded its time budget'); }, dispose: () => undefined };
  const engine = createReviewEngine({ parser: failing as never, englishWords: 'copy\n' });
  const result = engine.review(fixture('seed-reply.txt'), { session: createReviewSession() });
  assert.deepEqual(result.findings, []);
  assert.ok(result.notes.includes('mm/migrate_offc.c was not reviewed: the C parse exceeded its time budget'));
});
