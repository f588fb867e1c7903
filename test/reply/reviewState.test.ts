import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addHintReply, captureAnchor, changeComment, documentStateKey, emptyState, findingKeys, groupFindings, hintsAsChoice, mergeThreads,
  readState, setHintsResolved, showsDiagnostics, showsThreads, threadsAsReplyComments, unresolvedFindings, upsertThread,
} from '../../src/core/review-state';
import { buildReply } from '../../src/core/reply';
import type { Finding } from '../../src/core/review/finding';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixture, lineOf, parse } from './helpers';

function finding(rule: string, line: number, startColumn = 0, endColumn = 4): Finding {
  return { rule, severity: 'warning', message: `${rule} message`, range: { start: { line, column: startColumn }, end: { line, column: endColumn } } };
}

test('state is keyed by Message-ID, else by the index lines, else by the document URI (never by content)', () => {
  assert.equal(documentStateKey(parse(fixture('reply', 'offc-5of9.patch')), 'file:///p'), 'msgid:<20250923080000.1111-6-sender@example.org>');
  assert.equal(documentStateKey(parse(fixture('reply', 'seed-reply.txt')), 'file:///p'), 'index:0000000..704cd99');
  assert.equal(documentStateKey(parse('int a;\n', 'a.c'), 'file:///src/a.c'), 'uri:file:///src/a.c');
  // One keystroke in a plain C file keeps its key, so its threads and resolutions survive the edit.
  assert.equal(documentStateKey(parse('int ab;\n', 'a.c'), 'file:///src/a.c'), 'uri:file:///src/a.c');
  // Editing code under an index line keeps the key: resolved hints survive fixing other lines.
  const edited = fixture('reply', 'seed-reply.txt').replace('.owner = NULL,', '');
  assert.equal(documentStateKey(parse(edited), 'file:///other'), 'index:0000000..704cd99');
});

const code = ['#include <linux/mm.h>', '', 'static int a;', 'static int b;', 'int f(void)', '{', '\treturn a + b;', '}', ''];

function threadAt(docLines: readonly string[], line: number) {
  return upsertThread(emptyState(), { id: 'u1', ...captureAnchor(docLines, line), resolved: false, comments: [{ id: 'c', author: 'me', body: 'Why?', created: 1 }] });
}

function userThread(docLines: readonly string[], state: ReturnType<typeof emptyState>) {
  return mergeThreads([], docLines, state).find((t) => t.kind === 'user')!;
}

test('a thread follows its line when lines are added or removed above and below it', () => {
  const state = threadAt(code, 6);
  const above = ['// new', '// lines', ...code];
  assert.deepEqual([userThread(above, state).startLine, userThread(above, state).outdated], [8, false]);
  const removedAbove = code.slice(2);
  assert.deepEqual([userThread(removedAbove, state).startLine, userThread(removedAbove, state).outdated], [4, false]);
  const below = [...code.slice(0, 8), 'int g(void);', 'int h(void);'];
  assert.deepEqual([userThread(below, state).startLine, userThread(below, state).outdated], [6, false]);
});

test('a thread whose own line is edited stays there by its context and says it is outdated; nothing is dropped', () => {
  const state = threadAt(code, 6);
  const inside = code.map((line, i) => (i === 6 ? '\treturn a - b;' : line));
  const thread = userThread(inside, state);
  assert.deepEqual([thread.startLine, thread.outdated, thread.comments.length], [6, true, 1]);
  const gone = ['int other(void);'];
  const lost = userThread(gone, state);
  assert.deepEqual([lost.startLine, lost.outdated, lost.comments.map((c) => c.body)], [0, true, ['Why?']]);
});

test('a repeated line is matched by its context, nearest to where it was', () => {
  const twice = ['{', '\treturn 0;', '}', 'int x;', '{', '\treturn 0;', '}', 'int y;'];
  const state = threadAt(twice, 5);
  assert.equal(userThread(['// moved', ...twice], state).startLine, 6);
});

test('replies to a hint that is gone stay visible as an outdated thread where the hint was', () => {
  const docLines = ['a', 'static int x = 0;', 'b'];
  const hint = finding('redundant-initializer', 1, 13, 16);
  const [key] = findingKeys([hint], docLines);
  const state = addHintReply(emptyState(), key!, { id: 'c1', author: 'me', body: 'Keep it?', created: 1 }, captureAnchor(docLines, 1));
  const fixed = ['a', 'static int x;', 'b'];
  const [orphan] = mergeThreads([], fixed, state);
  assert.deepEqual([orphan!.kind, orphan!.startLine, orphan!.outdated, orphan!.comments[0]!.body], ['hint', 1, true, 'Keep it?']);
});

test('the state survives a reload: saved, read back, the same threads', () => {
  const state = threadAt(code, 6);
  const reloaded = readState(JSON.parse(JSON.stringify(state)));
  assert.deepEqual(mergeThreads([], code, reloaded), mergeThreads([], code, state));
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
  state = upsertThread(state, { id: 'u1', ...captureAnchor(docLines, 2), resolved: false, comments: [{ id: 'c2', author: 'me', body: 'Why c?', created: 2 }] });
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
  const resolvedThread = threads.find((t) => t.findings.length > 0 && !t.findings.some((f) => f.rule === 'redundant-initializer'))!;
  state = setHintsResolved(state, resolvedThread.keys, true);
  const owner = threads.find((t) => t.findings.some((f) => f.rule === 'redundant-initializer'))!;
  state = addHintReply(state, owner.keys[0]!, { id: 'r1', author: 'me', body: 'Unless it is meant as documentation.', created: 5 });
  state = upsertThread(state, { id: 'u1', ...captureAnchor(parsed.docLines, lineOf(parsed, 'migrate_offc() - copy')), resolved: false, comments: [{ id: 'c', author: 'me', body: 'Small thing: please write "offc" out.', created: 6 }] });
  const comments = threadsAsReplyComments(mergeThreads(findings, parsed.docLines, state));
  const reply = buildReply(parsed, 0, comments).text;
  assert.ok(!reply.includes(resolvedThread.findings[0]!.message.slice(0, 40)), 'the resolved hint is not in the reply');
  assert.ok(reply.includes('> migrate_offc() - copy every folio on the source list to the folio at the\n\nSmall thing: please write "offc" out.'));
  assert.ok(/> \+ \.owner = NULL,\n\n'\.owner = NULL' is redundant[^]*\n\nUnless it is meant as documentation\.\n/.test(reply), reply);
});

test('a text that cannot carry a patch identity is keyed by URI without being read as a patch, with the same key', async () => {
  const { mayCarryPatchIdentity } = await import('../../src/core/review-state');
  const texts = [fixture('reply', 'seed-reply.txt'), fixture('reply', 'offc-5of9.patch'), 'int a;\n', '/* c */\nstatic int x = 0;\n', 'Hi,\n\nthanks.\n'];
  for (const text of texts) {
    const key = documentStateKey(parse(text, 'x'), 'file:///x');
    if (!mayCarryPatchIdentity(text)) assert.equal(key, 'uri:file:///x', JSON.stringify(text.slice(0, 40)));
  }
  assert.equal(mayCarryPatchIdentity(fixture('reply', 'seed-reply.txt')), true);
  assert.equal(mayCarryPatchIdentity('int a;\n'), false);
});
