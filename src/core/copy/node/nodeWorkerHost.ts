import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ListenerSet, type WorkerHandle, type WorkerHost } from '../host';
import type { FromWorker, ToWorker } from '../protocol';
import { nativeBytesEqual } from './nativeBytesEqual';

export interface NodeWorkerHostOptions {
  /** A built worker script (CommonJS); by default dist/copyWorker.cjs beside the bundle, or the .ts source under tsx. */
  workerUrl?: URL;
  /** Cores to assume instead of os.availableParallelism() (the engine starts at most this many workers). */
  cores?: number;
  /** Lay batches out in one WebAssembly memory for the workers' kernel (default true; false keeps two SharedArrayBuffers, the typed-array path). */
  wasmMemory?: boolean;
}

type WorkerScript = { kind: 'file'; url: URL } | { kind: 'eval'; code: string };

/**
 * worker_threads host. Inside a bundle (dist/cli.cjs, dist/bench.cjs) import.meta.url names
 * the bundle and the worker is its sibling dist/copyWorker.cjs. From source (tests under tsx)
 * the worker loads copyWorker.node.ts through tsx's require hook: Node 20 does not apply
 * `--import tsx` in a worker's execArgv, so a two-line bootstrap registers tsx itself.
 */
export function createNodeWorkerHost(options: NodeWorkerHostOptions = {}): WorkerHost {
  const script = options.workerUrl ? { kind: 'file' as const, url: options.workerUrl } : defaultScript();
  return {
    name: 'node worker_threads',
    sharedMemory: true,
    wasmMemory: options.wasmMemory ?? true,
    bytesEqual: nativeBytesEqual,
    cores: options.cores ?? availableParallelism(),
    spawn: () => spawnNodeWorker(script),
  };
}

function defaultScript(): WorkerScript {
  if (!import.meta.url.endsWith('.ts')) return { kind: 'file', url: new URL('./copyWorker.cjs', import.meta.url) };
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const entry = fileURLToPath(new URL('./copyWorker.node.ts', import.meta.url));
  return { kind: 'eval', code: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(entry)});` };
}

function spawnNodeWorker(script: WorkerScript): WorkerHandle {
  const listeners = new ListenerSet();
  const worker = script.kind === 'file' ? new Worker(script.url) : new Worker(script.code, { eval: true });
  worker.on('message', (message: FromWorker) => listeners.message(message));
  worker.on('error', (error: Error) => listeners.failure(error.message));
  worker.on('exit', (code: number) => listeners.failure(`exited with code ${code}`));
  return listeners.handle((message: ToWorker, transfer: ArrayBuffer[]) => worker.postMessage(message, transfer), () => void worker.terminate());
}
