import type { WorkerHandle, WorkerHost } from './host';

interface Slot {
  handle: WorkerHandle;
  dead: boolean;
  stopListening: () => void;
}

/**
 * A fixed number of worker slots. A slot whose worker died or hung is emptied with `replace`
 * and gets a fresh worker the next time it is asked for.
 */
export class WorkerPool {
  private readonly slots: (Slot | undefined)[];
  /** Started ahead so that replacing a hung worker does not wait for a start-up (tens of ms of CPU each). */
  private readonly spares: Slot[] = [];
  private wantedSpares = 0;

  constructor(
    private readonly host: WorkerHost,
    readonly size: number,
  ) {
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  /** Starts the first `count` slots' workers together and waits until all are ready (outside any timed region). */
  async acquire(count: number): Promise<WorkerHandle[]> {
    try {
      return await Promise.all(Array.from({ length: count }, (_, i) => this.worker(i)));
    } catch (error) {
      this.terminateAll();
      throw error;
    }
  }

  /** The live, ready worker of slot `index`, started or restarted as needed. */
  async worker(index: number): Promise<WorkerHandle> {
    let slot = this.slots[index];
    if (!slot || slot.dead) {
      if (slot) this.replace(index);
      slot = this.spares.shift() ?? this.start();
      this.slots[index] = slot;
      this.topUpSpares();
    }
    await slot.handle.ready;
    return slot.handle;
  }

  /** Terminates the worker in slot `index`; the slot restarts when next asked for. */
  replace(index: number): void {
    const slot = this.slots[index];
    if (!slot) return;
    slot.stopListening();
    slot.handle.terminate();
    this.slots[index] = undefined;
  }

  /** Keep `count` workers started ahead (fault runs that expect hangs); 0 stops them. */
  keepSpares(count: number): void {
    this.wantedSpares = count;
    while (this.spares.length > count) this.drop(this.spares.pop()!);
    this.topUpSpares();
  }

  terminateAll(): void {
    for (let i = 0; i < this.size; i++) this.replace(i);
    this.wantedSpares = 0;
    while (this.spares.length > 0) this.drop(this.spares.pop()!);
  }

  private topUpSpares(): void {
    while (this.spares.length < this.wantedSpares) this.spares.push(this.start());
    // A spare that died while waiting is of no use.
    for (let i = this.spares.length - 1; i >= 0; i--) if (this.spares[i].dead) this.drop(this.spares.splice(i, 1)[0]);
  }

  private drop(slot: Slot): void {
    slot.stopListening();
    slot.handle.terminate();
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
