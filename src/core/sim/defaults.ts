import type { CostParams } from './costParams';
import { fittedCostParams } from './fittedParams';
import { isFolioSize } from './folioSource';
import { defaultTopology, validateTopology } from './topology';
import type { BatchLimit, BuildKind, CpuSelect, FolioSizeShare, Generation, InjectPoint, MigrateMode, MigrationReason, MultiProviderPolicy, Protocol, ProvenanceEntry, SimConfig, Topology } from './types';
import { injectPoints } from './types';

export const STOCK_BATCH_PAGES = 512;
export const PATCH8_BATCH_PAGES = 262144;
export const DEFAULT_COUNT = 256;
export const MAX_FOLIOS = 64 * 1024 * 1024;
/** patch 9's MAX_NUM_COPY_THREADS (64 before it); sysfs cpu_mt/threads refuses anything above. */
export const MAX_MT_THREADS = 32;
/** dcbm's MAX_DMA_CHANNELS; sysfs dcbm/nr_dma_chan takes 1..16. */
export const MAX_DMA_CHANNELS = 16;

/** 'fixed' is the CLI's older name of the V6 design. */
export function generationOf(protocol: Protocol): Generation {
  return protocol === 'fixed' ? 'v6' : protocol;
}

/** Providers each generation's series carries: mtcopy left the series in V4 (series notes d, V4 changelog). */
export function providersOf(generation: Generation): readonly ('mtcopy' | 'dcbm')[] {
  return generation === 'v3' ? ['mtcopy', 'dcbm'] : ['dcbm'];
}

/** A configuration with every default filled in, and where each value came from. */
export interface ResolvedConfig {
  config: SimConfig;
  generation: Generation;
  threads: number;
  channels: number;
  folioSizes: FolioSizeShare[];
  count: number | undefined;
  totalBytes: number | undefined;
  batchLimitPages: number;
  seed: number;
  policy: MultiProviderPolicy;
  eagainRate: number;
  cpuselect: CpuSelect;
  topology: Required<Topology>;
  reason: MigrationReason;
  mode: MigrateMode;
  movableOpsShare: number;
  modeSensitiveShare: number;
  build: BuildKind;
  debugVm: boolean;
  is64bit: boolean;
  inject: Partial<Record<InjectPoint, number>>;
  params: CostParams;
  provenance: ProvenanceEntry[];
}

export function batchLimitPages(limit: BatchLimit): number {
  if (typeof limit === 'number') return limit;
  return limit === 'patch8' ? PATCH8_BATCH_PAGES : STOCK_BATCH_PAGES;
}

function share(name: string, value: number | undefined): number {
  const v = value ?? 0;
  if (!(v >= 0 && v <= 1)) throw new Error(`${name} must be a share from 0 to 1, got ${value}`);
  return v;
}

