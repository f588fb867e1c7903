import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSplitReviews, splitRules } from '../../src/cli/ruleSplit';
import type { Finding, Fix } from '../../src/core/review/finding';
import { allRules } from '../../src/core/review/rules';

function finding(rule: string, line: number, column = 0, message = `${rule} at ${line}`): Finding {
  return { rule, severity: 'warning', message, range: { start: { line, column }, end: { line, column: column + 1 } } };
}

function fix(title: string): Fix {
  return { title, edits: [], kind: 'quickfix' };
}

test('every rule lands in exactly one half, the dearer half first, and no half is empty', () => {
  const ids = allRules.map((rule) => rule.id);
  const [first, second] = splitRules(ids)!;
  assert.deepEqual([...first, ...second].sort(), [...ids].sort());
  assert.ok(first.length > 0 && second.length > 0);
  // The two dearest rules (terse-identifier, unused-initial-value) never share a thread.
  assert.notEqual(first.includes('terse-identifier'), first.includes('unused-initial-value'));
  assert.deepEqual(splitRules([...ids].reverse()), splitRules(ids), 'the order rules are named in changes nothing');
});

test('a rule without a cost figure still gets a thread, and one rule is not split', () => {
  const [first, second] = splitRules(['terse-identifier', 'a-new-rule', 'errno-format'])!;
  assert.deepEqual([...first, ...second].sort(), ['a-new-rule', 'errno-format', 'terse-identifier']);
  assert.equal(splitRules(['errno-format']), undefined);
  assert.equal(splitRules([]), undefined);
});

test('the halves merge into position order, a rule\'s own findings in the order its thread found them, each with its fixes', () => {
  const here = { settled: { notes: ['x.c was reviewed only in part'], findings: [finding('b', 1), finding('b', 5), finding('b', 5, 0, 'second at 5')], fixes: [[fix('b1')], [fix('b5')], []] }, err: 'note one\n' };
  const there = { settled: { notes: ['x.c was reviewed only in part', 'other'], findings: [finding('a', 5), finding('c', 0), finding('a', 9, 2)], fixes: [[fix('a5')], [], [fix('a9')]] }, err: 'note one\nnote two\n' };
  const merged = mergeSplitReviews(here, there);
  assert.deepEqual(merged.settled.findings.map((f) => `${f.rule}@${f.range.start.line}:${f.message}`),
    ['c@0:c at 0', 'b@1:b at 1', 'a@5:a at 5', 'b@5:b at 5', 'b@5:second at 5', 'a@9:a at 9']);
  assert.deepEqual(merged.settled.fixes!.map((list) => list.map((f) => f.title)), [[], ['b1'], ['a5'], ['b5'], [], ['a9']]);
  assert.deepEqual(merged.settled.notes, ['x.c was reviewed only in part', 'other']);
  assert.equal(merged.err, 'note one\nnote two\n');
});

test('an input that could not be reviewed is reported once, as the main thread saw it', () => {
  const here = { settled: { problem: 'does not exist', notes: [], findings: [] }, err: '' };
  const there = { settled: { problem: 'does not exist', notes: [], findings: [] }, err: '' };
  assert.deepEqual(mergeSplitReviews(here, there), here);
});

test('without fixes on both sides the merge carries none (only SARIF asks for them)', () => {
  const merged = mergeSplitReviews({ settled: { notes: [], findings: [finding('a', 1)] }, err: '' }, { settled: { notes: [], findings: [finding('b', 0)] }, err: '' });
  assert.equal(merged.settled.fixes, undefined);
  assert.deepEqual(merged.settled.findings.map((f) => f.rule), ['b', 'a']);
});
