// Many inputs in one call (`offload-review mm/*.c`) are reviewed by worker threads, one per core, each with its own
// parser and word list loaded once; the main thread only hands out files and prints in the order they were named.
import { statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { SettledReview } from './commands/review';

/** Below this many bytes in all, starting workers (a parser and a word list each) costs more than it saves. */
const POOL_MIN_BYTES = 512 * 1024;
const ROLE = 'offload-review-cli-worker';

export interface PoolOptions {
  rules: Record<string, 'off'>;
  format: string;
}

/** A worker's answer: the settled review and what it would have printed on stderr (notes of a streamed mbox). */
export interface PooledReview {
  settled: SettledReview;
  err: string;
}

export type ToPoolWorker = { index: number; file: string } | null;
export type FromPoolWorker = { index: number; review: PooledReview } | { index: number; error: string };

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

export async function poolWorkerOptions(): Promise<PoolOptions> {
  const { workerData } = await import('node:worker_threads');
  return (workerData as { options: PoolOptions }).options;
}

/** The bundle to start workers from; none when running from source (tests import the CLI's modules directly). */
function workerEntry(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('cliMain.cjs') ? __filename : undefined;
}

/**
 * One per idle core (cores less the 1-minute load average); OFFLOAD_REVIEW_WORKERS sets the number (1: review on the
 * main thread, as the bench compares). Workers only pay off on cores nobody else uses: each warms its own JIT and
 * loads the bundle, parser and word list, so on mm/*.c at load 17-20 on 2 cores two workers spent 12.3 s of CPU where
 * one thread spent 9.3 s, and finished no sooner.
 */
function workerCount(): number {
  const wanted = Number(process.env.OFFLOAD_REVIEW_WORKERS);
  if (Number.isInteger(wanted) && wanted >= 1) return wanted;
  const cores = availableParallelism();
  return Math.max(1, Math.min(cores, Math.round(cores - (loadavg()[0] ?? 0))));
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Every file reviewed in the workers, in the order named; undefined when one thread is better (a single or small
 * input, standard input, one core, or no bundle to start workers from).
 */
export async function reviewPool(files: readonly string[], options: PoolOptions): Promise<PooledReview[] | undefined> {
  const entry = workerEntry();
  if (!entry || files.length < 2 || files.includes('-')) return undefined;
  const sizes = files.map(sizeOf);
  if (sizes.reduce((sum, size) => sum + size, 0) < POOL_MIN_BYTES) return undefined;
  const count = Math.min(workerCount(), files.length);
  if (count < 2) return undefined;
  // Largest first, so no worker is left with a big file while the others are done.
  const queue = files.map((_, index) => index).sort((a, b) => sizes[b]! - sizes[a]!);
  const results: PooledReview[] = new Array(files.length);
  const { Worker }: WorkerThreads = await import('node:worker_threads');
  const runWorker = () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(entry, { argv: [WORKER_ARG], workerData: { role: ROLE, options } });
    const next = () => {
      const index = queue.shift();
      worker.postMessage((index === undefined ? null : { index, file: files[index]! }) satisfies ToPoolWorker);
    };
    worker.on('message', (message: FromPoolWorker) => {
      if ('error' in message) {
        queue.length = 0;
        void worker.terminate();
        reject(new Error(message.error));
        return;
      }
      results[message.index] = message.review;
      next();
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
    next();
  });
  await Promise.all(Array.from({ length: count }, runWorker));
  return results;
}
