import type { BytesEqual } from './bytesEqual';
import type { FromWorker, ToWorker } from './protocol';

export interface WorkerListeners {
  message(message: FromWorker): void;
  /** The worker threw, failed to start or exited on its own. */
  failure(reason: string): void;
}

/** One running copy worker, whatever the platform's worker object is. */
export interface WorkerHandle {
  /** Settles when the worker has said it is ready for tasks; rejects if it failed first. */
  readonly ready: Promise<void>;
  post(message: ToWorker, transfer: ArrayBuffer[]): void;
  /** Adds listeners; returns the function that removes them again. */
  listen(listeners: WorkerListeners): () => void;
  terminate(): void;
}

/** What the engine needs from a platform: how to start workers and what memory they can share. */
export interface WorkerHost {
  readonly name: string;
  /** True when workers can share SharedArrayBuffers with the calling thread. */
  readonly sharedMemory: boolean;
  /** The calling thread's fastest byte comparison, for serial recovery. */
  readonly bytesEqual: BytesEqual;
  /** True when "workers" run on the calling thread (no transfer, nothing runs in parallel). */
  readonly inThread?: boolean;
  /**
   * True when the workers run WebAssembly: the engine then lays a batch's sources and
   * destinations out in one shared WebAssembly.Memory (batch.ts), which they copy with
   * v128 loads and stores and compare with v128 loads. Needs sharedMemory.
   */
  readonly wasmMemory?: boolean;
  /** Cores the workers can run on (os.availableParallelism, navigator.hardwareConcurrency); the engine starts no more workers than this. */
  readonly cores?: number;
  spawn(): WorkerHandle;
}

/**
 * Tracks listeners for hosts whose worker object has one handler slot per event (shared by the hosts). Once the
 * worker is terminated, whatever it still sends or raises is dropped here.
 */
export class ListenerSet {
  private readonly sets = new Set<WorkerListeners>();
  private readySettled = false;
  private terminated = false;
  readonly ready: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;

  constructor() {
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A worker that dies before anyone awaits `ready` must not raise an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  add(listeners: WorkerListeners): () => void {
    this.sets.add(listeners);
    return () => this.sets.delete(listeners);
  }

  message(message: FromWorker): void {
    if (this.terminated) return;
    if (message.type === 'ready') {
      this.readySettled = true;
      this.resolveReady();
      return;
    }
    for (const listeners of [...this.sets]) listeners.message(message);
  }

  failure(reason: string): void {
    if (this.terminated) return;
    if (!this.readySettled) {
      this.readySettled = true;
      this.rejectReady(new Error(`copy worker failed to start: ${reason}`));
    }
    for (const listeners of [...this.sets]) listeners.failure(reason);
  }

  get isTerminated(): boolean {
    return this.terminated;
  }

  /** The handle over one platform worker: `post` and `stop` are the platform's, these listeners the rest. */
  handle(post: WorkerHandle['post'], stop: () => void): WorkerHandle {
    return {
      ready: this.ready,
      post,
      listen: (set) => this.add(set),
      terminate: () => {
        this.terminated = true;
        this.sets.clear();
        stop();
      },
    };
  }
}
