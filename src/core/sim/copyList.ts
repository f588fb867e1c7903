import type { CostParams } from './costParams';
import type { KernelTimings } from './kernel/kernelModel';
import type { FaultInjector } from './faults';
import type { TimelineRecorder } from './timeline';

/** Per-folio state bits of the current batch. */
export const F_SET_ASIDE = 1; // -EAGAIN in prep: left for the per-folio retry path
export const F_AT_DST = 2; // the mapping (page-cache/swap/anon) already points at dst
export const F_COPIED = 4; // FOLIO_CONTENT_COPIED: dst holds src's bytes
export const F_FAILED = 8;
export const F_SUCCEEDED = 16;
export const F_MOVABLE_OPS = 32; // a movable_ops page (balloon, zsmalloc): not a folio, never batched
export const F_MODE_SENSITIVE = 64; // its mapping's ->migrate_folio branches on the mode (buffer_migrate_folio)

/**
 * The folios of one migrate_pages_batch() call as struct-of-arrays, reused from batch to batch so the hot
 * path allocates nothing per folio.
 */
export class BatchScratch {
  n = 0;
  /** Global index (within the migrate_pages() call sequence) of folio 0 of this batch. */
  firstFolio = 0;
  totalBytes = 0;
  basePages = 0;
  bytes = new Uint32Array(0);
  copied = new Uint32Array(0);
  flags = new Uint8Array(0);
  /** How many times stats counted this folio (succeeded or failed): must end at exactly 1. */
  counted = new Uint8Array(0);
  /** Copy attempts that faulted on this folio. */
  faulted = new Uint8Array(0);
  listIdx = new Uint32Array(0);

  ensure(capacity: number): void {
    if (this.bytes.length >= capacity) return;
    const size = Math.max(capacity, this.bytes.length * 2, 64);
    this.bytes = new Uint32Array(size);
    this.copied = new Uint32Array(size);
    this.flags = new Uint8Array(size);
    this.counted = new Uint8Array(size);
    this.faulted = new Uint8Array(size);
    this.listIdx = new Uint32Array(size);
  }

  /** Makes room for up to `capacity` folios; call clear(n) once the batch is cut. */
  reset(capacity: number, firstFolio: number): void {
    this.ensure(capacity);
    this.n = 0;
    this.firstFolio = firstFolio;
  }

  clear(n: number): void {
    this.n = n;
    this.copied.fill(0, 0, n);
    this.flags.fill(0, 0, n);
    this.counted.fill(0, 0, n);
    this.faulted.fill(0, 0, n);
  }
}

/** What a copy callback gets besides the lists: the cost model and the run's fault plan and timeline. */
export interface CopyEnv {
  params: CostParams;
  timings: KernelTimings;
  faults: FaultInjector;
  timeline: TimelineRecorder;
  /** Bytes and copy time per provider name (for the per-provider throughput). */
  account(provider: string, bytes: number, ns: number): void;
}

/** The src/dst list pair handed to migrate_offc(): indices into the batch, in list order. */
export interface CopyList {
  batch: BatchScratch;
  idx: Uint32Array;
  n: number;
  totalBytes: number;
  env: CopyEnv;
}

export function listTotalBytes(batch: BatchScratch, idx: Uint32Array, n: number): number {
  let total = 0;
  for (let j = 0; j < n; j++) total += batch.bytes[idx[j]!]!;
  return total;
}
