// offload-review simulate: run a simulator scenario (or print the calibration) from the command line.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from '../../core/patch/index';
import {
  calibrationTable,
  extractPatchFacts,
  fitCostModel,
  formatCalibrationReport,
  formatIntervals,
  multiStartRanges,
  parameterIntervals,
  withStartRanges,
  formatSummary,
  injectPoints,
  listDefects,
  MAX_DMA_CHANNELS,
  MAX_MT_THREADS,
  PATCH8_BATCH_PAGES,
  parseByteSize,
  runScenario,
  scenarioNames,
  type BuildKind,
  type CpuSelect,
  type InjectPoint,
  type MigrateMode,
  type MigrationReason,
  type MultiProviderPolicy,
  type PatchFacts,
  type Protocol,
  type ProviderKind,
  type ScenarioName,
  type SimConfig,
} from '../../core/sim/index';
import { nodeCParser } from '../../node/assets';
import { usePatchCode } from '../../node/usePatchCode';
import { UsageError, type CliIo } from '../io';

const USAGE =
  'usage: offload-review simulate [--scenario NAME] [--protocol v3|v4|v5|v6|fixed] [--provider kernel|mtcopy|dcbm] [--threads N] [--channels N] ' +
  '[--batch-limit stock|patch8|N] [--cpuselect fill|spread] [--inject POINT:P,…] [--folio-size 4K|…|2M] [--count N | --total 64G] [--seed N] [--json] [PATCH_OR_C_FILE]' +
  '  |  simulate --calibration [--fit] [--json]  |  simulate --list-defects [--json]';

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
  '--cpuselect',
  '--inject',
  '--cpus',
  '--reason',
  '--mode',
  '--build',
  '--use-patch-code',
] as const;
const FLAGS = ['--json', '--calibration', '--fit', '--list-defects'] as const;

type ValueOption = (typeof VALUE_OPTIONS)[number];
type Flag = (typeof FLAGS)[number];

interface SimulateArgs {
  values: Map<ValueOption, string>;
  flags: Set<Flag>;
  file: string | undefined;
}

