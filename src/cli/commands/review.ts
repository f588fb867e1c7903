// Synchronous reads: a CLI call has nothing else to do meanwhile, and node:fs/promises costs a small review 2-8 ms to load.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { version as toolVersion } from '../../../package.json';
import type { ReviewEngine, RuleInfo } from '../../core/review/engine';
import { decodeInput, sizeProblem } from '../../core/review/inputText';
import { allRules } from '../../core/review/rules';
import { compiledParserAssetsFromDisk } from '../../node/assets';
import { nodeReviewEngine } from '../../node/reviewEngine';
import { formatters, type FileReview } from '../format';
import type { Finding, Fix } from '../../core/review/finding';
import { UsageError, type CliIo } from '../io';
import { mboxMessages, shiftFindings, startsAsMbox, STREAM_MBOX_BYTES } from '../mboxStream';
import { reviewPool } from '../reviewPool';
import type { SettledReview } from '../settledReview';

const usage = `usage: offload-review [--format ${Object.keys(formatters).join('|')}] [--rules a,b] FILE...

Reviews Linux kernel patches (format-patch mails, mbox series, diffs, replies quoting a patch) and C files.
  --format NAME   output format (default: text, gcc style file:line:col: warning: message [rule])
  --rules a,b     run only these rules
  -               read standard input
  --help          show this help and the rule ids
Exit status: 0 no findings, 1 findings, 2 bad usage or unreadable input.
Other commands: offload-review simulate|copy|reply --help
`;

interface ReviewArgs {
  format: string;
  rules: string[] | undefined;
  files: string[];
  help: boolean;
}

