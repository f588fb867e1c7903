// offload-review: the command-line face of the engine. Each subcommand lives in src/cli/commands/.
import { runReview } from './commands/review';
import { UsageError, type CliIo } from './io';
import { servePoolWorker } from './poolWorker';
import { directWriter } from './stdio';
import { isPoolWorker } from './reviewPool';

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Loaded when named: the bundle keeps a module reached only through import() uninitialised until then, so a review
 * never runs the simulator's, the interpreter's or the copy engine's module code (a small patch is reviewed in less
 * time than Node takes to start).
 */
const subcommands: Record<string, () => Promise<Command>> = {
  simulate: async () => (await import('./commands/simulate')).runSimulate,
  copy: async () => (await import('./commands/copy')).runCopy,
  reply: async () => (await import('./commands/reply')).runReply,
};

async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const load = first !== undefined && Object.hasOwn(subcommands, first) ? subcommands[first] : undefined;
  return load ? (await load())(rest, io) : runReview(argv, io);
}

const io: CliIo = {
  out: directWriter(1, () => process.stdout),
  err: directWriter(2, () => process.stderr),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
};

// The same bundle is the CLI's review worker when many files are reviewed at once (reviewPool.ts).
async function start(): Promise<number | undefined> {
  if (await isPoolWorker()) {
    await servePoolWorker();
    return undefined;
  }
  return main(process.argv.slice(2), io);
}

start().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`offload-review: ${message.split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);

export { UsageError };
