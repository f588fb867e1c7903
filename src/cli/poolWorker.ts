// The CLI's review worker (reviewPool.ts): takes files from the pool's shared counter until none is left, with one
// engine, and posts each settled review to the main thread.
import { nodeReviewEngine } from '../node/reviewEngine';
import { reviewFile } from './commands/review';
import type { CliIo } from './io';
import { poolWorkerData, takeNext, type FromPoolWorker } from './reviewPool';

export async function servePoolWorker(): Promise<void> {
  // Loaded here, not at the top: the main thread of a one-file review never needs node:worker_threads.
  const port = (await import('node:worker_threads')).parentPort;
  if (!port) return;
  const data = await poolWorkerData();
  const { rules, format } = data.options;
  const engine = await nodeReviewEngine(data.parser);
  for (let index = takeNext(data); index !== undefined; index = takeNext(data)) {
    let err = '';
    const io: CliIo = { out: () => {}, err: (text) => (err += text), readStdin: () => Promise.resolve(Buffer.alloc(0)) };
    try {
      const settled = await reviewFile(data.files[index]!, engine, rules, format, io);
      port.postMessage({ index, review: { settled, err } } satisfies FromPoolWorker);
    } catch (error) {
      port.postMessage({ index, error: error instanceof Error ? error.message : String(error) } satisfies FromPoolWorker);
      break;
    }
  }
  port.close();
}
