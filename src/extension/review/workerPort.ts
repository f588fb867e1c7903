import * as vscode from 'vscode';
import type { FromReviewWorker, ToReviewWorker } from '../../core/review/workerProtocol';

/** The extension host's end of the review worker, whichever runtime started it. */
export interface ReviewWorkerPort {
  post(message: ToReviewWorker, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: FromReviewWorker) => void): void;
  onError(handler: (reason: string) => void): void;
  terminate(): void;
}

interface WebWorkerLike {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: FromReviewWorker; message?: string }) => void): void;
  terminate(): void;
}

type WebWorkerConstructor = new (url: string, options?: { name?: string }) => WebWorkerLike;

const isNode = () => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/**
 * Starts the review worker: worker_threads in the desktop extension host (dist/reviewWorker.cjs), a Web Worker from
 * a blob: URL in the web extension host (dist/reviewWorker.web.js; a blob keeps it same-origin wherever the
 * extension's files are served from).
 */
export async function startReviewWorkerPort(extensionUri: vscode.Uri): Promise<ReviewWorkerPort> {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', isNode() ? 'reviewWorker.cjs' : 'reviewWorker.web.js');
  if (isNode()) {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(script.fsPath, { name: 'kernel-offload review' });
    // The worker must not keep a closing extension host alive.
    worker.unref();
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => worker.on('message', handler),
      onError: (handler) => {
        worker.on('error', (error) => handler(error.message));
        worker.on('exit', (code) => code !== 0 && handler(`the review worker exited with code ${code}`));
      },
      terminate: () => void worker.terminate(),
    };
  }
  const source = await vscode.workspace.fs.readFile(script);
  const WebWorker = (globalThis as unknown as { Worker: WebWorkerConstructor }).Worker;
  const url = URL.createObjectURL(new Blob([new TextDecoder().decode(source)], { type: 'text/javascript' }));
  const worker = new WebWorker(url, { name: 'kernel-offload review' });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (handler) => worker.addEventListener('message', (event) => event.data && handler(event.data)),
    onError: (handler) => worker.addEventListener('error', (event) => handler(event.message ?? 'the review worker failed')),
    terminate: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
