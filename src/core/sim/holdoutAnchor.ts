import { PMD_SIZE } from './costModel';
import { publishedTables, type PublishedCell, type PublishedTableId, type PublishedVersion } from './publishedTables';

/**
 * The holdout relative to each version's own reference row. V2 ran 6.14-rc7+, V3 6.16-rc6, V4 7.0-rc2
 * (series notes c.1, c.2, c.4): the kernels differ outside the series' code, and the V2 MT and DMA rows carry
 * a per-folio cost the V3 cells cannot give (holdoutGaps.ts). Each cover letter also measured a row that runs
 * the same code in its kernel as a row of V3's tables does in V3's, so the difference between the two
 * *published* rows is that kernel's base cost against V3's, measured, not modelled and not fitted:
 *
 * - V2: its MT row at one thread against V3 table 1b at one thread (the same batch move and mtcopy with one
 *   work item; V2 published no vanilla row). In V3 that row equals the vanilla baseline (table 1a) within 15 %
 *   at every size (tested), so it is the single-copier baseline of each kernel.
 * - V4: its baseline row against V3 table 1a (both vanilla, folio by folio).
 *
 * The difference is serial: V2-4's batch move and V3-4's run the unmap, prep and finalize loops on the
 * migrating CPU for every provider, and only the copy goes to the provider (V2-5's static call, V2-6 and
 * V2-7), so the same per-folio time is added to every cell of that version and folio size, MT and DMA alike.
 * The V3 parameters then predict only the offload's effect (threads, channels, V2's per-folio DMA mapping);
 * the reference cells are not scored. The absolute comparison stays the headline `holdoutShare`.
 */
export interface HoldoutAnchor {
  version: PublishedVersion;
  folioSize: number;
  /** Reference row of that version (its cells are the reference, not predictions). */
  referenceTable: PublishedTableId;
  /** V3 row running the same code. */
  v3Table: PublishedTableId;
  /** That version's published time per folio minus V3's, in ns (negative: that kernel was faster). */
  nsPerFolio: number;
  /** True when V3 has no column at this size and its time was interpolated between the neighbouring ones. */
  interpolated: boolean;
}

const references: { version: PublishedVersion; referenceTable: PublishedTableId; v3Table: PublishedTableId; match: (c: PublishedCell) => boolean }[] = [
  { version: 'v2', referenceTable: 'v2-mt', v3Table: '1b', match: (c) => c.table === 'v2-mt' && c.lanes === 1 },
  { version: 'v4', referenceTable: 'v4-base', v3Table: '1a', match: (c) => c.table === 'v4-base' },
];

/** Whether `cell` is one of the reference cells (compared with V3's row, not predicted). */
export function isReferenceCell(cell: PublishedCell): boolean {
  return references.some((r) => r.version === cell.version && r.match(cell));
}

/**
 * V3's published time per folio of `table`'s one-lane row at `size`; between two measured sizes, linear in
 * base pages (the shape of the migration path's own cost: a per-folio part and a per-page part).
 */
export function v3TimePerFolio(table: PublishedTableId, size: number): { ns: number; interpolated: boolean } | undefined {
  const row = publishedTables.filter((c) => c.table === table && c.lanes === 1 && c.folioCount === undefined).sort((a, b) => a.folioSize - b.folioSize);
  const at = (c: PublishedCell) => c.folioSize / c.publishedGBps;
  const exact = row.find((c) => c.folioSize === size);
  if (exact) return { ns: at(exact), interpolated: false };
  const hi = row.find((c) => c.folioSize > size);
  const lo = [...row].reverse().find((c) => c.folioSize < size);
  // Never across the PMD boundary: a 2 MiB folio is one PMD entry, not 512 PTEs.
  if (!hi || !lo || hi.folioSize >= PMD_SIZE) return undefined;
  return { ns: at(lo) + ((at(hi) - at(lo)) * (size - lo.folioSize)) / (hi.folioSize - lo.folioSize), interpolated: true };
}

/** One anchor per holdout version and folio size that has both a reference cell and a V3 time. */
export function holdoutAnchors(holdout: readonly PublishedCell[]): HoldoutAnchor[] {
  const out: HoldoutAnchor[] = [];
  for (const ref of references) {
    for (const cell of holdout.filter(ref.match)) {
      const v3 = v3TimePerFolio(ref.v3Table, cell.folioSize);
      if (!v3) continue;
      out.push({
        version: ref.version,
        folioSize: cell.folioSize,
        referenceTable: ref.referenceTable,
        v3Table: ref.v3Table,
        nsPerFolio: cell.folioSize / cell.publishedGBps - v3.ns,
        interpolated: v3.interpolated,
      });
    }
  }
  return out;
}

export function anchorFor(anchors: readonly HoldoutAnchor[], cell: PublishedCell): HoldoutAnchor | undefined {
  return anchors.find((a) => a.version === cell.version && a.folioSize === cell.folioSize);
}

/** The model's GB/s for `folios` folios of `bytes` total with the anchor's per-folio time added (serial). */
export function anchoredGBps(modelGBps: number, bytes: number, folios: number, anchor: HoldoutAnchor | undefined): number {
  if (!anchor) return modelGBps;
  return bytes / (bytes / modelGBps + folios * anchor.nsPerFolio);
}
