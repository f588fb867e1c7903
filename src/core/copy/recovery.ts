import { destinationViews, sourceViews, type CopyBatch } from './batch';
import type { BytesEqual } from './bytesEqual';
import type { PreparedTask } from './tasks';

/** Copies one folio on the calling thread and checks every byte; true when it verified. */
export function copyFolioSerially(batch: CopyBatch, folio: number, bytesEqual: BytesEqual): boolean {
  const sources = sourceViews(batch, folio);
  const destinations = destinationViews(batch, folio);
  return sources.every((source, i) => {
    destinations[i].set(source);
    return bytesEqual(source, destinations[i]);
  });
}

/**
 * Transfer memory only: a terminated worker takes the blocks it held with it. Fresh zeroed
 * blocks keep the batch usable; the folios in them are reported failed, not guessed.
 */
export function rebuildLostBlocks(batch: CopyBatch, task: PreparedTask): void {
  if (batch.shared) return;
  task.blocks.forEach((block, local) => {
    batch.source[block] = new ArrayBuffer(task.blockBytes[local]);
    batch.destination[block] = new ArrayBuffer(task.blockBytes[local]);
  });
}

/** Puts the blocks a worker handed back into the batch (transfer memory). */
export function reclaimBlocks(batch: CopyBatch, task: PreparedTask, handedBack: { source: ArrayBufferLike[]; destination: ArrayBufferLike[] }): void {
  if (batch.shared) return;
  task.blocks.forEach((block, local) => {
    batch.source[block] = handedBack.source[local];
    batch.destination[block] = handedBack.destination[local];
  });
}

/** Distinct folios of a task, or of some of its ranges, in order. */
export function foliosOf(task: PreparedTask, ranges?: number[]): number[] {
  const folios = ranges ? ranges.map((range) => task.rangeFolios[range]) : task.rangeFolios;
  return [...new Set(folios)].sort((a, b) => a - b);
}
