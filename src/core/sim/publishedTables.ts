/**
 * The measured tables of the RFC V3 cover letter (23 Sep 2025; AMD Zen 3 EPYC, 2 sockets, PTDMA;
 * move_pages() between the two nodes; GB/s, mean ± SD). Tables 1a–1c move 1 GB per folio size; table 2
 * moves `folioCount` 2 MB folios with one thread / channel. Figures as published.
 */
export type PublishedTableId = '1a' | '1b' | '1c' | '2' | 'v2-mt' | 'v2-dma' | 'v2-count' | 'v2-placement' | 'v4-base' | 'v4-dma';
export type PublishedProvider = 'baseline' | 'mtcopy' | 'dcbm';
/** The posting whose cover letter published the cell: the code path the model runs for it. */
export type PublishedVersion = 'v2' | 'v3' | 'v4';

export interface PublishedCell {
  table: PublishedTableId;
  version: PublishedVersion;
  provider: PublishedProvider;
  /** mtcopy thread placement (V2's placement row; every other mtcopy cell ran spread). */
  cpuselect?: 'spread' | 'fill';
  /** Threads (mtcopy) or channels (dcbm); 1 for the single-threaded baseline. */
  lanes: number;
  /** Folio size in bytes. */
  folioSize: number;
  /** Table 2 only; tables 1a–1c move 1 GB. */
  folioCount?: number;
  publishedGBps: number;
  /** 0 where the cover letter gives no SD (the V4 rows as captured): the band is then 15 %. */
  publishedSD: number;
}

const K = 1024;
const M = 1024 * 1024;
const sizes = [4 * K, 16 * K, 64 * K, 128 * K, 256 * K, 512 * K, 1 * M, 2 * M];

const table1a: [number, number][] = [
  [3.73, 0.33], [5.53, 0.36], [5.9, 0.56], [6.34, 0.08], [6.5, 0.05], [6.86, 0.61], [6.92, 0.71], [10.67, 0.36],
];

const table1b: Record<number, [number, number][]> = {
  1: [[3.84, 0.1], [5.23, 0.31], [6.01, 0.55], [6.34, 0.6], [7.16, 1.0], [7.12, 0.78], [7.1, 0.86], [10.94, 0.13]],
  2: [[4.04, 0.19], [6.72, 0.38], [7.68, 0.12], [8.15, 0.06], [8.45, 0.09], [9.29, 0.17], [9.87, 1.01], [17.8, 0.12]],
  4: [[4.72, 0.21], [8.41, 0.7], [10.08, 1.67], [11.44, 2.42], [10.45, 0.17], [12.6, 1.97], [12.38, 1.73], [31.41, 1.14]],
  8: [[4.91, 0.28], [8.62, 0.13], [10.4, 0.2], [13.94, 3.75], [11.03, 0.61], [14.96, 3.29], [12.84, 0.63], [33.5, 3.29]],
  12: [[4.84, 0.24], [8.75, 0.08], [10.16, 0.26], [10.92, 0.22], [11.72, 0.14], [14.02, 2.51], [14.09, 2.65], [34.7, 2.38]],
  16: [[4.77, 0.22], [8.95, 0.69], [10.36, 0.26], [11.03, 0.22], [11.58, 0.3], [13.88, 2.71], [13.0, 0.75], [35.89, 2.07]],
};

const table1c: Record<number, [number, number][]> = {
  1: [[2.75, 0.19], [2.86, 0.13], [3.28, 0.2], [4.57, 0.72], [5.03, 0.62], [4.69, 0.25], [4.78, 0.34], [12.5, 0.24]],
  2: [[3.35, 0.19], [4.57, 0.19], [5.35, 0.55], [6.71, 0.71], [7.4, 1.07], [7.38, 0.61], [7.21, 0.73], [14.23, 0.34]],
  4: [[4.01, 0.17], [6.36, 0.26], [7.71, 0.89], [9.4, 1.35], [10.27, 1.96], [10.6, 1.42], [12.35, 2.64], [26.84, 0.91]],
  8: [[4.46, 0.16], [7.74, 0.13], [9.72, 1.29], [10.88, 0.16], [12.12, 2.54], [15.62, 3.96], [13.29, 2.65], [45.27, 2.6]],
  12: [[4.6, 0.22], [8.9, 0.84], [11.26, 2.19], [16.0, 4.41], [14.9, 4.38], [14.57, 2.84], [13.79, 3.18], [59.94, 4.19]],
  16: [[4.61, 0.25], [9.08, 0.79], [11.14, 1.75], [13.95, 3.85], [13.69, 3.39], [15.47, 3.44], [15.44, 4.65], [63.69, 5.01]],
};

