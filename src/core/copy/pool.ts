import type { WorkerHandle, WorkerHost } from './host';

interface Slot {
  handle: WorkerHandle;
  dead: boolean;
  stopListening: () => void;
}

/**
 * A fixed number of worker slots. A slot whose worker died, hung or misbehaved is emptied
 * with `replace` and gets a fresh worker the next time it is needed.
 */
export class WorkerPool {
  private readonly slots: (Slot | undefined)[];

  constructor(
    private readonly host: WorkerHost,
    readonly size: number,
  ) {
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  /** Live, ready workers for the first `count` slots (started or restarted as needed). */
  async acquire(count: number): Promise<WorkerHandle[]> {
    const handles: WorkerHandle[] = [];
    for (let i = 0; i < count; i++) {
      let slot = this.slots[i];
      if (!slot || slot.dead) {
        if (slot) this.replace(i);
        slot = this.start();
        this.slots[i] = slot;
      }
      handles.push(slot.handle);
    }
    try {
      await Promise.all(handles.map((handle) => handle.ready));
    } catch (error) {
      this.terminateAll();
      throw error;
    }
    return handles;
  }

  /** Terminates the worker in slot `index`; the slot restarts on the next acquire. */
  replace(index: number): void {
    const slot = this.slots[index];
    if (!slot) return;
    slot.stopListening();
    slot.handle.terminate();
    this.slots[index] = undefined;
  }

  terminateAll(): void {
    for (let i = 0; i < this.size; i++) this.replace(i);
  }

  private start(): Slot {
    const handle = this.host.spawn();
    const slot: Slot = { handle, dead: false, stopListening: () => undefined };
    slot.stopListening = handle.listen({
      message: () => undefined,
      failure: () => {
        slot.dead = true;
      },
    });
    return slot;
  }
}