function optionValue(args: string[], index: number, name: string): string {
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

export function parseReviewArgs(args: string[]): ReviewArgs {
  const parsed: ReviewArgs = { format: 'text', rules: undefined, files: [], help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--help' || name === '-h') parsed.help = true;
    else if (name === '--format') parsed.format = inline ?? optionValue(args, i++, '--format');
    else if (name === '--rules') parsed.rules = (inline ?? optionValue(args, i++, '--rules')).split(',').map((id) => id.trim()).filter(Boolean);
    else if (name === '--') {
      parsed.files.push(...args.slice(i + 1));
      break;
    }
    else if (name.startsWith('-') && name !== '-') throw new UsageError(`unknown option ${name} (try --help)`);
    else parsed.files.push(arg);
  }
  return parsed;
}

function checkArgs(args: ReviewArgs, rules: readonly RuleInfo[]): void {
  if (!formatters[args.format]) throw new UsageError(`unknown format '${args.format}' (choose ${Object.keys(formatters).join(', ')})`);
  const known = new Set(rules.map((rule) => rule.id));
  const unknown = args.rules?.find((id) => !known.has(id));
  if (unknown !== undefined) throw new UsageError(`unknown rule '${unknown}' (rules: ${[...known].join(', ')})`);
  if (args.rules?.length === 0) throw new UsageError('--rules lists no rule');
  if (args.files.length === 0) throw new UsageError('no input files (try --help)');
}

/** The bytes of one input, or the one-line reason it cannot be read. */
async function readInput(file: string, io: CliIo): Promise<{ text: string } | { problem: string }> {
  let bytes: Uint8Array;
  try {
    if (file === '-') {
      bytes = await io.readStdin();
    } else {
      const info = statSync(file);
      if (info.isDirectory()) return { problem: 'is a directory' };
      const tooLarge = sizeProblem(info.size);
      if (tooLarge) return { problem: tooLarge };
      bytes = readFileSync(file);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'I/O error'})` };
  }
  return decodeInput(bytes);
}

function isLargeMbox(file: string): boolean {
  try {
    const info = statSync(file);
    if (!info.isFile() || info.size <= STREAM_MBOX_BYTES) return false;
    const handle = openSync(file, 'r');
    try {
      const head = Buffer.alloc(256);
      const bytesRead = readSync(handle, head, 0, head.length, 0);
      return startsAsMbox(head.subarray(0, bytesRead).toString('utf8'));
    } finally {
      closeSync(handle);
    }
  } catch {
    return false;
  }
}

/**
 * A big mbox (a whole list archive) reviewed message by message: time and memory stay linear in its size
 * instead of refusing it above the in-memory cap. Only what the output needs is kept of each message.
 */
async function reviewMboxStream(
  file: string, engine: ReviewEngine, rules: Record<string, 'off'>, format: string, io: CliIo,
): Promise<{ findings: Finding[]; fixes(finding: Finding): Fix[] } | { problem: string }> {
  const findings: Finding[] = [];
  const fixes = new Map<Finding, Fix[]>();
  try {
    for await (const message of mboxMessages(file)) {
      const result = engine.review(message.text, { fileName: file, rules });
      if (format === 'text') for (const note of result.notes) io.err(`${file}: note: line ${message.firstLine + 1}: ${note}\n`);
      const shifted = shiftFindings(result.findings, message.firstLine, format === 'sarif' ? (finding) => result.fixes(finding) : undefined);
      findings.push(...shifted.findings);
      for (const [finding, list] of shifted.fixes) fixes.set(finding, list);
      result.dispose();
    }
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  return { findings, fixes: (finding) => fixes.get(finding) ?? [] };
}

/**
 * Reviews one input and keeps only what the output needs, so a call over many files holds findings, not every
 * file's text, parse and fix origins until the end. Runs in the CLI's review workers too (reviewPool.ts).
 */
export async function reviewFile(
  file: string, engine: ReviewEngine, rules: Record<string, 'off'>, format: string, io: CliIo,
): Promise<SettledReview> {
  const wantFixes = format === 'sarif';
  if (file !== '-' && isLargeMbox(file)) {
    const streamed = await reviewMboxStream(file, engine, rules, format, io);
    if ('problem' in streamed) return { problem: streamed.problem, notes: [], findings: [] };
    return { notes: [], findings: streamed.findings, ...(wantFixes ? { fixes: streamed.findings.map((finding) => streamed.fixes(finding)) } : {}) };
  }
  const input = await readInput(file, io);
  if ('problem' in input) return { problem: input.problem, notes: [], findings: [] };
  const result = engine.review(input.text, { fileName: file === '-' ? undefined : file, rules });
  try {
    if (result.kind === 'unknown') {
      return { problem: `is neither a patch nor C source${result.notes[0] ? ` (${result.notes[0].replace(/\.$/, '')})` : ''}`, notes: [], findings: [] };
    }
    return { notes: result.notes, findings: result.findings, ...(wantFixes ? { fixes: result.findings.map((finding) => result.fixes(finding)) } : {}) };
  } finally {
    result.dispose();
  }
}

export async function runReview(argv: string[], io: CliIo): Promise<number> {
  const args = parseReviewArgs(argv);
  if (args.help) {
    io.out(`${usage}\nRules:\n${allRules.map((rule) => `  ${rule.id.padEnd(26)}${rule.defaultSeverity.padEnd(9)}${rule.title}`).join('\n')}\n`);
    return 0;
  }
  // `b4 prep --check` feeds each patch on standard input and names no file.
  if (args.format === 'b4' && args.files.length === 0) args.files.push('-');
  // The rules are known without the engine: a call the workers serve never loads the parser on the main thread.
  const allInfo: RuleInfo[] = allRules.map(({ id, defaultSeverity, title, rationale, checkpatchTypes }) => ({ id, defaultSeverity, title, rationale, checkpatchTypes }));
  checkArgs(args, allInfo);
  const only = args.rules && new Set(args.rules);
  const ruleSettings = only ? Object.fromEntries(allInfo.filter((rule) => !only.has(rule.id)).map((rule) => [rule.id, 'off' as const])) : {};
  const reviews: FileReview[] = [];
  let unreadable = 0;
  const report = (file: string, settled: SettledReview) => {
    const name = file === '-' ? '<stdin>' : file;
    if (settled.problem !== undefined) {
      io.err(`offload-review: ${name} ${settled.problem}\n`);
      unreadable++;
      return;
    }
    if (args.format === 'text') for (const note of settled.notes) io.err(`${name}: note: ${note}\n`);
    const fixes = new Map(settled.fixes ? settled.findings.map((finding, index) => [finding, settled.fixes![index] ?? []]) : []);
    reviews.push({ file: name, result: { findings: settled.findings, fixes: (finding) => fixes.get(finding) ?? [] } });
  };
  const pooled = await reviewPool(args.files, { rules: ruleSettings, format: args.format }, {
    compiledParser: compiledParserAssetsFromDisk,
    prepare: async () => nodeReviewEngine(await compiledParserAssetsFromDisk()),
    // The main thread's engine is made from the modules it hands the workers: the WASM is compiled once in the process.
    reviewHere: async (file) => {
      const engine = await nodeReviewEngine(await compiledParserAssetsFromDisk());
      let err = '';
      const captured: CliIo = { ...io, err: (text) => (err += text) };
      return { settled: await reviewFile(file, engine, ruleSettings, args.format, captured), err };
    },
  });
  if (pooled) {
    pooled.forEach(({ settled, err }, index) => {
      if (err) io.err(err);
      report(args.files[index]!, settled);
    });
  } else {
    const engine = await nodeReviewEngine();
    for (const file of args.files) report(file, await reviewFile(file, engine, ruleSettings, args.format, io));
  }
  const rules = only ? allInfo.filter((rule) => only.has(rule.id)) : allInfo;
  io.out(formatters[args.format]!({ reviews, rules, toolVersion }));
  if (unreadable > 0) return 2;
  return reviews.some((review) => review.result.findings.length > 0) ? 1 : 0;
}
