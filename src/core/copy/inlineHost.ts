import { jsBytesEqual } from './bytesEqual';
import { ListenerSet, type WorkerHandle, type WorkerHost } from './host';
import type { ToWorker } from './protocol';
import { createWorkerSession } from './workerLogic';

/**
 * Runs the worker logic on the calling thread, one macrotask per message: the fallback for
 * pages without Worker support. Same protocol and results, no parallelism; an injected hang
 * simply never answers (a real spin would freeze the page).
 */
export function createInlineHost(): WorkerHost {
  return { name: 'inline', sharedMemory: false, bytesEqual: jsBytesEqual, inThread: true, spawn: spawnInline };
}

function spawnInline(): WorkerHandle {
  const listeners = new ListenerSet();
  const handle = createWorkerSession({ bytesEqual: jsBytesEqual, now: () => performance.now(), hang: () => undefined });
  setTimeout(() => listeners.message({ type: 'ready' }), 0);
  const post = (message: ToWorker) => {
    setTimeout(() => {
      if (listeners.isTerminated) return;
      try {
        const answer = handle(message);
        if (answer) listeners.message(answer);
      } catch (error) {
        // Like a browser worker, the fallback outlives an exception (and can be asked to salvage).
        listeners.failure(error instanceof Error ? error.message : String(error));
      }
    }, 0);
  };
  // Nothing to stop: a task still queued when the fallback is terminated never runs.
  return listeners.handle(post, () => undefined);
}
