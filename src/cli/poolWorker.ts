// The CLI's review worker (reviewPool.ts): reviews the files the main thread hands it, one at a time, with one engine.
import { nodeReviewEngine } from '../node/reviewEngine';
import { reviewFile } from './commands/review';
import type { CliIo } from './io';
import { poolWorkerOptions, type FromPoolWorker, type ToPoolWorker } from './reviewPool';

export async function servePoolWorker(): Promise<void> {
  // Loaded here, not at the top: the main thread of a one-file review never needs node:worker_threads.
  const port = (await import('node:worker_threads')).parentPort;
  if (!port) return;
  const { rules, format } = await poolWorkerOptions();
  const engine = await nodeReviewEngine();
  port.on('message', (message: ToPoolWorker) => {
    if (message === null) {
      port.close();
      return;
    }
    let err = '';
    const io: CliIo = { out: () => {}, err: (text) => (err += text), readStdin: () => Promise.resolve(Buffer.alloc(0)) };
    reviewFile(message.file, engine, rules, format, io).then(
      (settled) => port.postMessage({ index: message.index, review: { settled, err } } satisfies FromPoolWorker),
      (error: unknown) => port.postMessage({ index: message.index, error: error instanceof Error ? error.message : String(error) } satisfies FromPoolWorker),
    );
  });
}
