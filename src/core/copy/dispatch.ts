import type { CopyBatch } from './batch';
import type { WorkerHandle } from './host';
import { transferables, type CopyTaskMessage, type InjectedFault, type TaskDoneMessage } from './protocol';
import type { PreparedTask } from './tasks';

export type TaskOutcome =
  | { kind: 'done'; message: TaskDoneMessage }
  | { kind: 'crash'; reason: string }
  | { kind: 'hang'; afterMs: number }
  | { kind: 'cancelled' };

/** A sent task that can be settled from outside (cancellation). */
export interface RunningTask {
  outcome: Promise<TaskOutcome>;
  cancel(): void;
}

/**
 * Sends one task and settles on the first of: the worker's answer, a worker failure, the
 * deadline, or cancel(). Whatever comes later is ignored: listeners are removed on settling.
 */
export function sendTask(handle: WorkerHandle, batch: CopyBatch, task: PreparedTask, id: number, fault: InjectedFault | undefined, deadlineMs: number): RunningTask {
  let finish: (outcome: TaskOutcome) => void = () => undefined;
  const outcome = new Promise<TaskOutcome>((resolve) => {
    let settled = false;
    finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopListening();
      resolve(result);
    };
    const stopListening = handle.listen({
      message: (message) => {
        if (message.type === 'done' && message.task === id) finish({ kind: 'done', message });
      },
      failure: (reason) => finish({ kind: 'crash', reason }),
    });
    const message: CopyTaskMessage = {
      type: 'copy',
      task: id,
      source: task.blocks.map((block) => batch.source[block]),
      destination: task.blocks.map((block) => batch.destination[block]),
      ranges: task.ranges,
      fault,
    };
    const timer = setTimeout(() => finish({ kind: 'hang', afterMs: deadlineMs }), deadlineMs);
    try {
      handle.post(message, transferables(message));
    } catch (error) {
      finish({ kind: 'crash', reason: `could not send the task: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  return { outcome, cancel: () => finish({ kind: 'cancelled' }) };
}

/** Puts the blocks a worker handed back into the batch (transfer memory). */
export function reclaimBlocks(batch: CopyBatch, task: PreparedTask, message: TaskDoneMessage): void {
  if (batch.shared) return;
  task.blocks.forEach((block, local) => {
    batch.source[block] = message.source[local];
    batch.destination[block] = message.destination[local];
  });
}

/**
 * Transfer memory: asks a worker whose task threw for the blocks it was given. Resolves true
 * when they came back (and are in the batch again), false if the worker stays silent.
 */
export function salvageBlocks(handle: WorkerHandle, batch: CopyBatch, task: PreparedTask, id: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const stopListening = handle.listen({
      message: (message) => {
        if (message.type !== 'salvaged' || message.task !== id) return;
        task.blocks.forEach((block, local) => {
          batch.source[block] = message.source[local];
          batch.destination[block] = message.destination[local];
        });
        done(true);
      },
      failure: () => undefined,
    });
    function done(salvaged: boolean): void {
      clearTimeout(timer);
      stopListening();
      resolve(salvaged);
    }
    try {
      handle.post({ type: 'salvage', task: id }, []);
    } catch {
      done(false);
    }
  });
}
