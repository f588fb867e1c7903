import { Engine, WaitQueue, delay, type Task } from './engine';
import type { Trace } from './trace';

/** struct rcu_head: may be queued by call_srcu() once until its callback has run. */
export class RcuHead {
  pending = false;
  func: string | undefined;

  constructor(readonly name: string) {}
}

/**
 * An SRCU domain (DEFINE_SRCU). Readers get numbered sections; a grace period waits for every section that
 * was open when it started (and only those), which is the guarantee synchronize_srcu() gives.
 */
export class SrcuDomain {
  private nextReader = 1;
  readonly active = new Set<number>();
  private readonly exits: WaitQueue;
  private readonly callbacksDone: WaitQueue;
  private queuedCallbacks = 0;
  private completedCallbacks = 0;
  gracePeriods = 0;

  constructor(
    readonly name: string,
    private readonly engine: Engine,
    private readonly trace: Trace,
    /** Minimum length of a grace period (SRCU's own bookkeeping), ns. */
    readonly gracePeriodNs: number,
  ) {
    this.exits = new WaitQueue(engine);
    this.callbacksDone = new WaitQueue(engine);
  }

  readLock(): number {
    const idx = this.nextReader++;
    this.active.add(idx);
    this.trace.record('srcu_read_lock', `${this.name} #${idx}`);
    return idx;
  }

  readUnlock(idx: number): void {
    if (!this.active.delete(idx)) {
      this.trace.violate('srcu-balance', `srcu_read_unlock(${this.name}) of section #${idx} that is not open`, `${idx}`);
    }
    this.trace.record('srcu_read_unlock', `${this.name} #${idx}`);
    this.exits.wakeAll();
  }

  /** synchronize_srcu(): returns once every reader that was inside when it was called has left. */
  *synchronize(): Task {
    const snapshot = [...this.active];
    yield delay(this.gracePeriodNs);
    while (snapshot.some((idx) => this.active.has(idx))) yield { kind: 'block', queue: this.exits };
    this.gracePeriods++;
    this.trace.record('srcu_gp_end', this.name);
  }

  /** call_srcu(): queues `head`; queuing a head that is still pending corrupts the callback list. */
  callSrcu(head: RcuHead, func: string, invoke: () => void): void {
    if (head.pending) {
      this.trace.violate(
        'rcu-head-queued-once',
        `call_srcu(&${this.name}, &${head.name}) while that rcu_head is still queued: the callback list is corrupted`,
        head.name,
      );
      return;
    }
    head.pending = true;
    head.func = func;
    this.queuedCallbacks++;
    this.trace.record('call_srcu', `${head.name} -> ${func}`);
    this.engine.spawn(`srcu-gp(${this.name})`, this.gracePeriodThenInvoke(head, invoke));
  }

  private *gracePeriodThenInvoke(head: RcuHead, invoke: () => void): Task {
    yield* this.synchronize();
    head.pending = false;
    invoke();
    this.completedCallbacks++;
    this.callbacksDone.wakeAll();
  }

  /** srcu_barrier(): waits for every callback queued so far. */
  *barrier(): Task {
    const target = this.queuedCallbacks;
    while (this.completedCallbacks < target) yield { kind: 'block', queue: this.callbacksDone };
    this.trace.record('srcu_barrier', this.name);
  }
}
