// The Web Worker entry: bundled as one IIFE, inlined into the panel script and started from a blob: URL.
import { jsBytesEqual } from '../bytesEqual';
import { transferables, type FromWorker, type ToWorker } from '../protocol';
import { createWorkerSession, spinForever, type WorkerEnvironment } from '../workerLogic';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const environment: WorkerEnvironment = { bytesEqual: jsBytesEqual, now: () => performance.now(), hang: spinForever };
const handle = createWorkerSession(environment);

scope.onmessage = (event) => {
  const answer = handle(event.data);
  if (answer && answer.type !== 'ready') scope.postMessage(answer, transferables(answer));
};
scope.postMessage({ type: 'ready' }, []);
