// The worker_threads entry: bundled as dist/copyWorker.cjs, or run from source under tsx.
import { parentPort } from 'node:worker_threads';
import { transferables, type ToWorker } from '../protocol';
import { KernelCache } from '../wasm/kernel';
import { createWorkerSession, spinForever, type WorkerEnvironment } from '../workerLogic';
import { nativeBytesEqual } from './nativeBytesEqual';

const port = parentPort;
if (!port) throw new Error('copyWorker must run in a worker thread');

const kernels = new KernelCache();
const environment: WorkerEnvironment = { bytesEqual: nativeBytesEqual, now: () => performance.now(), hang: spinForever, kernelFor: (memory, id) => kernels.kernelFor(memory, id) };
const handle = createWorkerSession(environment);

port.on('message', (message: ToWorker) => {
  const answer = handle(message);
  if (answer && answer.type !== 'ready') port.postMessage(answer, transferables(answer));
});
port.postMessage({ type: 'ready' });
