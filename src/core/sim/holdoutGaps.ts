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
  /** A modelled table's known misses and why the V3 parameters cannot meet them (printed when cells miss). */
  misses?: string;
}

export const holdoutNotes: readonly HoldoutTableNote[] = [
  {
    table: 'v2-mt',
    coverage: 'no-mechanism',
    modelled: ['patch 8-style batches (whole GB per batch)', 'spread placement (V2 placement row; its 2M cells match V2 MT 2M)'],
    gap:
      'the series notes document no V2-vs-V3 difference in the MT copy path (b.6 and b.5.3 describe V3-6 only; ' +
      "V2's can_migrate_offc hook (b.5.4) returned true and costs a static call per folio), and V2's own batch move (4/9) " +
      'and mtcopy (6/9) have the V3 structure; the rows imply a serial ' +
      'per-folio cost that does not shrink with threads and grows with folio size (see implied cost), so it is not in the ' +
      'copy itself: about 1 us per folio plus 0.1-0.15 us per PTE-mapped 4 KiB page, next to nothing for PMD-mapped 2M ' +
      "folios; V2's DMA rows show the same cost once V2's DMA changes are modelled, so it is V2-wide (V2 ran 6.14-rc7+, " +
      'V3 6.16-rc6; c.2, c.1), and no V3 cell or source gives its mechanism; its size is measured by V2 itself: its one-thread ' +
      "MT row against V3's, which the relative holdout adds (holdoutAnchor.ts)",
  },
  {
    table: 'v2-dma',
    coverage: 'no-mechanism',
    modelled: [
      "per-folio dma_map_page() for src and dst instead of one dma_map_sgtable() per channel: setup per folio 10x V3's per-entry cost (c.1, V3-0: 'order of magnitude' lower setup time)",
      "one memcpy descriptor per folio (V2 mapped folios one by one, so the IOMMU merged nothing), each at V3's fitted per-descriptor cost",
    ],
    gap:
      "what remains has V2 MT's shape (the notes document no such V2/V3 difference; see v2-mt): about 1 us per folio plus " +
      '0.1-0.15 us per PTE-mapped 4 KiB page, at 1 and at 16 channels alike (CPU-side), none at 2M; V2 dcbm (7/9) unmaps ' +
      "only on its error paths, so it is not a DMA teardown cost; the relative holdout adds the kernel difference V2's one-thread " +
      'MT row measures, since the unmap, prep and finalize loops V2-4 runs on the migrating CPU are the same for every provider',
  },
  { table: 'v2-count', coverage: 'modelled', modelled: ['one thread / channel, 2M folios: one descriptor per folio in V2 and V3 alike (2 MiB > the 64 KiB segment limit)', 'per-folio dma_map_page() (DMA cells)'] },
  {
    table: 'v2-placement',
    coverage: 'modelled',
    modelled: ['fill vs spread over CCDs (V3-9 cpuselect lists, V2 placement row)', 'CCD path = one core (assumption, see topology)'],
    misses:
      "spread at 8 and 16 threads (about 37 GB/s) sits above what the V3 fit's CPU ceiling and per-PMD cost allow at 2M; V3's own " +
      'table 1b is 33.5-35.9 GB/s there (SDs 2-3.3), which the fit meets at its low edge; the per-PMD cost is a traded-off parameter',
  },
  { table: 'v4-base', coverage: 'modelled', modelled: ['vanilla folio-by-folio path (unchanged by the series)'] },
  {
    table: 'v4-dma',
    coverage: 'modelled',
    modelled: [
      'pre-copy flow (V4 changelog, d): the copy precedes the move phase, same batch and channel split as V3',
      "dcbm's mapping unchanged from V3 (the notes document only its directory move, 0): one SG table per channel, merged by the IOMMU",
    ],
    misses:
      "one channel at 1M is 7.38 GB/s in V4 against 4.78 in V3's table 1c at the same size and the same mapping; no V3 parameter " +
      'set and no documented V4 change allow that (relatively, 4 channels at 64K and 256K also miss: V4 baseline ran faster than V3 there)',
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
 * per-folio cost. Both V2 tables are grouped by folio size: what is left once V2's DMA changes are modelled is
 * serial (flat across threads and channels). Cells in band are left out.
 */
export function impliedCosts(cells: readonly TimedCell[]): ImpliedCost[] {
  const out: ImpliedCost[] = [];
  const groupings: [PublishedTableId, ImpliedCost['by']][] = [['v2-mt', 'size'], ['v2-dma', 'size']];
  for (const [table, by] of groupings) {
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