/** Fills defaults (as posted: 4 threads, 1 channel, 512-page batches) and validates ranges. */
export function resolveConfig(config: SimConfig): ResolvedConfig {
  const provenance: ProvenanceEntry[] = [];
  /** Settings the caller chose are neither document nor default, so only unset ones are listed. */
  const note = (what: string, value: unknown, given = false) => {
    if (!given) provenance.push({ what, value: String(value), from: 'default' });
  };
  const generation = generationOf(config.protocol);
  if (!['v3', 'v4', 'v5', 'v6'].includes(generation)) throw new Error(`protocol must be v3, v4, v5, v6 or fixed, got ${String(config.protocol)}`);
  const threads = config.threads ?? 4;
  const channels = config.channels ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_MT_THREADS) throw new Error(`threads must be 1..${MAX_MT_THREADS} (cpu_mt/threads; patch 9 lowers MAX_NUM_COPY_THREADS to 32), got ${threads}`);
  if (!Number.isInteger(channels) || channels < 1 || channels > MAX_DMA_CHANNELS) throw new Error(`channels must be 1..${MAX_DMA_CHANNELS} (dcbm/nr_dma_chan), got ${channels}`);
  if (config.provider === 'mtcopy' && !providersOf(generation).includes('mtcopy')) throw new Error(`mtcopy is not in the ${generation.toUpperCase()} series (it left in V4); use --protocol v3 or --provider dcbm|kernel`);
  if (typeof config.batchLimit === 'number' && (!Number.isInteger(config.batchLimit) || config.batchLimit < 1 || config.batchLimit > PATCH8_BATCH_PAGES)) {
    throw new Error(`batch limit must be 1..${PATCH8_BATCH_PAGES} base pages (HPAGE_PUD_NR), got ${config.batchLimit}`);
  }
  const topology = validateTopology(config.topology ?? defaultTopology);
  const inject = config.faults?.points ?? {};
  for (const [point, p] of Object.entries(inject)) {
    if (!(injectPoints as readonly string[]).includes(point)) throw new Error(`unknown fault point ${point} (one of ${injectPoints.join(', ')})`);
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new Error(`fault point ${point}: probability must be 0..1, got ${p}`);
  }
  const folioSizes = config.folioSizes ?? [{ bytes: 2 * 1024 * 1024, weight: 1 }];
  for (const s of folioSizes) if (!isFolioSize(s.bytes)) throw new Error(`folio size ${s.bytes} is not a power of two from 4K to 2M`);
  const seed = config.seed ?? 1;
  const policy = config.policy ?? (generation === 'v3' ? 'last-wins' : 'first-wins');
  if (generation === 'v3' && policy !== 'last-wins') throw new Error(`policy ${policy} needs V4 or later (--protocol v4|v5|v6|fixed); V3 always replaces (last-wins)`);
  if (generation !== 'v3' && policy === 'last-wins') throw new Error(`the ${generation.toUpperCase()} protocol refuses a second migrator (first-wins) or chooses per batch (per-batch)`);
  const count = config.totalBytes === undefined ? (config.count ?? DEFAULT_COUNT) : undefined;
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > MAX_FOLIOS)) throw new Error(`count must be 1..${MAX_FOLIOS}, got ${count}`);
  if (config.totalBytes !== undefined && !(config.totalBytes > 0)) throw new Error('total bytes must be positive');
  const facts = config.patchFacts;
  const limitFact = facts?.batchLimit?.value.basePages;
  const pages = config.batchLimit !== undefined ? batchLimitPages(config.batchLimit) : (limitFact ?? STOCK_BATCH_PAGES);
  if (config.batchLimit === undefined) {
    const fromDocument = limitFact !== undefined && facts?.batchLimit !== undefined;
    provenance.push({ what: 'NR_MAX_BATCHED_MIGRATION', value: `${pages} base pages`, from: fromDocument ? 'document' : 'default', ...(fromDocument ? { source: facts.batchLimit!.source } : {}) });
  }
  note('mtcopy threads', threads, config.threads !== undefined);
  note('dcbm channels', channels, config.channels !== undefined);
  note('multi-provider policy', policy, config.policy !== undefined);
  note('cost model', 'fitted to the V3 cover letter tables (calibration)');
  const cpuselect = config.cpuselect ?? 'spread';
  note('mtcopy cpuselect', cpuselect, config.cpuselect !== undefined);
  note('topology', `${topology.nodes} nodes x ${topology.ccdsPerNode} CCDs x ${topology.coresPerCcd} cores x SMT ${topology.smt}, ${topology.online} online`, config.topology !== undefined);
  const reason = config.reason ?? 'syscall';
  const mode = config.mode ?? (reason === 'syscall' ? 'sync' : 'async');
  note('migration reason / mode', `${reason} / ${mode}`, config.reason !== undefined);
  if (generation !== 'v3' && (config.providers?.includes('mtcopy') || ['stop-by-inactive', 'shared-rcu-head', 'switch-in-flight'].includes(config.scenario))) {
    provenance.push({ what: 'second migrator', value: `mtcopy is not in the ${generation.toUpperCase()} series; it stands in as an out-of-tree module ported to that generation's API`, from: 'default' });
  }
  const build = config.build ?? 'module';
  note('provider build', build === 'module' ? 'module (=m, owner = THIS_MODULE)' : 'built in (=y, owner NULL)', config.build !== undefined);
  return {
    config,
    generation,
    cpuselect,
    topology,
    reason,
    mode,
    movableOpsShare: share('movable_ops share', config.movableOpsShare),
    modeSensitiveShare: share('mode-sensitive share', config.modeSensitiveShare),
    build,
    debugVm: config.debugVm ?? false,
    is64bit: config.is64bit ?? true,
    inject,
    threads,
    channels,
    folioSizes,
    count,
    totalBytes: config.totalBytes,
    batchLimitPages: pages,
    seed,
    policy,
    eagainRate: inject.eagain ?? config.eagainRate ?? 0.001,
    params: fittedCostParams,
    provenance,
  };
}
