import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { WasmFault, wasmStackDrift } from '../../src/core/c/parser';
import { createReviewSession } from '../../src/core/review/engine';
import type { Rule } from '../../src/core/review/rule';
import { allRules } from '../../src/core/review/rules';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixture, startWorker } from './helpers';

/**
 * Makes one rule read a node through a handle that points outside WASM memory, the next `times` times it runs: a real
 * trap ("memory access out of bounds") that leaves tree-sitter's shadow stack short, as a read of a freed tree did.
 */
function trapInRule(times: number): () => void {
  const rule = allRules.find((candidate) => candidate.scope === 'declaration') as Rule;
  const check = rule.check;
  let left = times;
  rule.check = (context) => {
    if (left-- > 0) {
      const node = context.root as Node & { id: number };
      const wild = Object.assign(Object.create(Object.getPrototypeOf(node) as object) as object, node, { id: 0x7ffffff0 }) as Node;
      void wild.nextSibling;
    }
    check.call(rule, context);
  };
  return () => {
    rule.check = check;
  };
}

test('a WASM trap in a review is one WasmFault for that document, and the next review is whole again', async () => {
  const engine = await nodeReviewEngine();
  const seed = fixture('seed-reply.txt');
  const before = engine.review(seed).findings;
  assert.ok(before.length > 0);
  for (const session of [undefined, createReviewSession()]) {
    const restore = trapInRule(1);
    try {
      assert.throws(() => engine.review(seed, { session }), (error: unknown) => {
        assert.ok(error instanceof WasmFault, `a WasmFault, not ${String(error)}`);
        assert.match(error.message, /^the C parser's WASM module faulted \(memory access out of bounds\); it was reset$/);
        return true;
      });
    } finally {
      restore();
    }
    assert.equal(wasmStackDrift(), 0, 'the shadow stack is given back');
    assert.deepEqual(engine.review(seed, { session }).findings, before, 'the next review finds what a review before the trap found');
  }
});

test('the review worker answers a faulted review with one line and reviews the next request in full', async () => {
  const { send, answer, received } = await startWorker();
  const seed = fixture('seed-reply.txt');
  send({ type: 'review', id: 1, key: 'other', version: 1, text: seed, settings: {}, session: true });
  assert.equal((await answer(1)).type, 'reviewed');
  const restore = trapInRule(1);
  try {
    send({ type: 'review', id: 2, key: 'seed', version: 1, text: seed, settings: {}, session: true });
    const failed = await answer(2);
    assert.equal(failed.type, 'review-failed');
    assert.match((failed as { message: string }).message, /^the C parser's WASM module faulted \(memory access out of bounds\); it was reset$/);
  } finally {
    restore();
  }
  assert.ok(!received.some((message) => message.type === 'poisoned'), 'a module that was reset needs no fresh worker');
  const engine = await nodeReviewEngine();
  send({ type: 'review', id: 3, key: 'seed', version: 1, settings: {}, session: true });
  assert.deepEqual((await answer(3) as { findings: unknown }).findings, engine.review(seed).findings);
  // The other document's trees were dropped with the fault: it is reviewed afresh, not from a tree made before it.
  send({ type: 'review', id: 4, key: 'other', version: 1, settings: {}, session: true });
  assert.deepEqual((await answer(4) as { findings: unknown }).findings, engine.review(seed).findings);
  assert.equal(wasmStackDrift(), 0);
});
