import { test } from 'node:test';
import assert from 'node:assert/strict';
import { superviseReviews, type SupervisedWorker } from '../../src/core/review/reviewSupervisor';
import type { FromReviewWorker, ToReviewWorker } from '../../src/core/review/workerProtocol';

/** A scripted reviewer: records what it is sent; the test makes it answer. */
function fakeWorkers() {
  const started: { sent: ToReviewWorker[]; reply: (message: FromReviewWorker) => void; die: (reason: string) => void; terminated: boolean }[] = [];
  const spawn = (): SupervisedWorker => {
    let reply: (message: FromReviewWorker) => void = () => undefined;
    let die: (reason: string) => void = () => undefined;
    const worker = { sent: [] as ToReviewWorker[], reply: (m: FromReviewWorker) => reply(m), die: (r: string) => die(r), terminated: false };
    started.push(worker);
    return {
      post: (message) => worker.sent.push(message),
      onMessage: (handler) => (reply = handler),
      onFailure: (handler) => (die = handler),
      terminate: () => (worker.terminated = true),
    };
  };
  return { started, spawn };
}

const init: ToReviewWorker = { type: 'init', runtimeWasm: new Uint8Array([1]), grammarWasm: new Uint8Array([2]), englishWords: 'a\n' };

test('a poisoned reviewer is replaced: waiting requests are answered, the new one gets the same init, the host sees one ready', () => {
  const { started, spawn } = fakeWorkers();
  const toHost: FromReviewWorker[] = [];
  let send: (message: ToReviewWorker) => void = () => undefined;
  superviseReviews({ post: (message) => toHost.push(message), onMessage: (handler) => (send = handler) }, spawn);
  send(init);
  started[0]!.reply({ type: 'ready', rules: [], ms: 1 });
  send({ type: 'review', id: 1, key: 'a', version: 1, text: 'int a;', settings: {}, session: true });
  send({ type: 'review', id: 2, key: 'b', version: 1, text: 'int b;', settings: {}, session: true });
  send({ type: 'fixes', id: 3, key: 'c', version: 1, finding: 0 });
  started[0]!.reply({ type: 'review-failed', id: 1, message: 'the C parser\'s WASM module faulted (x); it could not be reset: reload the window' });
  started[0]!.reply({ type: 'poisoned', message: 'faulted' });

  assert.equal(started.length, 2, 'a fresh reviewer was started');
  assert.ok(started[0]!.terminated);
  assert.deepEqual(started[1]!.sent, [init]);
  assert.deepEqual(toHost.map((message) => [message.type, 'id' in message ? message.id : undefined]), [
    ['ready', undefined], ['review-failed', 1], ['review-failed', 2], ['fixes', 3],
  ]);
  started[1]!.reply({ type: 'ready', rules: [], ms: 1 });
  send({ type: 'review', id: 4, key: 'b', version: 1, settings: {}, session: true });
  assert.deepEqual(started[1]!.sent.at(-1), { type: 'review', id: 4, key: 'b', version: 1, settings: {}, session: true });
  started[1]!.reply({ type: 'needs-text', id: 4 });
  // The fresh reviewer's ready is not passed on; its answers are, and the old one's late replies are not.
  started[0]!.reply({ type: 'superseded', id: 2 });
  assert.deepEqual(toHost.slice(4).map((message) => message.type), ['needs-text']);
});

test('a reviewer that dies is replaced too, and one that keeps dying stops being restarted', () => {
  const { started, spawn } = fakeWorkers();
  const toHost: FromReviewWorker[] = [];
  let send: (message: ToReviewWorker) => void = () => undefined;
  superviseReviews({ post: (message) => toHost.push(message), onMessage: (handler) => (send = handler) }, spawn);
  send(init);
  send({ type: 'review', id: 1, key: 'a', version: 1, text: 'int a;', settings: {}, session: false });
  started[0]!.die('it exited with code 1');
  assert.equal(started.length, 2);
  assert.deepEqual(toHost, [{ type: 'review-failed', id: 1, message: 'the review worker failed: it exited with code 1' }]);
  for (let i = 0; i < 100 && started.length < 100; i++) started.at(-1)!.die('crash');
  assert.ok(started.length < 100, `restarted ${started.length} times`);
  assert.equal(toHost.at(-1)?.type, 'poisoned');
  send({ type: 'review', id: 9, key: 'a', version: 1, text: 'int a;', settings: {}, session: false });
  assert.equal(toHost.at(-1)?.type, 'review-failed');
});
