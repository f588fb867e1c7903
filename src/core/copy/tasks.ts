import type { CopyBatch, Segment } from './batch';
import { RANGE_FIELDS, type InjectedFault } from './protocol';
import type { CopyPlan, Piece } from './schedule';
import type { FaultInjection } from './types';

/** One worker's share of a batch, resolved to memory blocks and ready to send. */
export interface PreparedTask {
  worker: number;
  /** Batch block indexes this task touches; a range's block field indexes this list. */
  blocks: number[];
  /** Size of each block in `blocks`, kept to rebuild blocks a lost worker took with it. */
  blockBytes: number[];
  ranges: Float64Array;
  /** Folio of each range. */
  rangeFolios: number[];
  bytes: number;
}

/** Thrown when a batch's memory layout cannot serve a schedule (transfer memory split too coarsely). */
export class LayoutError extends Error {}

export function prepareTasks(batch: CopyBatch, plan: CopyPlan): PreparedTask[] {
  const owner = new Map<number, number>();
  return plan.tasks.map((pieces, worker) => {
    const localIndex = new Map<number, number>();
    const blocks: number[] = [];
    const ranges = new Float64Array(pieces.length * RANGE_FIELDS);
    const rangeFolios = new Array<number>(pieces.length);
    let bytes = 0;
    for (let r = 0; r < pieces.length; r++) {
      const piece = pieces[r];
      const { block, offset } = locate(batch, piece);
      if (!batch.shared) claimBlock(owner, block, worker);
      let local = localIndex.get(block);
      if (local === undefined) {
        local = blocks.push(block) - 1;
        localIndex.set(block, local);
      }
      ranges[r * RANGE_FIELDS] = local;
      ranges[r * RANGE_FIELDS + 1] = offset;
      ranges[r * RANGE_FIELDS + 2] = piece.length;
      rangeFolios[r] = piece.folio;
      bytes += piece.length;
    }
    const blockBytes = blocks.map((block) => batch.source[block].byteLength);
    return { worker, blocks, blockBytes, ranges, rangeFolios, bytes };
  });
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
  if (current !== undefined && current !== worker) {
    throw new LayoutError(`memory block ${block} would go to workers ${current} and ${worker}; transferable memory needs one block per worker share — create the batch with engine.createBatch(sizes, mode)`);
  }
  owner.set(block, worker);
}

/** Draws this task's fault; always five draws per task so one task's outcome never shifts another's. */
export function drawFault(random: () => number, inject: FaultInjection | undefined, task: PreparedTask): InjectedFault | undefined {
  const draws = [random(), random(), random(), random(), random()];
  if (!inject) return undefined;
  if (draws[0] < (inject.crash ?? 0)) return { kind: 'crash' };
  if (draws[1] < (inject.hang ?? 0)) return { kind: 'hang' };
  if (draws[2] < (inject.corrupt ?? 0)) {
    const range = Math.floor(draws[3] * (task.ranges.length / RANGE_FIELDS));
    const length = task.ranges[range * RANGE_FIELDS + 2];
    return { kind: 'corrupt', range, at: Math.floor(draws[4] * length) };
  }
  return undefined;
}
