// offload-review simulate: run a simulator scenario (or print the calibration) from the command line.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from '../../core/patch/index';
import {
  calibrationTable,
  extractPatchFacts,
  fitCostModel,
  formatCalibrationReport,
  formatSummary,
  parseByteSize,
  runScenario,
  scenarioNames,
  type BatchLimit,
  type MultiProviderPolicy,
  type PatchFacts,
  type Protocol,
  type ProviderKind,
  type ScenarioName,
  type SimConfig,
} from '../../core/sim/index';
import { nodeCParser } from '../../node/assets';
import { usePatchCode as usePatchCodeHook } from '../../core/interp/node/usePatchCode';
import { UsageError, type CliIo } from '../io';

const USAGE =
  'usage: offload-review simulate --scenario NAME [--protocol v3|fixed] [--provider kernel|mtcopy|dcbm] [--threads N] [--channels N] ' +
  '[--folio-size 4K|…|2M] [--count N | --total 64G] [--seed N] [--json] [PATCH_OR_C_FILE]  |  simulate --calibration [--fit] [--json]';

/** Options that take a value. Add new ones here (one line each) and read them in buildConfig(). */
const VALUE_OPTIONS = [
  '--scenario',
  '--protocol',
  '--provider',
  '--providers',
  '--policy',
  '--threads',
  '--channels',
  '--folio-size',
  '--count',
  '--total',
  '--seed',
  '--batch-limit',
  // ── Issue 8 (C interpreter) extension point ──────────────────────────────────────────────────────
  // `--use-patch-code FILE` is parsed here already; to make it work, set `usePatchCode` below to a hook
  // from src/core/sim/patchCode.ts that fills `config.protocolImpl` from FILE's functions.
  '--use-patch-code',
] as const;
const FLAGS = ['--json', '--calibration', '--fit'] as const;

type ValueOption = (typeof VALUE_OPTIONS)[number];
type Flag = (typeof FLAGS)[number];

interface SimulateArgs {
  values: Map<ValueOption, string>;
  flags: Set<Flag>;
  file: string | undefined;
}

/** Issue 8 sets this: (FILE, config) → config.protocolImpl runs FILE's start/stop/dispatch. */
const usePatchCode: ((file: string, config: SimConfig) => Promise<void>) | undefined = usePatchCodeHook;

/** Exit codes: 0 the run completed and every invariant held; 1 an invariant was violated; 2 bad usage. */
export async function runSimulate(args: string[], io: CliIo): Promise<number> {
  const parsed = parseSimulateArgs(args);
  if (parsed.flags.has('--calibration')) return printCalibration(parsed, io);
  const config = await buildConfig(parsed);
  const result = runScenario(config);
  io.out(parsed.flags.has('--json') ? JSON.stringify(result, null, 2) + '\n' : formatSummary(result));
  return result.verdict === 'held' ? 0 : 1;
}

export function parseSimulateArgs(args: string[]): SimulateArgs {
  const values = new Map<ValueOption, string>();
  const flags = new Set<Flag>();
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((FLAGS as readonly string[]).includes(arg)) {
      flags.add(arg as Flag);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`simulate: ${name} needs a value; ${USAGE}`);
      values.set(name as ValueOption, value);
      continue;
    }
    if (arg.startsWith('-') || file !== undefined) throw new UsageError(`simulate: unexpected argument '${arg}'; ${USAGE}`);
    file = arg;
  }
  return { values, flags, file };
}

