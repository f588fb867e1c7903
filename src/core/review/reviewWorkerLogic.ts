import { createCParser, WasmFault, type CParser } from '../c/parser';
import { createReviewEngine, createReviewSession, ReviewCancelled, type ReviewEngine, type ReviewResult } from './engine';
import type { ReviewSession } from './session';
import { applyChanges, type FromReviewWorker, type ToReviewWorker } from './workerProtocol';
import { patchIdentity } from '../review-state/keys';

/** The two ends a worker runtime offers: worker_threads' parentPort or a Web Worker's global scope. */
export interface WorkerEnd {
  post(message: FromReviewWorker): void;
  onMessage(handler: (message: ToReviewWorker) => void): void;
}

type ReviewRequest = Extract<ToReviewWorker, { type: 'review' }>;

/** What the worker keeps of one open document: its text at a version, its session and its last result. */
interface Held {
  text: string | undefined;
  version: number;
  session?: ReviewSession;
  result?: { version: number; review: ReviewResult };
}

/**
 * The review worker: one per window, the grammar loaded once. Requests are queued per document (only the newest
 * version matters) and the smallest waiting document is reviewed first, so a small file is not held up by a big one.
 * A running review polls the shared interrupt counter: any newer request stops it, and it runs again afterwards
 * with what its session kept (the declarations it had judged).
 */
export function serveReviews(end: WorkerEnd, now: () => number = () => performance.now()): void {
  let engine: ReviewEngine | undefined;
  let parser: CParser | undefined;
  let interrupt: Int32Array | undefined;
  const held = new Map<string, Held>();
  const pending = new Map<string, ReviewRequest>();
  const early: ToReviewWorker[] = [];
  let draining = false;

  const holding = (key: string): Held => {
    let entry = held.get(key);
    if (!entry) held.set(key, (entry = { text: undefined, version: -1 }));
    return entry;
  };

  const drop = (key: string) => {
    const entry = held.get(key);
    entry?.result?.review.dispose();
    entry?.session?.dispose();
    held.delete(key);
  };

  /**
   * After a WASM fault (the engine already reset the runtime and dropped that document's session): every other
   * document's trees were made before the trap, so they go too and the next reviews parse afresh. When the runtime
   * could not be reset the module itself is poisoned: the supervisor (src/node/reviewWorker.ts) starts a fresh worker.
   */
  const recoverFrom = (fault: WasmFault) => {
    for (const entry of held.values()) {
      try {
        entry.result?.review.dispose();
      } catch {
        // Its scratch tree is left behind: the trees of a faulted module are not touched twice.
      }
      entry.result = undefined;
      entry.session?.abandon();
      entry.session = undefined;
    }
    const reset = fault.reset && (parser?.recover() ?? false);
    if (!reset) end.post({ type: 'poisoned', message: fault.message });
  };

  const schedule = () => {
    if (draining) return;
    draining = true;
    // A macrotask, so every message already queued arrives before the next review is chosen.
    setTimeout(drain, 0);
  };

  const next = (): ReviewRequest | undefined => {
    let best: ReviewRequest | undefined;
    let bestSize = Infinity;
    for (const request of pending.values()) {
      const size = request.text?.length ?? held.get(request.key)?.text?.length ?? 0;
      if (size < bestSize) {
        best = request;
        bestSize = size;
      }
    }
    return best;
  };

  const review = (request: ReviewRequest): void => {
    const entry = holding(request.key);
    if (request.text !== undefined) {
      entry.text = request.text;
      entry.version = request.version;
    }
    if (entry.text === undefined || entry.version !== request.version) {
      pending.delete(request.key);
      end.post({ type: 'needs-text', id: request.id });
      return;
    }
    if (request.session) entry.session ??= createReviewSession();
    const mark = interrupt ? Atomics.load(interrupt, 0) : 0;
    const started = now();
    try {
      const result = engine!.review(entry.text, {
        ...request.settings, session: request.session ? entry.session : undefined,
        isCancelled: interrupt ? () => Atomics.load(interrupt!, 0) !== mark : undefined,
      });
      pending.delete(request.key);
      entry.result?.review.dispose();
      entry.result = { version: request.version, review: result };
      end.post({
        type: 'reviewed', id: request.id, key: request.key, version: request.version, kind: result.kind,
        findings: result.findings, notes: result.notes, ms: Math.round(now() - started), ...identityOf(result),
      });
      if (!request.session) drop(request.key);
    } catch (error) {
      // Interrupted: the request stays queued (unless a newer one replaced it) and runs again after the newer ones.
      if (error instanceof ReviewCancelled) return;
      pending.delete(request.key);
      // A fresh session next time: the failed one may hold a tree the engine gave up on.
      if (!(error instanceof WasmFault)) entry.session?.dispose();
      entry.session = undefined;
      end.post({ type: 'review-failed', id: request.id, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
      if (error instanceof WasmFault) recoverFrom(error);
    }
  };

  const drain = () => {
    const request = next();
    if (!request || !engine) {
      draining = false;
      return;
    }
    review(request);
    setTimeout(drain, 0);
  };

  const handle = (message: ToReviewWorker): void => {
    switch (message.type) {
      case 'review': {
        const older = pending.get(message.key);
        if (older) end.post({ type: 'superseded', id: older.id });
        pending.set(message.key, message);
        schedule();
        return;
      }
      case 'edit': {
        const waiting = pending.get(message.key);
        if (waiting && waiting.version < message.version) {
          // Overtaken by this edit: its review would judge a text nobody sees any more.
          pending.delete(message.key);
          end.post({ type: 'superseded', id: waiting.id });
        }
        const entry = holding(message.key);
        if (entry.text !== undefined && entry.version === message.fromVersion) {
          entry.text = applyChanges(entry.text, message.changes);
          entry.version = message.version;
        } else {
          entry.text = undefined;
        }
        return;
      }
      case 'fixes': {
        const result = held.get(message.key)?.result;
        let fixes: ReturnType<ReviewResult['fixes']> = [];
        try {
          if (result && result.version === message.version) fixes = result.review.fixes(message.finding);
        } catch (error) {
          if (!(error instanceof WasmFault)) throw error;
          recoverFrom(error);
        }
        end.post({ type: 'fixes', id: message.id, fixes });
        return;
      }
      case 'forget': {
        const older = pending.get(message.key);
        if (older) end.post({ type: 'superseded', id: older.id });
        pending.delete(message.key);
        drop(message.key);
        return;
      }
      case 'init':
        return;
    }
  };

  end.onMessage((message) => {
    if (message.type === 'init') {
      void start(message);
      return;
    }
    if (engine) handle(message);
    else early.push(message);
  });

  async function start(init: Extract<ToReviewWorker, { type: 'init' }>): Promise<void> {
    const started = now();
    try {
      parser = await createCParser({ runtimeWasm: init.runtimeWasm, grammarWasm: init.grammarWasm });
      engine = createReviewEngine({ parser, englishWords: init.englishWords });
      interrupt = init.interrupt ? new Int32Array(init.interrupt) : undefined;
      end.post({ type: 'ready', rules: [...engine.rules], ms: Math.round(now() - started) });
      for (const message of early.splice(0)) handle(message);
    } catch (error) {
      end.post({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) });
    }
  }
}

function identityOf(result: ReviewResult): { identity?: string } {
  const identity = patchIdentity(result.parsed);
  return identity === undefined ? {} : { identity };
}
