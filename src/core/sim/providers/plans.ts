import { PAGE_SIZE, PMD_SIZE, type ChannelLoad } from '../costModel';

/** How mtcopy's copy_page_lists_mt() shares a batch among its work items (patch 6). */
export interface MtcopyPlan {
  items: number;
  itemBytes: number[];
  /** Folios of the list on each item (contiguous runs) or, when chunked, every folio on every item. */
  chunked: boolean;
  /** Bytes of each chunk-split folio that no item copies (V3 drops the remainder of size / threads). */
  droppedPerFolio: (bytes: number) => number;
  maxItemBytes: number;
}

/**
 * Fewer folios than threads: every folio is cut into `threads` chunks of floor(size / threads) bytes; V3
 * copies nothing past threads * chunk, the fixed variant gives the remainder to the last item.
 * Otherwise whole folios go out in contiguous runs, the first n % threads items taking one extra.
 */
export function mtcopyPlan(sizes: ArrayLike<number>, idx: ArrayLike<number>, n: number, threads: number, dropRemainder: boolean): MtcopyPlan {
  const items = Math.max(1, threads);
  const itemBytes = new Array<number>(items).fill(0);
  if (n < items) {
    let remainders = 0;
    for (let j = 0; j < n; j++) {
      const size = sizes[idx[j]!]!;
      const chunk = Math.floor(size / items);
      for (let w = 0; w < items; w++) itemBytes[w]! += chunk;
      remainders += size - chunk * items;
    }
    if (!dropRemainder) itemBytes[items - 1]! += remainders;
    const droppedPerFolio = (size: number) => (dropRemainder ? size - Math.floor(size / items) * items : 0);
    return { items, itemBytes, chunked: true, droppedPerFolio, maxItemBytes: Math.max(...itemBytes) };
  }
  const per = Math.floor(n / items);
  const extra = n % items;
  let j = 0;
  for (let w = 0; w < items; w++) {
    const take = per + (w < extra ? 1 : 0);
    for (let t = 0; t < take; t++, j++) itemBytes[w]! += sizes[idx[j]!]!;
  }
  return { items, itemBytes, chunked: false, droppedPerFolio: () => 0, maxItemBytes: Math.max(...itemBytes) };
}

/** dcbm's channel count for a batch: min(nr_dma_chan, nr_folios, MAX_DMA_CHANNELS = 16). */
export function dcbmChannels(requested: number, folios: number): number {
  return Math.max(0, Math.min(requested, folios, 16));
}

/**
 * dma_get_max_seg_size() of a PCI device that sets none (PTDMA does not): drivers/pci/probe.c sets 65536,
 * include/linux/dma-mapping.h falls back to SZ_64K.
 */
export const MAX_SEG_BYTES = 64 * 1024;

/**
 * dcbm divides the batch's folios evenly over its channels, one SG entry per folio (patch 7). The mapped
 * table has fewer entries: iommu_dma_map_sg() lays the entries out back to back in one IOVA range and
 * __finalise_sg() (drivers/iommu/dma-iommu.c) concatenates page-aligned ones while the result stays within
 * the max segment size; dcbm preps one memcpy per mapped entry (series notes a 7/9, e.10). `merge` false is
 * V2's per-folio dma_map_page(): one descriptor per folio.
 */
export function dcbmPlan(sizes: ArrayLike<number>, idx: ArrayLike<number>, n: number, requested: number, merge = true): ChannelLoad[] {
  const channels = dcbmChannels(requested, n);
  const loads: ChannelLoad[] = [];
  if (channels === 0) return loads;
  const per = Math.floor(n / channels);
  const extra = n % channels;
  let j = 0;
  for (let c = 0; c < channels; c++) {
    const take = per + (c < extra ? 1 : 0);
    let bytes = 0;
    let ptePages = 0;
    let descriptors = 0;
    let segment = 0;
    let inSegment = 0;
    for (let t = 0; t < take; t++, j++) {
      const size = sizes[idx[j]!]!;
      bytes += size;
      if (size < PMD_SIZE) ptePages += size / PAGE_SIZE;
      if (merge && segment > 0 && MAX_SEG_BYTES - segment >= size) {
        segment += size;
        inSegment++;
      } else {
        descriptors++;
        segment = size;
        inSegment = 1;
      }
    }
    loads.push({ bytes, entries: take, ptePages, descriptors, lastDescriptorFolios: inSegment });
  }
  return loads;
}