function printCalibration(args: SimulateArgs, io: CliIo): number {
  const params = args.flags.has('--fit') ? fitCostModel().params : undefined;
  const { rows, summary } = calibrationTable(params);
  if (args.flags.has('--json')) {
    const out = rows.map(({ table, provider, lanes, folioSize, folioCount, publishedGBps, publishedSD, modelGBps, residual, withinBand }) => ({
      table,
      provider,
      lanes,
      folioSize,
      ...(folioCount !== undefined ? { folioCount } : {}),
      publishedGBps,
      publishedSD,
      modelGBps: Number(modelGBps.toFixed(3)),
      residual: Number(residual.toFixed(4)),
      withinBand,
    }));
    io.out(JSON.stringify({ rows: out, summary: { cells: summary.cells, withinBand: summary.withinBand, share: summary.share, meetsCriterion: summary.meetsCriterion, meanAbsResidual: summary.meanAbsResidual }, ...(params ? { params } : {}) }, null, 2) + '\n');
  } else {
    io.out(formatCalibrationReport(params) + '\n');
  }
  return summary.meetsCriterion ? 0 : 1;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`simulate: ${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`simulate: ${name} must be an integer from ${min} to ${max}, got '${value}'`);
  return n;
}

async function buildConfig(args: SimulateArgs): Promise<SimConfig> {
  const v = args.values;
  if (!v.has('--scenario')) throw new UsageError(`simulate: --scenario is required; ${USAGE}`);
  if (v.has('--count') && v.has('--total')) throw new UsageError('simulate: give --count or --total, not both');
  const providers: ProviderKind[] = ['kernel', 'mtcopy', 'dcbm'];
  const config: SimConfig = {
    scenario: oneOf<ScenarioName>('--scenario', v.get('--scenario'), scenarioNames, 'plain'),
    protocol: oneOf<Protocol>('--protocol', v.get('--protocol'), ['v3', 'fixed'], 'v3'),
    provider: oneOf<ProviderKind>('--provider', v.get('--provider'), providers, 'dcbm'),
  };
  const threads = integer('--threads', v.get('--threads'), 1, 64);
  const channels = integer('--channels', v.get('--channels'), 1, 16);
  const count = integer('--count', v.get('--count'), 1, 64 * 1024 * 1024);
  const seed = integer('--seed', v.get('--seed'), 0, 2 ** 32 - 1);
  if (threads !== undefined) config.threads = threads;
  if (channels !== undefined) config.channels = channels;
  if (count !== undefined) config.count = count;
  if (seed !== undefined) config.seed = seed;
  if (v.has('--folio-size')) config.folioSizes = parseFolioSizes(v.get('--folio-size')!);
  if (v.has('--total')) {
    const total = parseByteSize(v.get('--total')!);
    if (total === undefined || total > 1024 ** 4) throw new UsageError(`simulate: --total must be a size such as 1G or 64G (at most 1T), got '${v.get('--total')}'`);
    config.totalBytes = total;
  }
  if (v.has('--batch-limit')) config.batchLimit = oneOf<BatchLimit>('--batch-limit', v.get('--batch-limit'), ['stock', 'patch8'], 'stock');
  if (v.has('--policy')) config.policy = oneOf<MultiProviderPolicy>('--policy', v.get('--policy'), ['last-wins', 'first-wins', 'per-batch'], 'last-wins');
  if (v.has('--providers')) config.providers = v.get('--providers')!.split(',').map((p) => oneOf<ProviderKind>('--providers', p.trim(), providers, 'kernel'));
  if (args.file !== undefined) config.patchFacts = await readPatchFacts(args.file);
  if (v.has('--use-patch-code')) {
    if (!usePatchCode) throw new UsageError('simulate: --use-patch-code needs the C interpreter (issue 8), which this build does not have yet');
    await usePatchCode(v.get('--use-patch-code')!, config);
  }
  return config;
}

/** "2M", or a mix "4K,2M" (equal shares) / "4K:3,2M:1" (weighted). */
function parseFolioSizes(text: string): SimConfig['folioSizes'] {
  return text.split(',').map((part) => {
    const [size, weight] = part.split(':', 2);
    const bytes = parseByteSize(size ?? '');
    if (bytes === undefined || bytes < 4096 || bytes > 2 * 1024 * 1024 || (bytes & (bytes - 1)) !== 0) {
      throw new UsageError(`simulate: --folio-size takes 4K, 8K, 16K … 2M (or a mix like 4K,2M), got '${part}'`);
    }
    const w = weight === undefined ? 1 : Number(weight);
    if (!(w > 0)) throw new UsageError(`simulate: bad weight in --folio-size '${part}'`);
    return { bytes, weight: w };
  });
}

const MAX_INPUT_BYTES = 32 * 1024 * 1024;

async function readPatchFacts(file: string): Promise<PatchFacts> {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_INPUT_BYTES) throw new UsageError(`simulate: ${file} is larger than 32 MiB`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`simulate: cannot read ${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (bytes.includes(0)) throw new UsageError(`simulate: ${file} looks binary (NUL bytes); give a patch, mbox, reply or C file`);
  const parsed = parseDocument(bytes.toString('utf8'), basename(file));
  if (parsed.units.length === 0) throw new UsageError(`simulate: ${file} carries no C source the simulator can read`);
  const parser = await nodeCParser();
  return extractPatchFacts(parsed, (text) => parser.parse(text));
}
