import type { FromReviewWorker, ToReviewWorker } from './workerProtocol';

/** The host-facing end of the supervisor: what the review worker's runtime offers (parentPort, a worker scope). */
export interface SupervisorEnd {
  post(message: FromReviewWorker): void;
  onMessage(handler: (message: ToReviewWorker) => void): void;
}

/** One review worker the supervisor started, which serveReviews runs in. */
export interface SupervisedWorker {
  post(message: ToReviewWorker): void;
  onMessage(handler: (message: FromReviewWorker) => void): void;
  /** An uncaught error or exit of that worker. */
  onFailure(handler: (reason: string) => void): void;
  terminate(): void;
}

/**
 * Stands between the host and the review worker, so that a WASM module beyond repair costs one document its review,
 * not the window its hints: web-tree-sitter loads its module once per JavaScript realm, so only a fresh worker loads
 * a fresh one. On 'poisoned' (or the worker's death) the waiting requests are answered (review-failed, no fixes),
 * the worker is replaced and sent the same init; documents it no longer holds are asked for again ('needs-text'),
 * which the host's protocol already handles.
 */
const MAX_REPLACEMENTS = 20;

export function superviseReviews(end: SupervisorEnd, spawn: () => SupervisedWorker): void {
  let init: Extract<ToReviewWorker, { type: 'init' }> | undefined;
  let worker: SupervisedWorker | undefined;
  let ready = false;
  let replaced = 0;
  /** Requests sent to the current worker and not answered yet, by id. */
  const waiting = new Map<number, 'review' | 'fixes'>();

  const answerWaiting = (reason: string) => {
    for (const [id, kind] of waiting) {
      end.post(kind === 'fixes' ? { type: 'fixes', id, fixes: [] } : { type: 'review-failed', id, message: reason });
    }
    waiting.clear();
  };

  const replace = (reason: string) => {
    const old = worker;
    worker = undefined;
    old?.terminate();
    answerWaiting(reason);
    // A worker that dies as it starts is not restarted for ever: the host then sees the failure as before.
    if (init && ++replaced <= MAX_REPLACEMENTS) start(init);
    else end.post({ type: 'poisoned', message: reason });
  };

  const start = (message: Extract<ToReviewWorker, { type: 'init' }>) => {
    const started = spawn();
    worker = started;
    started.onMessage((reply) => {
      if (worker !== started) return;
      if (reply.type === 'poisoned') {
        replace(reply.message);
        return;
      }
      // The host was told once; a replacement's readiness (or failure to start) is the supervisor's business.
      if (reply.type === 'ready' || reply.type === 'init-failed') {
        if (ready) return;
        ready = reply.type === 'ready';
      }
      if ('id' in reply) waiting.delete(reply.id);
      end.post(reply);
    });
    started.onFailure((reason) => {
      if (worker === started) replace(`the review worker failed: ${reason}`);
    });
    started.post(message);
  };

  end.onMessage((message) => {
    if (message.type === 'init') {
      init = message;
      start(message);
      return;
    }
    if (!worker) {
      if (message.type === 'review') end.post({ type: 'review-failed', id: message.id, message: 'the review worker could not be restarted' });
      if (message.type === 'fixes') end.post({ type: 'fixes', id: message.id, fixes: [] });
      return;
    }
    if (message.type === 'review' || message.type === 'fixes') waiting.set(message.id, message.type);
    worker.post(message);
  });
}
