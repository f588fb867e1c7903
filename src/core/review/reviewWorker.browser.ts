// The Web Worker entry of the review worker (dist/reviewWorker.web.js), started from a blob: URL by the web
// extension host, which itself runs in a worker: every review runs here, off the extension host's thread. As on the
// desktop (src/node/reviewWorker.ts) the worker the host starts supervises a nested one, started from the same
// script, which runs the reviews; a WASM module beyond repair costs that nested worker, not the window's hints.
import { serveReviews } from './reviewWorkerLogic';
import { superviseReviews, type SupervisedWorker } from './reviewSupervisor';
import type { FromReviewWorker, ToReviewWorker } from './workerProtocol';

interface MessageTarget {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
}

interface WorkerScope extends MessageTarget {
  name?: string;
  location: { href: string };
  Worker?: new (url: string, options?: { name?: string }) => MessageTarget & { terminate(): void };
}

const REVIEWER_NAME = 'kernel-offload reviews';
const scope = globalThis as unknown as WorkerScope;

const end = {
  post: (message: FromReviewWorker) => scope.postMessage(message),
  onMessage: (handler: (message: ToReviewWorker) => void) => scope.addEventListener('message', (event) => handler(event.data as ToReviewWorker)),
};

function spawnReviewer(): SupervisedWorker {
  const worker = new scope.Worker!(scope.location.href, { name: REVIEWER_NAME });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.addEventListener('message', (event) => event.data && handler(event.data as FromReviewWorker)),
    onFailure: (handler) => worker.addEventListener('error', (event) => handler(event.message ?? 'the nested review worker failed')),
    terminate: () => worker.terminate(),
  };
}

// A browser without nested workers keeps the reviews in this worker: a fault the runtime can reset is still
// recovered there; one it cannot is answered with a one-line message.
if (scope.name === REVIEWER_NAME || typeof scope.Worker !== 'function') serveReviews(end);
else superviseReviews(end, spawnReviewer);
