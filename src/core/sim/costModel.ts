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
  /**
   * Memcpy descriptors the channel runs: one per *mapped* SG entry. Behind the IOMMU, dma_map_sgtable()
   * merges IOVA-contiguous entries up to the device's max segment size (64 KiB for PTDMA, the PCI default),
   * so 4K..64K folios share descriptors; V2's per-folio dma_map_page() gave one descriptor per folio.
   */
  descriptors: number;
  /** Folios in the channel's last descriptor: the one that carries dcbm's completion callback. */
  lastDescriptorFolios: number;
}

/**
 * V2's setup per folio against V3's per SG entry: the V3 cover letter says replacing V2's per-folio
 * dma_map_page() by one dma_map_sgtable() per channel gave "order of magnitude" lower setup time for large
 * batches, most visible at 4 KB (series notes c.1). A factor read from the source, not fitted.
 */
export const V2_SETUP_FACTOR = 10;

/**
 * dcbm batch: CPU-side setup of every channel and entry, the engines' transfer, one completion. V2's dcbm
 * (`perFolio`) mapped each folio on its own (setup V2_SETUP_FACTOR times V3's per entry) and so gave the
 * engine one descriptor per folio (its loads come from dcbmPlan(..., merge = false)); V3 maps one SG
 * table per channel, which the IOMMU merges into 64 KiB segments.
 */
export function dcbmNs(p: CostParams, loads: readonly ChannelLoad[], perFolio = false): { setupNs: number; transferNs: number; completionNs: number } {
  let entries = 0;
  let total = 0;
  for (const load of loads) {
    entries += load.entries;
    total += load.bytes;
  }
  const setupNs = loads.length * p.dmaChannelSetupNs + entries * p.dmaEntryNs * (perFolio ? V2_SETUP_FACTOR : 1);
  return { setupNs, transferNs: dmaTransferNs(p, loads, total), completionNs: loads.length > 0 ? p.dmaCompletionNs : 0 };
}

/**
 * One channel's own time for its load: its bytes, a walk per 4 KiB page of PTE-mapped folios, and a round
 * trip per descriptor (PTDMA runs one descriptor at a time and starts the next from the completion). The
 * IOMMU's merging of small folios into 64 KiB segments is what lets the V3 cells tell the per-descriptor
 * cost from the per-page one.
 */
export function channelNs(p: CostParams, load: ChannelLoad): number {
  return load.bytes / p.dmaChanGBps + load.ptePages * p.dmaPageNs + load.descriptors * p.dmaDescNs;
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
