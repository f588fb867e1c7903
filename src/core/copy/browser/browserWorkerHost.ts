import workerSource from './copyWorker.browser?worker-source';
import { jsBytesEqual } from '../bytesEqual';
import { ListenerSet, type WorkerHandle, type WorkerHost } from '../host';
import { createInlineHost } from '../inlineHost';
import type { FromWorker, ToWorker } from '../protocol';

/** True only where SharedArrayBuffer may cross to workers (a cross-origin isolated page). */
export function canShareMemory(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/**
 * Web Worker host for the webview/browser. A webview can only start workers from blob: URLs,
 * so the bundled worker text is turned into one. Memory is shared when the page is cross-origin
 * isolated and handed over by transfer otherwise (the usual VS Code webview). Without Worker
 * support the same logic runs on the page's thread (createInlineHost).
 */
export function createBrowserWorkerHost(): WorkerHost {
  if (typeof Worker !== 'function') return createInlineHost();
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return { name: 'web worker', sharedMemory: canShareMemory(), bytesEqual: jsBytesEqual, ...(cores ? { cores } : {}), spawn: spawnWebWorker };
}

function spawnWebWorker(): WorkerHandle {
  const listeners = new ListenerSet();
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  // The blob URL is only needed until the script has loaded, which 'ready' or a failure proves.
  listeners.ready.then(
    () => URL.revokeObjectURL(url),
    () => URL.revokeObjectURL(url),
  );
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    listeners.message(event.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    listeners.failure(event.message || 'worker error');
  };
  worker.onmessageerror = () => {
    listeners.failure('a message from the worker could not be read');
  };
  return listeners.handle((message: ToWorker, transfer: ArrayBuffer[]) => worker.postMessage(message, transfer), () => worker.terminate());
}
