import type { CostParams } from './costParams';

/** 4 KiB base pages; folios of 2 MiB are PMD-mapped, smaller ones PTE-mapped. */
export const PAGE_SIZE = 4096;
export const PMD_SIZE = 2 * 1024 * 1024;

/**
 * Sharpness of the bandwidth ceilings: lanes approach a shared ceiling smoothly (queueing in the fabric)
 * rather than hitting it as a hard min. A structural constant of the model, not a fitted one.
 */
const CEILING_SHARPNESS = 4;

/** Bandwidth of `lanes` parallel copiers of `perLane` GB/s each, under a shared `ceiling`. */
export function sharedBandwidth(perLane: number, lanes: number, ceiling: number): number {
  const raw = perLane * lanes;
  return Math.pow(Math.pow(raw, -CEILING_SHARPNESS) + Math.pow(ceiling, -CEILING_SHARPNESS), -1 / CEILING_SHARPNESS);
}

/** Per-folio metadata on the migrating CPU (unmap, prep, finalize together). */
export function folioMetaNs(p: CostParams, bytes: number): number {
  return p.folioMetaNs + (bytes >= PMD_SIZE ? p.pmdNs : (bytes / PAGE_SIZE) * p.pteNs);
}

/** Cold cost of folios [first, first + n) of a call: warmupNs * r^i summed, r = e^(-1/warmupFolios). */
export function warmupNs(p: CostParams, first: number, n: number): number {
  if (n <= 0 || p.warmupNs <= 0) return 0;
  const r = Math.exp(-1 / Math.max(p.warmupFolios, 1e-6));
  return (p.warmupNs * Math.pow(r, first) * (1 - Math.pow(r, n))) / (1 - r);
}

/** One CPU copying `bytes` (folio_mc_copy, the serial fallback, the vanilla path). */
export function cpuCopyNs(p: CostParams, bytes: number): number {
  return bytes / sharedBandwidth(p.cpuCopyGBps, 1, p.cpuCeilingGBps);
}

/**
 * mtcopy batch: queue the items, the slowest item's copy under the shared ceiling, then the completion
 * wait. Items on one CCD share what one core can push to the other node (`perCcd`: items per CCD id):
 * the model assumes one core already saturates its CCD's path for a cross-node copy (an assumption; the
 * V3 tables, all run spread, cannot tell).
 */
export function mtcopyNs(p: CostParams, items: number, maxItemBytes: number, totalBytes: number, perCcd?: readonly number[]): number {
  if (items === 0) return 0;
  const aggregate = sharedBandwidth(p.cpuCopyGBps, items, p.cpuCeilingGBps);
  let copy = Math.max(maxItemBytes / p.cpuCopyGBps, totalBytes / aggregate);
  if (perCcd) {
    let crowded = 0;
    for (const n of perCcd) if (n !== undefined && n > crowded) crowded = n;
    copy = Math.max(copy, (crowded * maxItemBytes) / p.cpuCopyGBps);
  }
  return items * p.mtWorkItemNs + copy + p.mtCompletionNs;
}

/** Per-channel load of one dcbm batch. */
export interface ChannelLoad {
  bytes: number;
  entries: number;
  /** 4 KiB pages of PTE-mapped folios on this channel (IOTLB walks). */
  ptePages: number;
}

/** dcbm batch: CPU-side setup of every channel and entry, the engines' transfer, one completion. */
export function dcbmNs(p: CostParams, loads: readonly ChannelLoad[]): { setupNs: number; transferNs: number; completionNs: number } {
  let entries = 0;
  let total = 0;
  for (const load of loads) {
    entries += load.entries;
    total += load.bytes;
  }
  const setupNs = loads.length * p.dmaChannelSetupNs + entries * p.dmaEntryNs;
  return { setupNs, transferNs: dmaTransferNs(p, loads, total), completionNs: loads.length > 0 ? p.dmaCompletionNs : 0 };
}

/** Longest channel, where channels on one engine share its bandwidth and all engines share the fabric. */
export function dmaTransferNs(p: CostParams, loads: readonly ChannelLoad[], totalBytes: number): number {
  if (loads.length === 0) return 0;
  const perEngine = Math.max(1, Math.round(p.channelsPerEngine));
  let slowest = 0;
  for (let first = 0; first < loads.length; first += perEngine) {
    const group = loads.slice(first, first + perEngine);
    const engineBytes = group.reduce((sum, load) => sum + load.bytes, 0);
    const share = sharedBandwidth(p.dmaChanGBps, group.length, p.dmaEngineGBps);
    for (const load of group) {
      const own = load.bytes / p.dmaChanGBps + load.entries * p.dmaDescNs + load.ptePages * p.dmaPageNs;
      slowest = Math.max(slowest, own, engineBytes / share);
    }
  }
  const engines = Math.ceil(loads.length / perEngine);
  return Math.max(slowest, totalBytes / sharedBandwidth(p.dmaEngineGBps, engines, p.dmaCeilingGBps));
}
