import assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { runInBackground } from '../../src/node/threadPriority';

// A sibling thread that says which OS thread it is and then waits to be stopped.
const siblingSource = `
const { parentPort } = require('node:worker_threads');
const { readlinkSync } = require('node:fs');
parentPort.postMessage(Number(readlinkSync('/proc/thread-self').split('/').pop()));
setInterval(() => {}, 1000);
`;

function startSibling(): Promise<{ tid: number; stop: () => Promise<number> }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(siblingSource, { eval: true });
    worker.once('message', (tid: number) => resolve({ tid, stop: () => worker.terminate() }));
    worker.once('error', reject);
  });
}

describe('runInBackground', { skip: process.platform !== 'linux' ? 'niceness belongs to a thread only on Linux' : false }, () => {
  // This test file runs in a process of its own: lowering its main thread touches nothing else.
  it('lowers the calling thread only: another thread of the same process keeps its priority', async () => {
    const sibling = await startSibling();
    try {
      const before = getPriority(0);
      assert.equal(getPriority(sibling.tid), before, 'the sibling starts at the niceness of the thread that made it');
      runInBackground();
      assert.equal(getPriority(0), Math.max(before, 10), 'the calling thread now runs at niceness 10');
      assert.equal(getPriority(sibling.tid), before, 'the other thread of the process was not lowered with it');
    } finally {
      await sibling.stop();
    }
  });
});
