// The worker_threads entry of the review worker (dist/reviewWorker.cjs), started once per window by the desktop
// extension host: every review runs here, off the extension host's thread.
import { parentPort } from 'node:worker_threads';
import { serveReviews } from '../core/review/reviewWorkerLogic';
import type { ToReviewWorker } from '../core/review/workerProtocol';

const port = parentPort;
if (!port) throw new Error('reviewWorker.cjs runs as a worker thread');
serveReviews({
  post: (message) => port.postMessage(message),
  onMessage: (handler) => port.on('message', (message: ToReviewWorker) => handler(message)),
});
