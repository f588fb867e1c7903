import { readFile, stat } from 'node:fs/promises';
import { decodeInput } from '../../core/review/inputText';
import { buildReplies, findingsAsComments, joinReplies, parseTrailer } from '../../core/reply';
import { nodeReviewEngine } from '../../node/reviewEngine';
import { UsageError, type CliIo } from '../io';

const usage = `usage: offload-review reply [--trailer "Reviewed-by: Name <mail>"] [--signature NAME] [--from "Name <mail>"] FILE

Prints a plain-text mailing-list reply to the patch in FILE (- for standard input): the patch quoted with
"> " and trimmed, every review hint written under the line it concerns, wrapped at 72 columns. An mbox
series gets one reply per patch with hints, as an mbox. No Reviewed-by/Acked-by is ever added unless given
with --trailer. Exit status: 0 reply printed, 2 bad usage, unreadable input or no patch to reply to.
`;

interface ReplyArgs {
  file?: string;
  trailer?: string;
  signature?: string;
  from?: string;
  help: boolean;
}

export function parseReplyArgs(args: string[]): ReplyArgs {
  const parsed: ReplyArgs = { help: false };
  const value = (i: number, name: string) => {
    const v = args[i + 1];
    if (v === undefined) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--trailer') parsed.trailer = value(i++, arg);
    else if (arg === '--signature') parsed.signature = value(i++, arg);
    else if (arg === '--from') parsed.from = value(i++, arg);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg} (try reply --help)`);
    else if (parsed.file !== undefined) throw new UsageError('reply takes one FILE');
    else parsed.file = arg;
  }
  return parsed;
}

async function readText(file: string, io: CliIo): Promise<string> {
  let bytes: Uint8Array;
  try {
    if (file === '-') bytes = await io.readStdin();
    else if ((await stat(file)).isDirectory()) throw new UsageError(`${file} is a directory`);
    else bytes = await readFile(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'I/O error'})`}`);
  }
  const decoded = decodeInput(bytes);
  if ('problem' in decoded) throw new UsageError(`${file === '-' ? '<stdin>' : file} ${decoded.problem}`);
  return decoded.text;
}

export async function runReply(argv: string[], io: CliIo): Promise<number> {
  const args = parseReplyArgs(argv);
  if (args.help) {
    io.out(usage);
    return 0;
  }
  if (args.file === undefined) throw new UsageError('reply needs a FILE (try reply --help)');
  if (args.trailer !== undefined) {
    const checked = parseTrailer(args.trailer);
    if (!checked.ok) throw new UsageError(`--trailer: ${checked.reason}`);
  }
  const text = await readText(args.file, io);
  const engine = await nodeReviewEngine();
  const result = engine.review(text, { fileName: args.file === '-' ? undefined : args.file });
  const replies = buildReplies(result.parsed, findingsAsComments(result.findings), {
    trailer: args.trailer, signature: args.signature, from: args.from,
  });
  if (replies.length === 0) {
    const name = args.file === '-' ? '<stdin>' : args.file;
    throw new UsageError(result.parsed.patches.length === 0 ? `${name} holds no patch to reply to` : `${name}: no review hints on any patch, nothing to reply`);
  }
  io.out(joinReplies(replies));
  return 0;
}
