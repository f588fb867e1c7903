// The Web Worker entry of the review worker (dist/reviewWorker.web.js), started from a blob: URL by the web
// extension host, which itself runs in a worker: every review runs here, off the extension host's thread.
import { serveReviews } from './reviewWorkerLogic';
import type { ToReviewWorker } from './workerProtocol';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: ToReviewWorker }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
serveReviews({
  post: (message) => scope.postMessage(message),
  onMessage: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
});
