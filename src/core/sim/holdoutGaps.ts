import type { PublishedTableId } from './publishedTables';

/**
 * What the model knows about each holdout table's code path: the V2/V3 and V3/V4 differences the series
 * notes document, which of them the model runs, and which it cannot run and why. A holdout miss is only
 * evidence against the V3 parameters where the table's code path is fully modelled; elsewhere it measures
 * a documented (or undocumented) difference whose cost no V3 cell and no source gives. The model does not
 * invent such a cost: that would be fitting the holdout.
 */
export type HoldoutCoverage = 'modelled' | 'mechanism-without-cost' | 'no-mechanism';

export interface HoldoutTableNote {
  table: PublishedTableId;
  coverage: HoldoutCoverage;
  /** Code-path differences the model runs for this table, each with its source in the series notes. */
  modelled: string[];
  /** Present when coverage is not 'modelled': the difference it cannot run, and why. */
  gap?: string;
}

export const holdoutNotes: readonly HoldoutTableNote[] = [
  {
    table: 'v2-mt',
    coverage: 'no-mechanism',
    modelled: ['patch 8-style batches (whole GB per batch)', 'spread placement (V2 placement row; its 2M cells match V2 MT 2M)'],
    gap:
      'the series notes document no V2-vs-V3 difference in the MT copy path (b.6 and b.5.3 describe V3-6 only; ' +
      "V2's can_migrate_offc hook (b.5.4) returned true and costs a static call per folio); the rows imply a serial " +
      'per-folio cost that does not shrink with threads (see implied cost), so it is not in the copy itself',
  },
  {
    table: 'v2-dma',
    coverage: 'mechanism-without-cost',
    modelled: ["per-folio dma_map_page() for src and dst instead of one dma_map_sgtable() per channel (c.1, V3-0): twice V3's fitted per-entry mapping cost"],
    gap:
      'V2 raised a completion interrupt per descriptor, V3 one per batch (c.1, V3-0); no V3 cell measures a ' +
      "per-descriptor interrupt (V3 takes one per channel per batch, inside the fitted per-channel setup and completion costs, " +
      'and under patch 8 one batch moves the whole GB), and no source in the notes gives its cost; the implied cost ' +
      "shrinks with channels (a per-channel serial cost) on top of a serial part like V2 MT's. The interrupts alone cannot be it on " +
      "PTDMA as in 6.12 (drivers/dma/ptdma): the driver issues one descriptor at a time and starts the next from the completion " +
      "the queue interrupt runs, and int_en is one queue-wide flag set when a descriptor is prepared, so V3's interrupt on the last " +
      "descriptor enables it for all of them: V3 pays the per-descriptor round trip too, inside its fitted per-page cost (4K folios)",
  },
  { table: 'v2-count', coverage: 'modelled', modelled: ['per-folio dma_map_page() (DMA cells)', 'one thread / channel, 2M folios: one descriptor per folio'] },
  { table: 'v2-placement', coverage: 'modelled', modelled: ['fill vs spread over CCDs (V3-9 cpuselect lists, V2 placement row)', 'CCD path = one core (assumption, see topology)'] },
  { table: 'v4-base', coverage: 'modelled', modelled: ['vanilla folio-by-folio path (unchanged by the series)'] },
  {
    table: 'v4-dma',
    coverage: 'no-mechanism',
    modelled: ['pre-copy flow (V4 changelog, d): the copy precedes the move phase, same batch and channel split as V3'],
    gap:
      "the notes document no V4 change to dcbm's mapping, descriptors or interrupts (only its directory moved, 0); its one-channel " +
      "row matches V3's table 1c at 4K-64K (2.63/2.92/3.16 vs 2.75/2.86/3.28 GB/s), so the model misses both alike (table 1c's " +
      'one-channel shape), and it is faster than V3 at 1M on 1, 2 and 4 channels (1 channel: 7.38 vs 4.78), which no V3 parameter set allows',
  },
];

export function holdoutNote(table: PublishedTableId): HoldoutTableNote | undefined {
  return holdoutNotes.find((n) => n.table === table);
}

/** One published cell's time beside the model's: enough to say how much per folio the model is missing. */
export interface TimedCell {
  table: PublishedTableId;
  lanes: number;
  folioSize: number;
  folios: number;
  publishedGBps: number;
  modelGBps: number;
  withinBand: boolean;
}

export interface ImpliedCost {
  table: PublishedTableId;
  /** 'lanes' when grouped by threads/channels, 'size' when grouped by folio size. */
  by: 'lanes' | 'size';
  key: number;
  /** Median over the group's out-of-band cells of (published time - model time) / folios, in ns. */
  nsPerFolio: number;
  cells: number;
}

/**
 * Computed from the tables, not modelled: the per-folio time the model misses, for the tables whose gap is a
 * per-folio cost. V2 MT is grouped by folio size (a serial cost is flat across threads), V2 DMA by channels
 * (a per-channel cost falls as 1/channels). Cells in band are left out.
 */
export function impliedCosts(cells: readonly TimedCell[]): ImpliedCost[] {
  const out: ImpliedCost[] = [];
  for (const [table, by] of [['v2-mt', 'size'], ['v2-dma', 'lanes']] as const) {
    const groups = new Map<number, number[]>();
    for (const c of cells) {
      if (c.table !== table || c.withinBand) continue;
      const bytes = c.folios * c.folioSize;
      const extra = (bytes / c.publishedGBps - bytes / c.modelGBps) / c.folios;
      const key = by === 'size' ? c.folioSize : c.lanes;
      const list = groups.get(key) ?? [];
      list.push(extra);
      groups.set(key, list);
    }
    for (const [key, list] of [...groups.entries()].sort((a, b) => a[0] - b[0])) out.push({ table, by, key, nsPerFolio: median(list), cells: list.length });
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
