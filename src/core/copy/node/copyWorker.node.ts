// The worker_threads entry: bundled as dist/copyWorker.cjs, or run from source under tsx.
import { parentPort } from 'node:worker_threads';
import { transferables, type ToWorker } from '../protocol';
import { createWorkerSession, spinForever, type WorkerEnvironment } from '../workerLogic';
import { nativeBytesEqual } from './nativeBytesEqual';

const port = parentPort;
if (!port) throw new Error('copyWorker must run in a worker thread');

const environment: WorkerEnvironment = { bytesEqual: nativeBytesEqual, now: () => performance.now(), hang: spinForever };
const handle = createWorkerSession(environment);

port.on('message', (message: ToWorker) => {
  const answer = handle(message);
  if (answer && answer.type !== 'ready') port.postMessage(answer, transferables(answer));
});
port.postMessage({ type: 'ready' });
