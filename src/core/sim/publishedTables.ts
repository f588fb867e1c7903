/**
 * The measured tables of the RFC V3 cover letter (23 Sep 2025; AMD Zen 3 EPYC, 2 sockets, PTDMA;
 * move_pages() between the two nodes; GB/s, mean ± SD). Tables 1a–1c move 1 GB per folio size; table 2
 * moves `folioCount` 2 MB folios with one thread / channel. Figures as published.
 */
export type PublishedTableId = '1a' | '1b' | '1c' | '2';
export type PublishedProvider = 'baseline' | 'mtcopy' | 'dcbm';

export interface PublishedCell {
  table: PublishedTableId;
  provider: PublishedProvider;
  /** Threads (mtcopy) or channels (dcbm); 1 for the single-threaded baseline. */
  lanes: number;
  /** Folio size in bytes. */
  folioSize: number;
  /** Table 2 only; tables 1a–1c move 1 GB. */
  folioCount?: number;
  publishedGBps: number;
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

function grid(table: PublishedTableId, provider: PublishedProvider, rows: Record<number, [number, number][]>): PublishedCell[] {
  return Object.entries(rows).flatMap(([lanes, cells]) =>
    cells.map(([mean, sd], i) => ({ table, provider, lanes: Number(lanes), folioSize: sizes[i]!, publishedGBps: mean, publishedSD: sd })),
  );
}

export const publishedTables: readonly PublishedCell[] = [
  ...grid('1a', 'baseline', { 1: table1a }),
  ...grid('1b', 'mtcopy', table1b),
  ...grid('1c', 'dcbm', table1c),
  ...table2.flatMap(([count, base, mt, dma]) =>
    ([['baseline', base], ['mtcopy', mt], ['dcbm', dma]] as const).map(([provider, [mean, sd]]) => ({
      table: '2' as const,
      provider,
      lanes: 1,
      folioSize: 2 * M,
      folioCount: count,
      publishedGBps: mean,
      publishedSD: sd,
    })),
  ),
];

/** Tables 1a–1c move 1 GB per folio size. */
export const TABLE1_TOTAL_BYTES = 1024 * 1024 * 1024;
