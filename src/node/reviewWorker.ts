// The worker_threads entry of the review worker (dist/reviewWorker.cjs), started once per window by the desktop
// extension host: every review runs here, off the extension host's thread. The thread the host starts supervises a
// second one, which runs the reviews: when tree-sitter's WASM module faults beyond repair, the supervisor replaces
// that thread (a fresh module; web-tree-sitter loads one per thread) and the window keeps its hints.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { serveReviews } from '../core/review/reviewWorkerLogic';
import { superviseReviews, type SupervisedWorker } from '../core/review/reviewSupervisor';
import type { FromReviewWorker, ToReviewWorker } from '../core/review/workerProtocol';
import { runInBackground } from './threadPriority';

const port = parentPort;
if (!port) throw new Error('reviewWorker.cjs runs as a worker thread');

function spawnReviewer(): SupervisedWorker {
  const worker = new Worker(__filename, { name: 'kernel-offload reviews', workerData: { reviewer: true } });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.on('message', (message: FromReviewWorker) => handler(message)),
    onFailure: (handler) => {
      worker.on('error', (error) => handler(error.message));
      worker.on('exit', (code) => code !== 0 && handler(`it exited with code ${code}`));
    },
    terminate: () => void worker.terminate(),
  };
}

const end = {
  post: (message: FromReviewWorker) => port.postMessage(message),
  onMessage: (handler: (message: ToReviewWorker) => void) => port.on('message', (message: ToReviewWorker) => handler(message)),
};
if ((workerData as { reviewer?: boolean } | undefined)?.reviewer) {
  // The thread that runs reviews yields the CPU to the extension host's thread; the supervisor, which only relays
  // messages (an edit that stops a review among them), keeps the host's priority.
  runInBackground();
  serveReviews(end);
} else superviseReviews(end, spawnReviewer);