/** folio_cnt → [baseline, MTCPU, DMA] as [mean, SD]. */
const table2: [number, [number, number], [number, number], [number, number]][] = [
  [1, [7.96, 2.22], [6.43, 0.66], [6.52, 0.45]],
  [8, [8.2, 0.75], [8.82, 1.1], [8.88, 0.54]],
  [16, [7.54, 0.61], [9.06, 0.95], [9.03, 0.62]],
  [32, [8.68, 0.77], [10.11, 0.42], [10.17, 0.5]],
  [64, [9.08, 1.03], [10.12, 0.44], [11.21, 0.24]],
  [256, [10.53, 0.39], [10.77, 0.28], [12.43, 0.12]],
  [512, [10.59, 0.29], [10.81, 0.19], [12.61, 0.07]],
  [2048, [10.86, 0.26], [11.05, 0.05], [12.75, 0.03]],
  [8192, [10.84, 0.18], [11.12, 0.05], [12.81, 0.02]],
];

function grid(table: PublishedTableId, provider: PublishedProvider, rows: Record<number, [number, number][]>, version: PublishedVersion = 'v3', columns = sizes): PublishedCell[] {
  return Object.entries(rows).flatMap(([lanes, cells]) =>
    cells.map(([mean, sd], i) => ({ table, version, provider, lanes: Number(lanes), folioSize: columns[i]!, publishedGBps: mean, publishedSD: sd })),
  );
}

/** RFC V2 cover letter (19 Mar 2025; same machine, 6.14.0-rc7+, PTDMA): series notes c.2. */
const v2Sizes = [4 * K, 16 * K, 32 * K, 64 * K, 128 * K, 256 * K, 512 * K, 1 * M, 2 * M];
const v2Mt: Record<number, [number, number][]> = {
  1: [[1.72, 0.05], [3.55, 0.14], [4.44, 0.07], [5.19, 0.37], [5.57, 0.47], [6.27, 0.02], [6.43, 0.09], [6.59, 0.05], [10.73, 0.07]],
  2: [[1.93, 0.06], [3.91, 0.24], [5.22, 0.03], [5.76, 0.62], [7.42, 0.16], [7.3, 0.93], [8.08, 0.85], [8.67, 0.09], [17.21, 0.28]],
  4: [[2.0, 0.03], [4.3, 0.22], [6.02, 0.1], [7.61, 0.26], [8.6, 0.92], [9.54, 1.11], [10.03, 1.12], [10.98, 0.14], [29.61, 0.43]],
  8: [[2.07, 0.08], [4.6, 0.32], [6.06, 0.85], [7.52, 0.96], [7.98, 1.83], [8.66, 1.94], [10.99, 1.4], [11.22, 1.49], [37.42, 0.7]],
  16: [[2.04, 0.04], [4.74, 0.31], [6.2, 0.39], [7.51, 0.86], [8.26, 1.47], [10.99, 0.11], [9.72, 1.51], [12.07, 0.02], [37.08, 0.53]],
};
const v2Dma: Record<number, [number, number][]> = {
  1: [[0.46, 0.01], [1.35, 0.02], [1.99, 0.02], [2.76, 0.02], [3.44, 0.17], [3.87, 0.2], [3.98, 0.29], [4.36, 0.01], [11.79, 0.05]],
  2: [[0.66, 0.02], [1.84, 0.07], [2.89, 0.1], [4.02, 0.3], [4.27, 0.53], [5.98, 0.05], [6.15, 0.5], [5.83, 0.64], [13.39, 0.08]],
  4: [[0.91, 0.01], [2.62, 0.13], [3.98, 0.17], [5.57, 0.41], [6.55, 0.7], [8.32, 0.04], [8.91, 0.05], [8.82, 0.96], [24.52, 0.22]],
  8: [[1.14, 0.0], [3.21, 0.07], [4.21, 1.09], [6.07, 0.81], [8.8, 0.08], [8.91, 1.38], [11.03, 0.02], [10.68, 1.38], [39.17, 0.58]],
  16: [[1.19, 0.11], [3.33, 0.2], [4.98, 0.33], [7.65, 0.1], [7.85, 1.5], [8.38, 1.35], [8.94, 3.23], [12.85, 0.06], [55.45, 1.2]],
};
/** 2 MB, one thread / channel: folio_cnt → [MT CPU, DMA] as [mean, SD]. */
const v2Count: [number, [number, number], [number, number]][] = [
  [1, [7.56, 3.23], [8.21, 3.68]],
  [8, [9.54, 1.34], [9.92, 2.12]],
  [64, [9.57, 0.39], [9.9, 0.31]],
  [256, [10.09, 0.17], [11.51, 0.32]],
  [512, [10.61, 0.17], [11.67, 0.11]],
  [1024, [10.77, 0.07], [11.89, 0.06]],
  [2048, [10.81, 0.08], [11.92, 0.08]],
  [8192, [10.84, 0.05], [12.03, 0.05]],
];
/**
 * 2 MB thread placement, 1/2/4/8/16 threads: spread over CCDs, or filling one CCD first, as [mean, SD]. The
 * series notes (c.2) give the means only; the SDs are the V2 cover letter's own (20250319192211.10092-1-shivankg@amd.com).
 */
