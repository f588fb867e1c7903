import type { CostParams } from './costParams';
import { fittedCostParams } from './fittedParams';
import { isFolioSize } from './folioSource';
import type { BatchLimit, FolioSizeShare, MultiProviderPolicy, ProvenanceEntry, SimConfig } from './types';

export const STOCK_BATCH_PAGES = 512;
export const PATCH8_BATCH_PAGES = 262144;
export const DEFAULT_COUNT = 256;
export const MAX_FOLIOS = 64 * 1024 * 1024;

/** A configuration with every default filled in, and where each value came from. */
export interface ResolvedConfig {
  config: SimConfig;
  threads: number;
  channels: number;
  folioSizes: FolioSizeShare[];
  count: number | undefined;
  totalBytes: number | undefined;
  batchLimitPages: number;
  seed: number;
  policy: MultiProviderPolicy;
  eagainRate: number;
  params: CostParams;
  provenance: ProvenanceEntry[];
}

export function batchLimitPages(limit: BatchLimit): number {
  return limit === 'patch8' ? PATCH8_BATCH_PAGES : STOCK_BATCH_PAGES;
}

/** Fills defaults (as posted: 4 threads, 1 channel, 512-page batches) and validates ranges. */
export function resolveConfig(config: SimConfig): ResolvedConfig {
  const provenance: ProvenanceEntry[] = [];
  /** Settings the caller chose are neither document nor default, so only unset ones are listed. */
  const note = (what: string, value: unknown, given = false) => {
    if (!given) provenance.push({ what, value: String(value), from: 'default' });
  };
  const threads = config.threads ?? 4;
  const channels = config.channels ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new Error(`threads must be 1..64 (cpu_mt/threads), got ${threads}`);
  if (!Number.isInteger(channels) || channels < 1 || channels > 16) throw new Error(`channels must be 1..16 (dcbm/nr_dma_chan), got ${channels}`);
  const folioSizes = config.folioSizes ?? [{ bytes: 2 * 1024 * 1024, weight: 1 }];
  for (const s of folioSizes) if (!isFolioSize(s.bytes)) throw new Error(`folio size ${s.bytes} is not a power of two from 4K to 2M`);
  const seed = config.seed ?? 1;
  const policy = config.policy ?? (config.protocol === 'v3' ? 'last-wins' : 'first-wins');
  if (config.protocol === 'v3' && policy !== 'last-wins') throw new Error(`policy ${policy} needs the fixed protocol; V3 always replaces (last-wins)`);
  if (config.protocol === 'fixed' && policy === 'last-wins') throw new Error('the fixed protocol refuses a second migrator (first-wins) or chooses per batch (per-batch)');
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
  return {
    config,
    threads,
    channels,
    folioSizes,
    count,
    totalBytes: config.totalBytes,
    batchLimitPages: pages,
    seed,
    policy,
    eagainRate: config.eagainRate ?? 0.001,
    params: fittedCostParams,
    provenance,
  };
}
