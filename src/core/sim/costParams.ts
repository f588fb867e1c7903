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
  /**
   * Cold cost of a migrate_pages() call, paid on its first folio (destination allocation, cold caches).
   * A decay over the following folios was tried and removed: no V3 cell can tell its length.
   */
  warmupNs: number;
  /** One DMA channel's bandwidth. */
  dmaChanGBps: number;
  /** Bandwidth of the path a group of channels shares (`channelsPerEngine` channels per group). */
  dmaEngineGBps: number;
  /**
   * Channels that share one path. PTDMA itself registers one channel per PCI device (drivers/dma/ptdma/
   * ptdma.h: MAX_HW_QUEUES 1), but table 1c at 2M (1 -> 2 channels +14 %, 2 -> 4 +89 %) shows channels
   * sharing bandwidth in pairs; the fit chooses among 1, 2 and 4 (a whole number, searched, not descended).
   */
  channelsPerEngine: number;
  /** Aggregate bandwidth all DMA engines can pull through the memory fabric. */
  dmaCeilingGBps: number;
  /** dcbm per channel and batch: request/release the channel, allocate both SG tables, submit. */
  dmaChannelSetupNs: number;
  /** dcbm per SG entry on the CPU: fill src and dst entries and dma_map them (IOMMU). */
  dmaEntryNs: number;
  /**
   * Per 4 KiB page of a PTE-mapped folio on the engine: the IOMMU maps such folios with 4 KiB IOVA pages,
   * so the engine walks the IOTLB page by page; a 2 MiB folio is one huge IOVA mapping.
   */
  dmaPageNs: number;
  /**
   * Per memcpy descriptor on its channel: PTDMA hands the engine one descriptor at a time and starts the
   * next from the completion its queue interrupt runs (drivers/dma/ptdma: pt_cmd_callback() ->
   * pt_dma_start_desc()), so each descriptor costs a round trip on top of its bytes.
   */
  dmaDescNs: number;
  /**
   * Completion and wake-up of the migrating thread per batch: dcbm's wait_for_completion_timeout() after
   * the DMA interrupt, and mtcopy's flush_work() on its work items (the same scheduler wake-up path, so one
   * parameter; mtcopy's own per-work-item cost was removed, no V3 cell can tell it).
   */
  dmaCompletionNs: number;
  /** How sharply parallel copiers meet a shared ceiling (soft minimum exponent): queueing in the fabric. */
  ceilingSharpness: number;
}

/** Keys the calibration fits. */
export const fittedKeys = [
  'cpuCopyGBps',
  'cpuCeilingGBps',
  'folioMetaNs',
  'pteNs',
  'pmdNs',
  'warmupNs',
  'dmaChanGBps',
  'dmaEngineGBps',
  'dmaCeilingGBps',
  'dmaChannelSetupNs',
  'dmaEntryNs',
  'dmaPageNs',
  'dmaDescNs',
  'dmaCompletionNs',
  'ceilingSharpness',
] as const satisfies readonly (keyof CostParams)[];

/** Starting point of the fit: rough per-cost estimates read off table 1a and the Amdahl shares in c.1. */
export const initialCostParams: CostParams = {
  cpuCopyGBps: 12,
  cpuCeilingGBps: 46,
  folioMetaNs: 450,
  pteNs: 250,
  pmdNs: 14000,
  warmupNs: 90000,
  dmaChanGBps: 13.6,
  dmaEngineGBps: 16.4,
  channelsPerEngine: 2,
  dmaCeilingGBps: 110,
  dmaChannelSetupNs: 20000,
  dmaEntryNs: 50,
  dmaPageNs: 300,
  dmaDescNs: 3000, // a few µs: one interrupt round trip per descriptor; the fit moves it (2.2–6.6 µs from scaled starts)
  dmaCompletionNs: 10000,
  ceilingSharpness: 4,
};

/**
 * Plausible ranges the fit must stay in. The 1 GB runs hardly constrain per-batch costs (patch 8 makes one
 * batch of the whole GB), yet the simulator also runs stock 512-page batches where they dominate, so
 * each such cost is kept within what the operation it names can take on this class of machine.
 */
export const paramBounds: Partial<Record<keyof CostParams, [number, number]>> = {
  dmaChannelSetupNs: [5000, 50000],
  dmaEntryNs: [10, 1000],
  dmaDescNs: [100, 50000],
  dmaCompletionNs: [2000, 50000],
  ceilingSharpness: [1, 16],
};