const v2Placement: Record<'spread' | 'fill', [number, number][]> = {
  spread: [[10.6, 0.06], [17.21, 0.12], [29.94, 0.16], [37.07, 1.62], [36.19, 0.97]],
  fill: [[10.44, 0.47], [10.93, 0.11], [10.99, 0.04], [11.08, 0.03], [17.91, 0.12]],
};

/** RFC V4 cover letter (9 Mar 2026, v7.0-rc2, same machine), the rows captured in series notes c.4. */
const v4Sizes = [4 * K, 16 * K, 64 * K, 256 * K, 1 * M, 2 * M];
const v4Base = [3.55, 5.66, 6.16, 7.12, 6.93, 10.88];
const v4Dma: Record<number, number[]> = {
  1: [2.63, 2.92, 3.16, 4.75, 7.38, 12.64],
  2: [3.2, 4.68, 5.16, 7.42, 8.05, 14.4],
  4: [3.78, 6.45, 7.36, 9.7, 11.68, 27.16],
};
const noSd = (row: number[]): [number, number][] => row.map((mean) => [mean, 0]);

export const publishedTables: readonly PublishedCell[] = [
  ...grid('1a', 'baseline', { 1: table1a }),
  ...grid('1b', 'mtcopy', table1b),
  ...grid('1c', 'dcbm', table1c),
  ...table2.flatMap(([count, base, mt, dma]) =>
    ([['baseline', base], ['mtcopy', mt], ['dcbm', dma]] as const).map(([provider, [mean, sd]]) => ({
      table: '2' as const,
      version: 'v3' as const,
      provider,
      lanes: 1,
      folioSize: 2 * M,
      folioCount: count,
      publishedGBps: mean,
      publishedSD: sd,
    })),
  ),
];

/** Cells the model is not fitted to: the RFC V2 and V4 cover letters, predicted with the V3 parameters. */
export const holdoutTables: readonly PublishedCell[] = [
  ...grid('v2-mt', 'mtcopy', v2Mt, 'v2', v2Sizes),
  ...grid('v2-dma', 'dcbm', v2Dma, 'v2', v2Sizes),
  ...v2Count.flatMap(([count, mt, dma]) =>
    ([['mtcopy', mt], ['dcbm', dma]] as const).map(([provider, [mean, sd]]) => ({
      table: 'v2-count' as const,
      version: 'v2' as const,
      provider,
      lanes: 1,
      folioSize: 2 * M,
      folioCount: count,
      publishedGBps: mean,
      publishedSD: sd,
    })),
  ),
  ...(['spread', 'fill'] as const).flatMap((cpuselect) =>
    v2Placement[cpuselect].map(([mean, sd], i) => ({
      table: 'v2-placement' as const,
      version: 'v2' as const,
      provider: 'mtcopy' as const,
      cpuselect,
      lanes: [1, 2, 4, 8, 16][i]!,
      folioSize: 2 * M,
      publishedGBps: mean,
      publishedSD: sd,
    })),
  ),
  ...grid('v4-base', 'baseline', { 1: noSd(v4Base) }, 'v4', v4Sizes),
  ...grid('v4-dma', 'dcbm', Object.fromEntries(Object.entries(v4Dma).map(([l, row]) => [l, noSd(row)])), 'v4', v4Sizes),
];

/** Tables 1a–1c move 1 GB per folio size. */
export const TABLE1_TOTAL_BYTES = 1024 * 1024 * 1024;
