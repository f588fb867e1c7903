import type { CostParams } from './costParams';

/** 4 KiB base pages; folios of 2 MiB are PMD-mapped, smaller ones PTE-mapped. */
export const PAGE_SIZE = 4096;
export const PMD_SIZE = 2 * 1024 * 1024;

/**
 * Bandwidth of `lanes` parallel copiers of `perLane` GB/s each, under a shared `ceiling`: a soft minimum
 * (lanes approach the ceiling smoothly, as queueing in the fabric does) whose sharpness is fitted.
 */
export function sharedBandwidth(perLane: number, lanes: number, ceiling: number, sharpness: number): number {
  const raw = perLane * lanes;
  return Math.pow(Math.pow(raw, -sharpness) + Math.pow(ceiling, -sharpness), -1 / sharpness);
}

/** Per-folio metadata on the migrating CPU (unmap, prep, finalize together). */
export function folioMetaNs(p: CostParams, bytes: number): number {
  return p.folioMetaNs + (bytes >= PMD_SIZE ? p.pmdNs : (bytes / PAGE_SIZE) * p.pteNs);
}

/** Cold cost of folios [first, first + n) of a call: the whole of it lands on folio 0. */
export function warmupNs(p: CostParams, first: number, n: number): number {
  return first === 0 && n > 0 ? p.warmupNs : 0;
}

/** One CPU copying `bytes` (folio_mc_copy, the serial fallback, the vanilla path). */
export function cpuCopyNs(p: CostParams, bytes: number): number {
  return bytes / sharedBandwidth(p.cpuCopyGBps, 1, p.cpuCeilingGBps, p.ceilingSharpness);
}

/**
 * mtcopy batch: queue the items, the slowest item's copy under the shared ceiling, then the completion
 * wait. Items on one CCD share what one core can push to the other node (`perCcd`: items per CCD id):
 * the model assumes one core already saturates its CCD's path for a cross-node copy (an assumption; the
 * V3 tables, all run spread, cannot tell).
 */
export function mtcopyNs(p: CostParams, items: number, maxItemBytes: number, totalBytes: number, perCcd?: readonly number[]): number {
  if (items === 0) return 0;
  const aggregate = sharedBandwidth(p.cpuCopyGBps, items, p.cpuCeilingGBps, p.ceilingSharpness);
  let copy = Math.max(maxItemBytes / p.cpuCopyGBps, totalBytes / aggregate);
  if (perCcd) {
    let crowded = 0;
    for (const n of perCcd) if (n !== undefined && n > crowded) crowded = n;
    copy = Math.max(copy, (crowded * maxItemBytes) / p.cpuCopyGBps);
  }
  return copy + p.dmaCompletionNs;
}

/** Per-channel load of one dcbm batch. */
export interface ChannelLoad {
  bytes: number;
  entries: number;
  /** 4 KiB pages of PTE-mapped folios on this channel (IOTLB walks). */
  ptePages: number;
}

/**
 * dcbm batch: CPU-side setup of every channel and entry, the engines' transfer, one completion. V2's dcbm
 * (`perFolio`) mapped each folio with its own dma_map_page() for src and for dst (twice the mapping work
 * of one shared SG entry); V3 maps one SG table per channel (series notes c.1). V2 also took an interrupt
 * per descriptor, which no V3 parameter measures: that part of V2's cost is not modelled.
 */
export function dcbmNs(p: CostParams, loads: readonly ChannelLoad[], perFolio = false): { setupNs: number; transferNs: number; completionNs: number } {
  let entries = 0;
  let total = 0;
  for (const load of loads) {
    entries += load.entries;
    total += load.bytes;
  }
  const setupNs = loads.length * p.dmaChannelSetupNs + entries * p.dmaEntryNs * (perFolio ? 2 : 1);
  return { setupNs, transferNs: dmaTransferNs(p, loads, total), completionNs: loads.length > 0 ? p.dmaCompletionNs : 0 };
}

/**
 * One channel's own time for its load: its bytes, and a walk per 4 KiB page of PTE-mapped folios (a
 * separate per-descriptor cost was removed: for 4K folios it is the same as the per-page cost, and no
 * cell tells them apart).
 */
export function channelNs(p: CostParams, load: ChannelLoad): number {
  return load.bytes / p.dmaChanGBps + load.ptePages * p.dmaPageNs;
}

/** Longest channel, where the channels of one group share its path and all groups share the fabric. */
export function dmaTransferNs(p: CostParams, loads: readonly ChannelLoad[], totalBytes: number): number {
  if (loads.length === 0) return 0;
  const perEngine = Math.max(1, Math.round(p.channelsPerEngine));
  let slowest = 0;
  for (let first = 0; first < loads.length; first += perEngine) {
    const last = Math.min(loads.length, first + perEngine);
    let engineBytes = 0;
    for (let c = first; c < last; c++) engineBytes += loads[c]!.bytes;
    const share = sharedBandwidth(p.dmaChanGBps, last - first, p.dmaEngineGBps, p.ceilingSharpness);
    for (let c = first; c < last; c++) slowest = Math.max(slowest, channelNs(p, loads[c]!), engineBytes / share);
  }
  const engines = Math.ceil(loads.length / perEngine);
  return Math.max(slowest, totalBytes / sharedBandwidth(p.dmaEngineGBps, engines, p.dmaCeilingGBps, p.ceilingSharpness));
}
