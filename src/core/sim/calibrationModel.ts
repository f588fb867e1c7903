import { cpuCopyNs, dcbmNs, folioMetaNs, mtcopyNs, PAGE_SIZE, warmupNs, type ChannelLoad } from './costModel';
import type { CostParams } from './costParams';
import { PATCH8_BATCH_PAGES } from './defaults';
import { dcbmPlan, mtcopyPlan } from './providers/plans';
import { TABLE1_TOTAL_BYTES, type PublishedCell } from './publishedTables';
import { defaultTopology, itemsPerCcd } from './topology';

/**
 * The simulator's cost for a uniform migrate_pages() call, batch by batch, with the plans precomputed so
 * the fit can evaluate thousands of parameter sets. The cover letters' runs use the whole series, patch 8
 * (or V2's and V4's equivalent) included, so batches hold up to HPAGE_PUD_NR base pages: every cell is
 * computed with the batch limit it was measured with, and says so (`batchLimit`).
 */
interface BatchGroup {
  folios: number;
  repeat: number;
  mt: { items: number; maxItemBytes: number; perCcd: number[] };
  dma: ChannelLoad[];
}

export interface CellShape {
  cell: PublishedCell;
  count: number;
  batchLimitPages: number;
  groups: BatchGroup[];
}

export function cellFolioCount(cell: PublishedCell): number {
  return cell.folioCount ?? Math.round(TABLE1_TOTAL_BYTES / cell.folioSize);
}

export function shapeCell(cell: PublishedCell, batchLimitPages = PATCH8_BATCH_PAGES): CellShape {
  const count = cellFolioCount(cell);
  const perBatch = Math.max(1, Math.ceil((batchLimitPages * PAGE_SIZE) / cell.folioSize));
  const full = Math.floor(count / perBatch);
  const rest = count % perBatch;
  const groups: BatchGroup[] = [];
  for (const [folios, repeat] of [[perBatch, full], [rest, 1]] as const) {
    if (folios === 0 || repeat === 0) continue;
    const sizes = new Uint32Array(folios).fill(cell.folioSize);
    const idx = Uint32Array.from({ length: folios }, (_, i) => i);
    const plan = mtcopyPlan(sizes, idx, folios, cell.lanes, cell.version !== 'v4');
    const perCcd = itemsPerCcd(defaultTopology, cell.cpuselect ?? 'spread', plan.items);
    groups.push({ folios, repeat, mt: { items: plan.items, maxItemBytes: plan.maxItemBytes, perCcd }, dma: dcbmPlan(sizes, idx, folios, cell.lanes, cell.version !== 'v2') });
  }
  return { cell, count, batchLimitPages, groups };
}

/** Where the modelled time of a cell goes: the whole call and its copy part. */
export interface CellBreakdown {
  totalNs: number;
  copyNs: number;
}

export function modelBreakdown(p: CostParams, shape: CellShape): CellBreakdown {
  const { cell } = shape;
  let total = warmupNs(p, 0, shape.count);
  let copyTotal = 0;
  for (const g of shape.groups) {
    const bytes = g.folios * cell.folioSize;
    let copy: number;
    if (cell.provider === 'mtcopy') copy = mtcopyNs(p, g.mt.items, g.mt.maxItemBytes, bytes, g.mt.perCcd);
    else if (cell.provider === 'dcbm') {
      const c = dcbmNs(p, g.dma, cell.version === 'v2');
      copy = c.setupNs + c.transferNs + c.completionNs;
    } else copy = cpuCopyNs(p, bytes);
    total += g.repeat * (g.folios * folioMetaNs(p, cell.folioSize) + copy);
    copyTotal += g.repeat * copy;
  }
  return { totalNs: total, copyNs: copyTotal };
}

/** Modelled GB/s of one published cell. */
export function modelThroughput(p: CostParams, shape: CellShape): number {
  return (shape.count * shape.cell.folioSize) / modelBreakdown(p, shape).totalNs;
}
