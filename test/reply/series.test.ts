import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReplies, joinReplies } from '../../src/core/reply';
import { fixture, lineOf, parse } from './helpers';

const mbox = `${fixture('reply', 'offc-5of9.patch')}${fixture('checkpatch', 'clean.patch')}`;
const series = parse(mbox, 'series.mbox');

test('the mbox fixture holds two patches', () => {
  assert.equal(series.patches.length, 2);
  assert.equal(series.patches[1]!.subject, '[PATCH] mm: return the count');
});

test('an mbox series gets one reply per commented patch, each answering its own message', () => {
  const onSecond = lineOf(series, '+\treturn nr;', series.patches[1]!.docStart);
  const only = buildReplies(series, [{ docLine: onSecond, text: 'Good.' }]);
  assert.equal(only.length, 1);
  assert.equal(only[0]!.patch, 1);
  assert.ok(only[0]!.text.startsWith('Subject: Re: [PATCH] mm: return the count\n'));
  assert.ok(only[0]!.text.includes('On Mon, 1 Sep 2025 10:00:00 +0000,\nTest Author <author@example.org> wrote:'));
  assert.ok(!only[0]!.text.includes('migrate_offc'), 'nothing of the other patch');

  const both = buildReplies(series, [
    { docLine: onSecond, text: 'Good.' },
    { docLine: lineOf(series, '.owner = NULL'), text: 'Redundant.' },
  ]);
  assert.deepEqual(both.map((r) => r.patch), [0, 1]);
  const joined = joinReplies(both);
  const separators = joined.split('\n').filter((l) => l.startsWith('From offload-review '));
  assert.equal(separators.length, 2, 'an mbox of replies, one From_ line per message');
  const reread = parse(joined, 'replies.mbox');
  assert.equal(reread.patches.length, 2, 'each reply still quotes its patch');
  assert.ok(reread.patches.every((p) => p.quoteDepth === 1));
});

test('a document without a patch has nothing to reply to; a single patch always gets its reply', () => {
  assert.deepEqual(buildReplies(parse('int x;\n', 'x.c'), [{ docLine: 0, text: 'x' }]), []);
  const single = parse(fixture('checkpatch', 'clean.patch'));
  assert.equal(buildReplies(single, []).length, 1);
});