/** Exit codes: 0 the run completed and every invariant held; 1 an invariant was violated; 2 bad usage. */
export async function runSimulate(args: string[], io: CliIo): Promise<number> {
  const parsed = parseSimulateArgs(args);
  if (parsed.flags.has('--calibration')) return printCalibration(parsed, io);
  if (parsed.flags.has('--list-defects')) return printDefects(parsed, io);
  const config = await buildConfig(parsed);
  let result;
  try {
    result = runScenario(config);
  } catch (error) {
    throw new UsageError(`simulate: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
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
  const ranges = params ? multiStartRanges(params) : undefined;
  const intervals = params ? withStartRanges(parameterIntervals(params), ranges!) : undefined;
  if (args.flags.has('--json')) {
    const out = rows.map(({ table, version, split, provider, lanes, cpuselect, folioSize, folioCount, publishedGBps, publishedSD, modelGBps, residual, withinBand, anchoredGBps, anchoredWithinBand, reference }) => ({
      table,
      version,
      split,
      provider,
      lanes,
      ...(cpuselect !== undefined ? { cpuselect } : {}),
      folioSize,
      ...(folioCount !== undefined ? { folioCount } : {}),
      batchLimit: 'patch8',
      publishedGBps,
      publishedSD,
      modelGBps: Number(modelGBps.toFixed(3)),
      residual: Number(residual.toFixed(4)),
      withinBand,
      ...(anchoredGBps !== undefined ? { anchoredGBps: Number(anchoredGBps.toFixed(3)), anchoredWithinBand } : {}),
      ...(reference ? { reference } : {}),
    }));
    const { cells, withinBand, share, holdoutCells, holdoutWithinBand, holdoutShare, meetsCriterion, meanAbsResidual, breakdown, holdoutModelledCells, holdoutModelledWithinBand, holdoutGaps, impliedCosts, holdoutAnchored } = summary;
    io.out(
      JSON.stringify(
        { rows: out, summary: { cells, withinBand, share, holdoutCells, holdoutWithinBand, holdoutShare, meetsCriterion, meanAbsResidual, breakdown, holdoutModelledCells, holdoutModelledWithinBand, holdoutGaps, impliedCosts, holdoutAnchored }, ...(params ? { params, intervals } : {}) },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.out(formatCalibrationReport(params) + '\n' + (intervals ? formatIntervals(intervals) + '\n' : ''));
  }
  return summary.meetsCriterion ? 0 : 1;
}

function printDefects(args: SimulateArgs, io: CliIo): number {
  const defects = listDefects();
  if (args.flags.has('--json')) {
    io.out(JSON.stringify({ defects }, null, 2) + '\n');
    return 0;
  }
  const reproduced = defects.filter((d) => d.reproduced).length;
  const lines = [`defects of series notes (e): ${reproduced} of ${defects.length} reproduced as invariant violations under V3`];
  for (const d of defects) {
    const versions = Object.entries(d.versions).map(([g, o]) => `${g} ${o}`).join(', ');
    lines.push(`  ${String(d.id).padStart(2)}. ${d.title}`);
    lines.push(d.reason ? `      not expressible: ${d.reason}` : `      ${d.scenario} / ${d.invariant}: ${versions}`);
  }
  io.out(lines.join('\n') + '\n');
  return 0;
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
  // Bare `simulate` is a usage question; with options the scenario defaults to plain (the issue's own
  // cover-letter command names none).
  if (v.size === 0 && args.file === undefined) throw new UsageError(`simulate: give --scenario NAME (default plain with other options), --calibration or --list-defects; ${USAGE}`);
  if (v.has('--count') && v.has('--total')) throw new UsageError('simulate: give --count or --total, not both');
  const providers: ProviderKind[] = ['kernel', 'mtcopy', 'dcbm'];
  const config: SimConfig = {
    scenario: oneOf<ScenarioName>('--scenario', v.get('--scenario'), scenarioNames, 'plain'),
    protocol: oneOf<Protocol>('--protocol', v.get('--protocol'), ['v3', 'v4', 'v5', 'v6', 'fixed'], 'v3'),
    provider: oneOf<ProviderKind>('--provider', v.get('--provider'), providers, 'dcbm'),
  };
  if (config.provider === 'mtcopy' && config.protocol !== 'v3') throw new UsageError(`simulate: mtcopy is not in the ${config.protocol === 'fixed' ? 'V6' : config.protocol.toUpperCase()} series (it left in V4); use --protocol v3, or --provider dcbm|kernel`);
  const threads = kernelLimit('--threads', v.get('--threads'), 1, MAX_MT_THREADS, 'cpu_mt/threads: patch 9 lowers MAX_NUM_COPY_THREADS to 32');
  const channels = kernelLimit('--channels', v.get('--channels'), 1, MAX_DMA_CHANNELS, 'dcbm/nr_dma_chan: MAX_DMA_CHANNELS is 16');
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
  if (v.has('--batch-limit')) config.batchLimit = parseBatchLimit(v.get('--batch-limit')!);
  if (v.has('--cpuselect')) config.cpuselect = oneOf<CpuSelect>('--cpuselect', v.get('--cpuselect'), ['fill', 'spread'], 'spread');
  if (v.has('--inject')) config.faults = { transient: [], persistent: [], points: parseInject(v.get('--inject')!) };
  const cpus = integer('--cpus', v.get('--cpus'), 1, 128);
  if (cpus !== undefined) config.topology = { nodes: 2, ccdsPerNode: 4, coresPerCcd: 8, smt: 2, online: cpus };
  if (v.has('--reason')) config.reason = oneOf<MigrationReason>('--reason', v.get('--reason'), ['syscall', 'compaction', 'numa-balancing', 'demotion'], 'syscall');
  if (v.has('--mode')) config.mode = oneOf<MigrateMode>('--mode', v.get('--mode'), ['async', 'sync-light', 'sync'], 'sync');
  if (v.has('--build')) config.build = oneOf<BuildKind>('--build', v.get('--build'), ['builtin', 'module'], 'module');
  if (v.has('--policy')) config.policy = oneOf<MultiProviderPolicy>('--policy', v.get('--policy'), ['last-wins', 'first-wins', 'per-batch'], 'last-wins');
  if (v.has('--providers')) config.providers = v.get('--providers')!.split(',').map((p) => oneOf<ProviderKind>('--providers', p.trim(), providers, 'kernel'));
  if (args.file !== undefined) config.patchFacts = await readPatchFacts(args.file);
  if (v.has('--use-patch-code')) await usePatchCode(v.get('--use-patch-code')!, config);
  return config;
}

/** A value the kernel itself bounds: the error names the limit and where it comes from. */
function kernelLimit(name: string, value: string | undefined, min: number, max: number, why: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`simulate: ${name} must be an integer from ${min} to ${max}, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`simulate: ${name} ${value} is outside ${min}..${max} (${why})`);
  return n;
}

/** stock (HPAGE_PMD_NR = 512), patch8 (HPAGE_PUD_NR = 262144) or N base pages. */
function parseBatchLimit(text: string): SimConfig['batchLimit'] {
  if (text === 'stock' || text === 'patch8') return text;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > PATCH8_BATCH_PAGES) {
    throw new UsageError(`simulate: --batch-limit takes stock, patch8 or 1..${PATCH8_BATCH_PAGES} base pages (HPAGE_PUD_NR), got '${text}'`);
  }
  return Number(text);
}

/** "timeout:0.5,enomem:1": each point fails with that probability per pass. */
function parseInject(text: string): Partial<Record<InjectPoint, number>> {
  const points: Partial<Record<InjectPoint, number>> = {};
  for (const part of text.split(',')) {
    const [name, p] = part.split(':', 2) as [string, string | undefined];
    if (!(injectPoints as readonly string[]).includes(name)) throw new UsageError(`simulate: --inject point '${name}' is not one of ${injectPoints.join(', ')}`);
    const prob = p === undefined ? 1 : Number(p);
    if (p !== undefined && !/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(p)) throw new UsageError(`simulate: --inject ${name}: probability must be 0..1, got '${p}'`);
    points[name as InjectPoint] = prob;
  }
  return points;
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
