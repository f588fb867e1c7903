import type { CopyBatch, Segment } from './batch';
import { FAULT_CORRUPT, FAULT_CRASH, FAULT_FIELDS, FAULT_HANG, RANGE_FIELDS } from './protocol';
import type { CopyPlan, Piece } from './schedule';
import type { FaultInjection, FaultKind } from './types';

/** Largest task (one message) when tasks are bounded: small enough to retry cheaply, and what a hang can take with transfer memory. */
export const TASK_BYTES = 4 * 1024 * 1024;
/** Most ranges in one bounded task (4 KiB folios: 1024 per 4 MiB task). */
export const TASK_RANGES = 1024;

/** How large one task may grow; a piece is never cut, so a task holds at least one. */
export interface TaskLimits {
  bytes: number;
  ranges: number;
}

export const BOUNDED_TASKS: TaskLimits = { bytes: TASK_BYTES, ranges: TASK_RANGES };

/**
 * The limits for a run. Over shared memory with no crash or hang injected, a worker's whole
 * share is one task: each message costs its worker about 0.1 ms (the answer posted, the next
 * task read), 15 % of a 4 MiB task at 6 GB/s; one task per share was faster in 17 of 18
 * interleaved pairs (8–49 %, 64 MiB batches, 1–2 workers, every mode). A stuck worker is still
 * caught by the progress word (lane.ts), and nothing is lost with it. Transfer memory keeps
 * 4 MiB tasks, because a hung worker takes the blocks of its tasks with it; injected crashes
 * and hangs shrink tasks further (rangesPerTask).
 */
export function taskLimits(inject: FaultInjection | undefined, shared: boolean): TaskLimits {
  const ranges = rangesPerTask(inject);
  if (shared && ranges === TASK_RANGES) return { bytes: Infinity, ranges: Infinity };
  return { bytes: TASK_BYTES, ranges };
}

/** One message's worth of a worker's share, resolved to memory blocks and ready to send. */
export interface PreparedTask {
  /** The worker (lane) whose share this task is part of. */
  worker: number;
  /** Batch block indexes this task touches; a range's block field indexes this list. */
  blocks: number[];
  /** Size of each block in `blocks`, kept to rebuild blocks a lost worker took with it. */
  blockBytes: number[];
  ranges: Float64Array;
  /** Folio of each range, and where the range starts inside its folio. */
  rangeFolios: number[];
  rangeOffsets: number[];
  bytes: number;
}

/** Thrown when a batch's memory layout cannot serve a schedule (transfer memory split too coarsely). */
export class LayoutError extends Error {}

/**
 * Each worker's share, in order, cut into tasks of at most TASK_BYTES / TASK_RANGES (a piece is
 * never cut). With transfer memory a block belongs to one worker and one task only, so a task is
 * only ever cut where the block changes: a block that holds a group of folios (createBatch lays
 * transfer batches out that way, see groupPieces) travels whole, in one task.
 */
export function prepareTasks(batch: CopyBatch, plan: CopyPlan, limits: TaskLimits = BOUNDED_TASKS): PreparedTask[][] {
  const owner = new Map<number, number>();
  return plan.tasks.map((pieces, worker) => {
    const located = pieces.map((piece) => locate(batch, piece));
    const joined = batch.shared ? undefined : (r: number) => located[r].block === located[r - 1].block;
    return cutRuns(pieces, limits, joined).map(([start, end]) => prepareTask(batch, pieces.slice(start, end), located.slice(start, end), worker, owner));
  });
}

/**
 * The pieces of every task the engine will send for this plan (no batch needed): what a
 * transfer batch puts in one block each, so that a task moves two buffers, not two per folio.
 */
export function groupPieces(plan: CopyPlan, limits: TaskLimits = BOUNDED_TASKS): Piece[][] {
  return plan.tasks.flatMap((pieces) => cutRuns(pieces, limits).map(([start, end]) => pieces.slice(start, end)));
}

