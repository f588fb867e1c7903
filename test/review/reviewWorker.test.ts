import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReviewSession, ReviewCancelled } from '../../src/core/review/engine';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixture, startWorker } from './helpers';
import { parseDocument } from '../../src/core/patch';
import { patchIdentity } from '../../src/core/review-state/keys';

test('the worker reviews sent text and then forwarded edits like the engine does, and computes fixes when asked', async () => {
  const engine = await nodeReviewEngine();
  const worker = await startWorker();
  assert.deepEqual((worker.received[0] as { rules: { id: string }[] }).rules.map((rule) => rule.id), engine.rules.map((rule) => rule.id));
  const seed = fixture('seed-reply.txt');
  worker.send({ type: 'review', id: 1, key: 'seed', version: 1, text: seed, settings: {}, session: true });
  const first = await worker.answer(1);
  assert.equal(first.type, 'reviewed');
  assert.deepEqual((first as { findings: unknown }).findings, engine.review(seed).findings);

  const at = seed.indexOf('.owner = NULL');
  const edited = `${seed.slice(0, at)}.owner = 0${seed.slice(at + '.owner = NULL'.length)}`;
  worker.send({ type: 'edit', key: 'seed', fromVersion: 1, version: 2, changes: [{ offset: at, length: '.owner = NULL'.length, text: '.owner = 0' }] });
  worker.send({ type: 'review', id: 2, key: 'seed', version: 2, settings: {}, session: true });
  const second = await worker.answer(2);
  const direct = engine.review(edited);
  assert.deepEqual((second as { findings: unknown }).findings, direct.findings);

  const index = direct.findings.findIndex((_, at) => direct.fixes(at).length > 0);
  assert.ok(index >= 0, 'some finding of the seed has a fix');
  worker.send({ type: 'fixes', id: 3, key: 'seed', version: 2, finding: index });
  assert.deepEqual((await worker.answer(3) as { fixes: unknown }).fixes, direct.fixes(index));
  worker.send({ type: 'fixes', id: 4, key: 'seed', version: 1, finding: index });
  assert.deepEqual((await worker.answer(4) as { fixes: unknown }).fixes, [], 'fixes of an older version are not offered');
});

test('a waiting small document is reviewed before a waiting big one; an edit supersedes a waiting review; a lost text is asked for', async () => {
  const worker = await startWorker();
  const big = fixture('seed-reply.txt').repeat(20);
  const small = 'static int x = 0;\n';
  worker.send({ type: 'review', id: 1, key: 'big', version: 1, text: big, settings: {}, session: true });
  worker.send({ type: 'review', id: 2, key: 'small', version: 1, text: small, settings: {}, session: true });
  await worker.answer(1);
  const order = worker.received.filter((message) => message.type === 'reviewed').map((message) => (message as { key: string }).key);
  assert.deepEqual(order, ['small', 'big']);

  worker.send({ type: 'review', id: 3, key: 'small', version: 2, settings: {}, session: true });
  worker.send({ type: 'edit', key: 'small', fromVersion: 1, version: 3, changes: [{ offset: 0, length: 0, text: '\n' }] });
  assert.equal((await worker.answer(3)).type, 'superseded');
  worker.send({ type: 'edit', key: 'small', fromVersion: 7, version: 8, changes: [{ offset: 0, length: 0, text: 'x' }] });
  worker.send({ type: 'review', id: 4, key: 'small', version: 8, settings: {}, session: true });
  assert.equal((await worker.answer(4)).type, 'needs-text');
});

test('a cancelled session review leaves the session usable: the next review equals a fresh one', async () => {
  const engine = await nodeReviewEngine();
  const text = fixture('seed-reply.txt');
  const session = createReviewSession();
  let polls = 0;
  assert.throws(() => engine.review(text, { session, isCancelled: () => ++polls > 2 }), ReviewCancelled);
  assert.deepEqual(engine.review(text, { session }).findings, engine.review(text).findings);
  session.dispose();
});

test('a review answers with the patch identity the review state keys the document by, so the host never parses it', async () => {
  const worker = await startWorker();
  const patch = fixture('migrate_offc.patch');
  worker.send({ type: 'review', id: 1, key: 'patch', version: 1, text: patch, settings: {}, session: false });
  const reviewed = await worker.answer(1) as { identity?: string };
  assert.equal(reviewed.identity, patchIdentity(parseDocument(patch, 'migrate_offc.patch')));
  assert.match(reviewed.identity ?? '', /^(msgid|index):/);
  worker.send({ type: 'review', id: 2, key: 'c', version: 1, text: 'static int x = 0;\n', settings: {}, session: false });
  assert.equal((await worker.answer(2) as { identity?: string }).identity, undefined, 'a plain C file carries none');
});
