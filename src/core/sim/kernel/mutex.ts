import { Engine, WaitQueue, type Actor, type Task } from './engine';
import type { Trace } from './trace';

/** A sleeping kernel mutex (DEFINE_MUTEX): one owner, FIFO waiters, unlock only by the owner. */
export class KMutex {
  owner: Actor | undefined;
  private readonly waiters: WaitQueue;

  constructor(
    readonly name: string,
    private readonly engine: Engine,
    private readonly trace: Trace,
  ) {
    this.waiters = new WaitQueue(engine);
  }

  *lock(): Task {
    const me = this.engine.current;
    if (me !== undefined && this.owner === me) {
      this.trace.violate('mutex-discipline', `${me.name} locks ${this.name} twice (self-deadlock)`, this.name);
    }
    while (this.owner !== undefined) yield { kind: 'block', queue: this.waiters };
    this.owner = me;
    this.trace.record('mutex_lock', this.name);
  }

  unlock(): void {
    const me = this.engine.current;
    if (this.owner !== me) {
      this.trace.violate('mutex-discipline', `${me?.name ?? '?'} unlocks ${this.name} it does not hold`, this.name);
    }
    this.owner = undefined;
    this.trace.record('mutex_unlock', this.name);
    this.waiters.wakeOne();
  }

  get locked(): boolean {
    return this.owner !== undefined;
  }
}
