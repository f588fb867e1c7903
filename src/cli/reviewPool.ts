// Many inputs in one call (`offload-review mm/*.c`) are reviewed by several threads, one per idle core: the main thread
// and worker threads, each with its own engine. They take files from one shared counter, largest first, and the main
// thread prints in the order the files were named.
import { statSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import type { PooledReview } from './settledReview';

/** Below this many bytes in all, starting workers (a parser and a word list each) costs more than it saves. */
const POOL_MIN_BYTES = 512 * 1024;
const ROLE = 'offload-review-cli-worker';

export interface PoolOptions {
  rules: Record<string, 'off'>;
  format: string;
}

export type FromPoolWorker = { index: number; review: PooledReview } | { index: number; error: string };

/** The compiled WASM of the parser: compiled once by the main thread, shared by every worker (no compile of their own). */
export interface CompiledParser {
  runtimeWasm: WebAssembly.Module;
  grammarWasm: WebAssembly.Module;
}

/** What a worker is started with: the files in the order to take them, and the counter every thread takes from. */
export interface PoolWorkerData {
  role: typeof ROLE;
  options: PoolOptions;
  files: string[];
  /** Indexes into `files`, largest file first. */
  order: number[];
  /** One Int32: the next position in `order` to take (Atomics.add). */
  next: SharedArrayBuffer;
  parser?: CompiledParser;
}

/**
 * A worker this pool starts gets this argument, so the main thread can tell it is none without loading
 * node:worker_threads (3-25 ms here, a tenth of a small patch's whole review); the worker then confirms it.
 */
const WORKER_ARG = '--offload-review-pool-worker';

type WorkerThreads = typeof import('node:worker_threads');

/** True inside a worker this pool started (the CLI bundle is its own worker entry). */
export async function isPoolWorker(): Promise<boolean> {
  if (!process.argv.includes(WORKER_ARG)) return false;
  const { isMainThread, workerData } = await import('node:worker_threads');
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

export async function poolWorkerData(): Promise<PoolWorkerData> {
  return (await import('node:worker_threads')).workerData as PoolWorkerData;
}

/** The next file to review (an index into `files`), or undefined when all are taken; safe from any thread. */
export function takeNext(data: Pick<PoolWorkerData, 'order' | 'next'>): number | undefined {
  return data.order[Atomics.add(new Int32Array(data.next), 0, 1)];
}

/** The bundle to start workers from; none when running from source (tests import the CLI's modules directly). */
function workerEntry(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('cliMain.cjs') ? __filename : undefined;
}

/** Idle time of all cores (ms), as the OS counts it. */
function idleMs(): number {
  return cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0);
}

/**
 * How many cores other processes left free over the next `ms` milliseconds: the idle time plus this process's own
 * (the main thread prepares its engine meanwhile, and that core is ours to use).
 */
async function freeCores(ms: number): Promise<number> {
  const before = idleMs();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const own = process.cpuUsage(ownBefore);
  return (idleMs() - before + (own.user + own.system) / 1000) / (performance.now() - started);
}

/**
 * Threads in all, the main thread's included: one per core that is idle now, measured over a tenth of a second (the
 * pool waits for its compiled WASM meanwhile); OFFLOAD_REVIEW_WORKERS sets the number (1: the main thread alone, as
 * the bench compares). On mm/*.c on 2 cores, two threads (main thread and one worker, the WASM compiled once) took
 * 4.4-4.7 s where the machine was otherwise idle, but 12.5 s against one thread's 9.3 s while other processes kept
 * 1.6 cores busy (11.9 s of CPU against 8.6: threads fighting for cores also slow each other down). The 1-minute load
 * average is no measure of it: the caller's own work just before (a bench, a build) keeps it near 1 on a quiet machine.
 */
async function threadCount(): Promise<number> {
  const wanted = Number(process.env.OFFLOAD_REVIEW_WORKERS);
  if (Number.isInteger(wanted) && wanted >= 1) return wanted;
  const cores = availableParallelism();
  return Math.max(1, Math.min(cores, Math.round(await freeCores(100))));
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export interface PoolHooks {
  /** Reviews one file on the main thread (the same settled review a worker posts). */
  reviewHere(file: string): Promise<PooledReview>;
  /** The parser compiled once, to hand to the workers; undefined when it cannot be (they then compile their own). */
  compiledParser(): Promise<CompiledParser | undefined>;
  /** Makes the main thread's engine, which it needs whatever the pool decides: done while the cores are watched. */
  prepare(): Promise<unknown>;
}

/** Runs a pool worker until it exits, handing each review it posts to `take`; rejects with the message of one that failed. */
function runWorker(entry: string, data: PoolWorkerData, take: (index: number, review: PooledReview) => void, Worker: WorkerThreads['Worker']): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(entry, { argv: [WORKER_ARG], workerData: data });
    worker.on('message', (message: FromPoolWorker) => {
      if ('error' in message) {
        // No file is left for anyone: the call fails with this worker's message.
        Atomics.store(new Int32Array(data.next), 0, data.order.length);
        void worker.terminate();
        reject(new Error(message.error));
        return;
      }
      take(message.index, message.review);
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  });
}

/**
 * Every file reviewed by the main thread and the workers, in the order named; undefined when one thread is better (a
 * single or small input, standard input, one idle core, or no bundle to start workers from).
 */
export async function reviewPool(files: readonly string[], options: PoolOptions, hooks: PoolHooks): Promise<PooledReview[] | undefined> {
  const entry = workerEntry();
  if (!entry || files.length < 2 || files.includes('-')) return undefined;
  const sizes = files.map(sizeOf);
  if (sizes.reduce((sum, size) => sum + size, 0) < POOL_MIN_BYTES) return undefined;
  // The parser is compiled while the cores are watched: the main thread needs it either way.
  const compiling = hooks.compiledParser().catch(() => undefined);
  hooks.prepare().catch(() => undefined);
  const threads = Math.min(await threadCount(), files.length);
  if (threads < 2) return undefined;
  // Largest first, so no thread is left with a big file while the others are done.
  const order = files.map((_, index) => index).sort((a, b) => sizes[b]! - sizes[a]!);
  const data: PoolWorkerData = { role: ROLE, options, files: [...files], order, next: new SharedArrayBuffer(4) };
  const parser = await compiling;
  if (parser) data.parser = parser;
  const results: PooledReview[] = new Array(files.length);
  const { Worker }: WorkerThreads = await import('node:worker_threads');
  const take = (index: number, review: PooledReview) => (results[index] = review);
  // Handled from the start: a worker may fail while the main thread is still reviewing.
  const workers = Promise.all(Array.from({ length: threads - 1 }, () => runWorker(entry, data, take, Worker)));
  workers.catch(() => undefined);
  // The main thread reviews too: on 2 cores one worker and the main thread, not two workers and an idle main thread.
  // Its loop yields between files so the workers' answers are taken as they come.
  try {
    for (let index = takeNext(data); index !== undefined; index = takeNext(data)) {
      results[index] = await hooks.reviewHere(files[index]!);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    Atomics.store(new Int32Array(data.next), 0, order.length);
    throw error;
  }
  await workers;
  return results;
}
