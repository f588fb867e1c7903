// offload-review copy: a real, verified, parallel copy of a batch of folios (the copy engine from the command line).
import { createCopyEngine, fillSource, formatSize, MAX_BATCH_BYTES, parseSize, VERIFY_MODES, type CopyMode, type CopyReport, type FaultInjection, type VerifyMode } from '../../core/copy/index';
import { createNodeWorkerHost } from '../../core/copy/node/nodeWorkerHost';
import { UsageError, type CliIo } from '../io';

const USAGE = 'usage: offload-review copy --folios N --folio-size SIZE --workers N [--mode folios|chunks|lanes] [--verify full|sampled|none] [--inject crash:P,hang:P,corrupt:P] [--seed N] [--json]';
const MODES: readonly CopyMode[] = ['folios', 'chunks', 'lanes'];

interface CopyArgs {
  folios: number;
  folioBytes: number;
  workers: number;
  mode: CopyMode;
  verify: VerifyMode;
  inject?: FaultInjection;
  seed: number;
  json: boolean;
}

/** Exit 0 when every folio verified, 1 when some failed (listed), 2 for bad arguments. */
export async function runCopy(args: string[], io: CliIo): Promise<number> {
  const options = parseCopyArgs(args);
  const engine = createCopyEngine(createNodeWorkerHost(), { workers: options.workers });
  try {
    const batch = engine.createBatch(new Array<number>(options.folios).fill(options.folioBytes), options.mode);
    fillSource(batch, options.seed);
    const report = await engine.copy(batch, { mode: options.mode, verify: options.verify, inject: options.inject, seed: options.seed });
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : describe(report, options));
    return report.failed === 0 ? 0 : 1;
  } finally {
    engine.dispose();
  }
}

export function parseCopyArgs(args: string[]): CopyArgs {
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') {
      json = true;
      continue;
    }
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!['--folios', '--folio-size', '--workers', '--mode', '--verify', '--inject', '--seed'].includes(name)) throw new UsageError(`copy: unknown argument '${arg}'; ${USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`copy: ${name} needs a value; ${USAGE}`);
    values.set(name, value);
  }
  for (const required of ['--folios', '--folio-size', '--workers']) {
    if (!values.has(required)) throw new UsageError(`copy: ${required} is required; ${USAGE}`);
  }
  const folios = integer(values.get('--folios')!, '--folios', 1, 1_000_000);
  const folioBytes = parseSize(values.get('--folio-size')!);
  if (folioBytes === undefined || folioBytes < 1 || folioBytes > MAX_BATCH_BYTES) throw new UsageError(`copy: --folio-size must be a size such as 4K, 64K or 2M, got '${values.get('--folio-size')}'`);
  if (folios * folioBytes > MAX_BATCH_BYTES) throw new UsageError(`copy: a batch of ${folios} x ${formatSize(folioBytes)} exceeds the ${formatSize(MAX_BATCH_BYTES)} limit`);
  const workers = integer(values.get('--workers')!, '--workers', 1, 64);
  const mode = (values.get('--mode') ?? 'folios') as CopyMode;
  if (!MODES.includes(mode)) throw new UsageError(`copy: --mode must be folios, chunks or lanes, got '${mode}'`);
  const verify = (values.get('--verify') ?? 'full') as VerifyMode;
  if (!VERIFY_MODES.includes(verify)) throw new UsageError(`copy: --verify must be full, sampled or none, got '${verify}'`);
  const seed = values.has('--seed') ? integer(values.get('--seed')!, '--seed', 0, 2 ** 32 - 1) : 1;
  const inject = values.has('--inject') ? parseInjection(values.get('--inject')!) : undefined;
  return { folios, folioBytes, workers, mode, verify, inject, seed, json };
}

function integer(text: string, name: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`copy: ${name} must be an integer from ${min} to ${max}, got '${text}'`);
  return value;
}

export function parseInjection(text: string): FaultInjection {
  const inject: FaultInjection = {};
  for (const part of text.split(',')) {
    const match = /^(crash|hang|corrupt):(\d*\.?\d+)$/.exec(part.trim());
    const probability = match ? Number(match[2]) : NaN;
    if (!match || !(probability >= 0 && probability <= 1)) throw new UsageError(`copy: --inject takes crash:P,hang:P,corrupt:P with P from 0 to 1, got '${part}'`);
    inject[match[1] as keyof FaultInjection] = probability;
  }
  return inject;
}

function describe(report: CopyReport, options: CopyArgs): string {
  const counts = (c: CopyReport['faults']) => `crash ${c.crash}, hang ${c.hang}, corrupt ${c.corrupt}`;
  const lines = [
    `copied ${report.folios} folios x ${formatSize(options.folioBytes)} (${formatSize(report.bytes)}) with ${report.workers} workers, mode ${report.mode}, ${report.memory} memory`,
    `verified ${report.verified}, failed ${report.failed}; faults: ${counts(report.faults)}; recovered serially ${report.recoveredSerially}`,
    `verification ${report.verification}${VERIFICATION_NOTE[report.verification]}; detected: ${counts(report.detected)}; retried ${report.retried} folios; ${report.tasks} tasks`,
    `${report.GBps >= 0.1 ? report.GBps.toFixed(2) : report.GBps.toPrecision(2)} GB/s in ${(report.seconds * 1000).toFixed(1)} ms`,
    ...(report.note ? [`note: ${report.note}`] : []),
    ...report.perWorker.map((stats) => `  worker ${stats.worker}: ${formatSize(stats.bytes)} in ${stats.ms.toFixed(1)} ms`),
    ...report.failures.map((failure) => `  folio ${failure.folio} FAILED: ${failure.reason}`),
  ];
  return lines.join('\n') + '\n';
}

const VERIFICATION_NOTE: Record<VerifyMode, string> = {
  full: ' (every byte compared)',
  sampled: ' (a sample of lines per folio and their checksum; corruption outside the sample is not seen)',
  none: ' (nothing compared: corruption cannot be detected, "verified" means copied)',
};
