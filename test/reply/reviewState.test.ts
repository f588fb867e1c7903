import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addHintReply, changeComment, emptyState, findingKeys, groupFindings, hintsAsChoice, mergeThreads, patchStateKey,
  readState, setHintsResolved, showsDiagnostics, showsThreads, threadsAsReplyComments, unresolvedFindings, upsertThread,
} from '../../src/core/review-state';
import { buildReply } from '../../src/core/reply';
import type { Finding } from '../../src/core/review/finding';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixture, lineOf, parse } from './helpers';

function finding(rule: string, line: number, startColumn = 0, endColumn = 4): Finding {
  return { rule, severity: 'warning', message: `${rule} message`, range: { start: { line, column: startColumn }, end: { line, column: endColumn } } };
}

test('state is keyed by Message-ID, else by the index lines, else by a content hash', () => {
  assert.equal(patchStateKey(parse(fixture('reply', 'offc-5of9.patch'))), 'msgid:<20250923174752.35701-6-shivankg@xxxxxxx>');
  assert.equal(patchStateKey(parse(fixture('reply', 'seed-reply.txt'))), 'index:000000000000..a6530658a3f7');
  const a = patchStateKey(parse('int a;\n', 'a.c'));
  assert.match(a, /^hash:[0-9a-f]{16}$/);
  assert.notEqual(a, patchStateKey(parse('int b;\n', 'b.c')));
  // Editing code under an index line keeps the key: resolved hints survive fixing other lines.
  const edited = fixture('reply', 'seed-reply.txt').replace('.owner = NULL,', '');
  assert.equal(patchStateKey(parse(edited)), 'index:000000000000..a6530658a3f7');
});

test('finding keys follow the flagged text, not the line number', () => {
  const docLines = ['a', 'static int x = 0;', 'b'];
  const moved = ['new line', 'a', 'static int x = 0;', 'b'];
  const [k1] = findingKeys([finding('redundant-initializer', 1, 13, 16)], docLines);
  const [k2] = findingKeys([finding('redundant-initializer', 2, 13, 16)], moved);
  assert.equal(k1, k2);
  const twice = findingKeys([finding('r', 0, 0, 1), finding('r', 2, 0, 1)], ['x', 'y', 'x']);
  assert.notEqual(twice[0], twice[1], 'repeats are told apart');
});

test('findings on adjacent lines share a thread; a gap starts a new one', () => {
  const findings = [finding('a', 5), finding('b', 1), finding('c', 2), finding('d', 9)];
  const groups = groupFindings(findings, ['ka', 'kb', 'kc', 'kd']);
  assert.deepEqual(groups.map((g) => g.keys), [['kb', 'kc'], ['ka'], ['kd']]);
});

test('resolving a hint thread resolves all its hints; its diagnostics go; reload keeps it', () => {
  const docLines = ['x = 0;', 'y = 0;', '', '', 'z = 0;'];
  const findings = [finding('r', 0), finding('r', 1), finding('r', 4)];
  let state = emptyState();
  const threads = mergeThreads(findings, docLines, state);
  assert.equal(threads.length, 2);
  state = setHintsResolved(state, threads[0]!.keys, true);
  const saved = JSON.parse(JSON.stringify(state));
  const reloaded = mergeThreads(findings, docLines, readState(saved));
  assert.deepEqual(reloaded.map((t) => t.resolved), [true, false]);
  assert.deepEqual(unresolvedFindings(findings, docLines, readState(saved)).map((f) => f.range.start.line), [4]);
  state = setHintsResolved(state, threads[0]!.keys, false);
  assert.equal(unresolvedFindings(findings, docLines, state).length, 3, 'reopening brings the diagnostics back');
});

test('fixing the code removes the thread: no finding, no hint thread', () => {
  const state = setHintsResolved(emptyState(), ['whatever'], true);
  assert.deepEqual(mergeThreads([], ['fixed'], state), []);
});

test('replies, edits and deletes of own comments; user threads follow their line', () => {
  const docLines = ['a', 'b', 'c'];
  const findings = [finding('r', 1)];
  const [key] = findingKeys(findings, docLines);
  let state = addHintReply(emptyState(), key!, { id: 'c1', author: 'me', body: 'Agreed.', created: 1 });
  state = upsertThread(state, { id: 'u1', line: 2, lineText: 'c', resolved: false, comments: [{ id: 'c2', author: 'me', body: 'Why c?', created: 2 }] });
  state = changeComment(state, 'c1', 'Agreed, drop it.');
  let threads = mergeThreads(findings, docLines, state);
  assert.deepEqual(threads.map((t) => [t.kind, t.startLine, t.comments.map((c) => c.body)]), [['hint', 1, ['Agreed, drop it.']], ['user', 2, ['Why c?']]]);
  // Lines inserted above: the user thread moves with its text.
  threads = mergeThreads([finding('r', 3)], ['new', 'lines', 'a', 'b', 'c'], state);
  assert.equal(threads.find((t) => t.kind === 'user')!.startLine, 4);
  state = changeComment(state, 'c2', undefined);
  assert.deepEqual(state.threads, [], 'a thread whose last comment is deleted is gone');
});

test('hand-edited or foreign storage values become a valid state', () => {
  assert.deepEqual(readState(undefined), emptyState());
  assert.deepEqual(readState({ resolvedHints: ['a', 3], threads: [{ id: 1 }], hintReplies: { k: [{ bogus: true }] } }), { ...emptyState(), resolvedHints: ['a'] });
});

test('hintsAs setting: diagnostics, threads or both (default both)', () => {
  assert.equal(hintsAsChoice('threads'), 'threads');
  assert.equal(hintsAsChoice('nonsense'), 'both');
  assert.deepEqual([showsDiagnostics('threads'), showsThreads('threads')], [false, true]);
  assert.deepEqual([showsDiagnostics('diagnostics'), showsThreads('diagnostics')], [true, false]);
});

test('export from threads: open hints and own comments go in, resolved ones do not', async () => {
  const engine = await nodeReviewEngine();
  const result = engine.review(fixture('reply', 'seed-reply.txt'), { fileName: 'seed-reply.txt' });
  const { parsed, findings } = result;
  let state = emptyState();
  const threads = mergeThreads(findings, parsed.docLines, state);
  const spdx = threads.find((t) => t.findings.some((f) => f.rule === 'missing-spdx'))!;
  state = setHintsResolved(state, spdx.keys, true);
  const owner = threads.find((t) => t.findings.some((f) => f.rule === 'redundant-initializer'))!;
  state = addHintReply(state, owner.keys[0]!, { id: 'r1', author: 'me', body: 'Unless it is meant as documentation.', created: 5 });
  state = upsertThread(state, { id: 'u1', line: lineOf(parsed, 'migrate_offc() - This'), lineText: parsed.docLines[lineOf(parsed, 'migrate_offc() - This')]!, resolved: false, comments: [{ id: 'c', author: 'me', body: "Trivial but I'd burn the characters to just spell out offc.", created: 6 }] });
  const comments = threadsAsReplyComments(mergeThreads(findings, parsed.docLines, state));
  const reply = buildReply(parsed, 0, comments).text;
  assert.ok(!reply.includes('SPDX'), 'the resolved hint is not in the reply');
  assert.ok(reply.includes("> migrate_offc() - This function takes src and dst folios list undergoing\n\nTrivial but I'd burn"));
  assert.ok(/> \+ \.owner = NULL,\n\n'\.owner = NULL' is redundant[^]*\n\nUnless it is meant as documentation\.\n/.test(reply), reply);
});
