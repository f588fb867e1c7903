import { chunkLengths, contiguousRuns } from './chunks';
import type { CopyMode } from './types';

/** A byte range of one folio: the same range is read in the source and written in the destination. */
export interface Piece {
  folio: number;
  offset: number;
  length: number;
}

export type CopyPolicy = 'whole-folios' | 'split-folios' | 'lanes';

export interface CopyPlan {
  mode: CopyMode;
  policy: CopyPolicy;
  /** One entry per worker (lane) that gets work; each is sent as a single message. */
  tasks: Piece[][];
}

/** Most DMA channels dcbm will use for one batch (MAX_DMA_CHANNELS). */
export const MAX_LANES = 16;

/**
 * Splits a batch the way the kernel providers do, so runs can be compared with them:
 * - 'folios' is mtcopy: whole folios in contiguous runs (the first n % workers runs one longer);
 *   with fewer folios than workers each folio is split into `workers` chunks instead.
 * - 'chunks' always splits every folio into `workers` chunks (mtcopy's small-batch path, forced).
 * - 'lanes' is dcbm: min(workers, folios, 16) fixed lanes, folios divided evenly, never split,
 *   one completion per lane.
 */
export function planCopy(folioBytes: readonly number[], workers: number, mode: CopyMode): CopyPlan {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  const folios = folioBytes.length;
  if (mode === 'lanes') {
    const lanes = Math.max(1, Math.min(workers, folios, MAX_LANES));
    return { mode, policy: 'lanes', tasks: wholeFolioRuns(folioBytes, lanes) };
  }
  if (mode === 'folios' && folios >= workers) return { mode, policy: 'whole-folios', tasks: wholeFolioRuns(folioBytes, workers) };
  return { mode, policy: 'split-folios', tasks: splitFolios(folioBytes, workers) };
}

function wholeFolioRuns(folioBytes: readonly number[], runs: number): Piece[][] {
  return contiguousRuns(folioBytes.length, runs)
    .filter((run) => run.count > 0)
    .map((run) => {
      const pieces: Piece[] = [];
      for (let folio = run.first; folio < run.first + run.count; folio++) pieces.push({ folio, offset: 0, length: folioBytes[folio] });
      return pieces.filter((piece) => piece.length > 0);
    })
    .filter((task) => task.length > 0);
}

function splitFolios(folioBytes: readonly number[], workers: number): Piece[][] {
  const tasks: Piece[][] = Array.from({ length: workers }, () => []);
  folioBytes.forEach((bytes, folio) => {
    let offset = 0;
    chunkLengths(bytes, workers).forEach((length, worker) => {
      if (length > 0) tasks[worker].push({ folio, offset, length });
      offset += length;
    });
  });
  return tasks.filter((task) => task.length > 0);
}
