// offload-review: the command-line face of the engine. Each subcommand lives in src/cli/commands/.
import { runCopy } from './commands/copy';
import { runReply } from './commands/reply';
import { runReview } from './commands/review';
import { runSimulate } from './commands/simulate';
import { UsageError, type CliIo } from './io';
import { servePoolWorker } from './poolWorker';
import { isPoolWorker } from './reviewPool';

const subcommands: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  simulate: runSimulate,
  copy: runCopy,
  reply: runReply,
};

async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const subcommand = first !== undefined ? subcommands[first] : undefined;
  return subcommand ? subcommand(rest, io) : runReview(argv, io);
}

const io: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
};

// The same bundle is the CLI's review worker when many files are reviewed at once (reviewPool.ts).
if (isPoolWorker()) void servePoolWorker();
else main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`offload-review: ${message.split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);

export { UsageError };