/** [start, end) runs of pieces within the task limits; `joined(r)` forces piece r into the run of piece r - 1. */
function cutRuns(pieces: readonly Piece[], limits: TaskLimits, joined?: (r: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  while (start < pieces.length) {
    let end = start;
    let bytes = 0;
    while (end < pieces.length && (end === start || joined?.(end) || (bytes + pieces[end].length <= limits.bytes && end - start < limits.ranges))) bytes += pieces[end++].length;
    runs.push([start, end]);
    start = end;
  }
  return runs;
}

function prepareTask(batch: CopyBatch, pieces: Piece[], located: { block: number; offset: number }[], worker: number, owner: Map<number, number>): PreparedTask {
  const localIndex = new Map<number, number>();
  const blocks: number[] = [];
  const ranges = rangeTable(pieces.length, batch.shared);
  const rangeFolios = new Array<number>(pieces.length);
  const rangeOffsets = new Array<number>(pieces.length);
  let bytes = 0;
  for (let r = 0; r < pieces.length; r++) {
    const piece = pieces[r];
    const { block, offset } = located[r];
    let local = localIndex.get(block);
    if (local === undefined) {
      if (!batch.shared) claimBlock(owner, block, worker);
      local = blocks.push(block) - 1;
      localIndex.set(block, local);
    }
    ranges[r * RANGE_FIELDS] = local;
    ranges[r * RANGE_FIELDS + 1] = offset;
    ranges[r * RANGE_FIELDS + 2] = piece.length;
    rangeFolios[r] = piece.folio;
    rangeOffsets[r] = piece.offset;
    bytes += piece.length;
  }
  const blockBytes = blocks.map((block) => batch.source[block].byteLength);
  return { worker, blocks, blockBytes, ranges, rangeFolios, rangeOffsets, bytes };
}

/**
 * Over shared memory a task's ranges live in shared memory too, so posting the task shares them instead of
 * cloning them: with 4 KiB folios a 64 MiB share is 16,384 ranges (384 KiB), and cloning them cost 0.6 ms
 * between the post and the worker's start (0.14 ms for 2 MiB folios), on copies of 6–10 ms. The plan is kept
 * per batch, so the table is made once.
 */
function rangeTable(count: number, shared: boolean): Float64Array {
  const length = count * RANGE_FIELDS;
  return shared ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(length);
}

function locate(batch: CopyBatch, piece: Piece): { block: number; offset: number } {
  const segments = batch.placement[piece.folio] as Segment[];
  let folioOffset = 0;
  for (const segment of segments) {
    const end = folioOffset + segment.length;
    if (piece.offset >= folioOffset && piece.offset < end) {
      if (piece.offset + piece.length > end) break;
      return { block: segment.block, offset: segment.offset + piece.offset - folioOffset };
    }
    folioOffset = end;
  }
  throw new LayoutError(`folio ${piece.folio}: bytes ${piece.offset}..${piece.offset + piece.length} cross a memory block; create the batch with engine.createBatch(sizes, mode) for this schedule`);
}

function claimBlock(owner: Map<number, number>, block: number, worker: number): void {
  const current = owner.get(block);
  if (current !== undefined) {
    throw new LayoutError(`memory block ${block} would go to two tasks (workers ${current} and ${worker}); transferable memory needs one block per piece — create the batch with engine.createBatch(sizes, mode)`);
  }
  owner.set(block, worker);
}

/**
 * Ranges per task when faults are injected: a crash or hang makes the whole task run again, so
 * with a stop chance p per folio a task of n folios costs about n * n * p extra copies; keeping
 * n near 1 / (2p) bounds that and keeps each deadline short.
 */
export function rangesPerTask(inject: FaultInjection | undefined): number {
  const stop = (inject?.crash ?? 0) + (inject?.hang ?? 0);
  return stop > 0 ? Math.max(1, Math.min(TASK_RANGES, Math.floor(1 / (2 * stop)))) : TASK_RANGES;
}

/** Fault codes by kind, and back. */
export const FAULT_CODES: Record<FaultKind, number> = { crash: FAULT_CRASH, hang: FAULT_HANG, corrupt: FAULT_CORRUPT };
export const FAULT_KINDS: Record<number, FaultKind> = { [FAULT_CRASH]: 'crash', [FAULT_HANG]: 'hang', [FAULT_CORRUPT]: 'corrupt' };

/** Each folio's injected fault: a code (0 = none) and the byte of the folio it strikes. */
export interface FolioFaults {
  kind: Uint8Array;
  at: Float64Array;
}

/**
 * Draws every folio's fault: always four draws per folio, so one folio's fault never shifts
 * another's and the draws do not depend on how the batch is cut into tasks.
 */
export function drawFolioFaults(random: () => number, inject: FaultInjection | undefined, folioBytes: readonly number[]): FolioFaults | undefined {
  if (!inject || !((inject.crash ?? 0) > 0 || (inject.hang ?? 0) > 0 || (inject.corrupt ?? 0) > 0)) return undefined;
  const kind = new Uint8Array(folioBytes.length);
  const at = new Float64Array(folioBytes.length);
  for (let folio = 0; folio < folioBytes.length; folio++) {
    const draws = [random(), random(), random(), random()];
    if (draws[0] < (inject.crash ?? 0)) kind[folio] = FAULT_CRASH;
    else if (draws[1] < (inject.hang ?? 0)) kind[folio] = FAULT_HANG;
    else if (draws[2] < (inject.corrupt ?? 0)) kind[folio] = FAULT_CORRUPT;
    at[folio] = Math.floor(draws[3] * folioBytes[folio]);
  }
  return { kind, at };
}

/** The faults that strike one task: those of its folios whose drawn byte falls in one of its ranges. */
export function taskFaults(task: PreparedTask, faults: FolioFaults | undefined): Float64Array | undefined {
  if (!faults) return undefined;
  const found: number[] = [];
  for (let r = 0; r < task.rangeFolios.length; r++) {
    const folio = task.rangeFolios[r];
    const kind = faults.kind[folio];
    if (kind === 0) continue;
    const within = faults.at[folio] - task.rangeOffsets[r];
    if (within >= 0 && within < task.ranges[r * RANGE_FIELDS + 2]) found.push(r, kind, within);
  }
  return found.length > 0 ? new Float64Array(found) : undefined;
}

/** Splits a task's pending faults at the first crash or hang: those that fire before the worker stops, and the rest. */
export function firstStop(faults: Float64Array | undefined): { fired: Float64Array; rest: Float64Array | undefined; kind?: number } {
  if (!faults) return { fired: new Float64Array(0), rest: undefined };
  for (let f = 0; f < faults.length; f += FAULT_FIELDS) {
    const kind = faults[f + 1];
    if (kind === FAULT_CRASH || kind === FAULT_HANG) {
      const rest = faults.subarray(f + FAULT_FIELDS);
      return { fired: faults.slice(0, f + FAULT_FIELDS), rest: rest.length > 0 ? rest.slice() : undefined, kind };
    }
  }
  return { fired: faults, rest: undefined };
}
