/**
 * The cost model's parameters. Every one is a named hardware or software cost; there are no per-cell or
 * per-row terms. Units: GB/s (= bytes per ns) and ns.
 */
export interface CostParams {
  /** One CPU's copy bandwidth (folio_mc_copy / copy_mc_to_kernel across the sockets). */
  cpuCopyGBps: number;
  /** Aggregate bandwidth all copying CPUs can pull through the memory fabric. */
  cpuCeilingGBps: number;
  /** Per-folio metadata work on the migrating CPU (isolate, lock, refcount freeze, mapping move, LRU). */
  folioMetaNs: number;
  /** Per base page of a PTE-mapped folio (unmap one PTE, restore one migration entry). */
  pteNs: number;
  /** Per PMD-mapped (2 MiB) folio, instead of 512 PTEs. */
  pmdNs: number;
  /** Per batch of migrate_pages_batch(): list handling and the one TLB-flush IPI round. */
  batchNs: number;
  /** Cold cost of the first folio of a migrate_pages() call (destination allocation, cold caches). */
  warmupNs: number;
  /** Folios over which that cold cost decays (e-folding count). */
  warmupFolios: number;
  /** mtcopy: allocate, initialise and queue one work item. */
  mtWorkItemNs: number;
  /** mtcopy: wake-up latency of the flush_work() wait per batch. */
  mtCompletionNs: number;
  /** One DMA channel's bandwidth. */
  dmaChanGBps: number;
  /** One DMA engine's bandwidth, shared by its channels. */
  dmaEngineGBps: number;
  /** Topology: channels per DMA engine (PTDMA exposes channels in pairs). Not fitted. */
  channelsPerEngine: number;
  /** Aggregate bandwidth all DMA engines can pull through the memory fabric. */
  dmaCeilingGBps: number;
  /** dcbm per channel and batch: request/release the channel, allocate both SG tables, submit. */
  dmaChannelSetupNs: number;
  /** dcbm per SG entry on the CPU: fill src and dst entries and dma_map them (IOMMU). */
  dmaEntryNs: number;
  /** Per memcpy descriptor on the engine. */
  dmaDescNs: number;
  /**
   * Per 4 KiB page of a PTE-mapped folio on the engine: the IOMMU maps such folios with 4 KiB IOVA pages,
   * so the engine walks the IOTLB page by page; a 2 MiB folio is one huge IOVA mapping.
   */
  dmaPageNs: number;
  /** Completion interrupt and wake-up latency per batch. */
  dmaCompletionNs: number;
}

/** Keys the calibration fits (channelsPerEngine is topology, set from the hardware description). */
export const fittedKeys = [
  'cpuCopyGBps',
  'cpuCeilingGBps',
  'folioMetaNs',
  'pteNs',
  'pmdNs',
  'batchNs',
  'warmupNs',
  'warmupFolios',
  'mtWorkItemNs',
  'mtCompletionNs',
  'dmaChanGBps',
  'dmaEngineGBps',
  'dmaCeilingGBps',
  'dmaChannelSetupNs',
  'dmaEntryNs',
  'dmaDescNs',
  'dmaPageNs',
  'dmaCompletionNs',
] as const satisfies readonly (keyof CostParams)[];

/** Starting point of the fit: rough per-cost estimates read off table 1a and the Amdahl shares in c.1. */
export const initialCostParams: CostParams = {
  cpuCopyGBps: 12,
  cpuCeilingGBps: 46,
  folioMetaNs: 450,
  pteNs: 250,
  pmdNs: 14000,
  batchNs: 2000,
  warmupNs: 90000,
  warmupFolios: 16,
  mtWorkItemNs: 2000,
  mtCompletionNs: 10000,
  dmaChanGBps: 13.6,
  dmaEngineGBps: 16.4,
  channelsPerEngine: 2,
  dmaCeilingGBps: 110,
  dmaChannelSetupNs: 20000,
  dmaEntryNs: 50,
  dmaDescNs: 300,
  dmaPageNs: 300,
  dmaCompletionNs: 10000,
};

/**
 * Plausible ranges the fit must stay in. The 1 GB runs hardly constrain per-batch costs (patch 8 makes one
 * batch of the whole GB), yet the simulator also runs stock 512-page batches where they dominate, so
 * each such cost is kept within what the operation it names can take on this class of machine.
 */
export const paramBounds: Partial<Record<keyof CostParams, [number, number]>> = {
  batchNs: [1000, 20000],
  mtWorkItemNs: [500, 10000],
  mtCompletionNs: [2000, 50000],
  dmaChannelSetupNs: [5000, 50000],
  dmaEntryNs: [10, 1000],
  dmaCompletionNs: [2000, 50000],
  warmupFolios: [1, 256],
};
