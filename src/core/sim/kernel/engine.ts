/**
 * Discrete-event engine with virtual time (ns). Kernel threads are generators that yield what they wait
 * for; the engine resumes them in time order, ties broken by insertion order, so a run is a pure function
 * of its configuration and seed.
 */

export interface DelayStep {
  kind: 'delay';
  ns: number;
}

export interface BlockStep {
  kind: 'block';
  queue: WaitQueue;
}

export type KStep = DelayStep | BlockStep;

/** A kernel thread body or a function it calls with `yield*`; T is the C function's return value. */
export type Task<T = void> = Generator<KStep, T, unknown>;

export const delay = (ns: number): DelayStep => ({ kind: 'delay', ns });

export interface Actor {
  readonly name: string;
  readonly task: Task<unknown>;
  finished: boolean;
}

/** Threads blocked on something (a mutex, a grace period); woken by whoever releases it. */
export class WaitQueue {
  private readonly waiting: Actor[] = [];

  constructor(private readonly engine: Engine) {}

  add(actor: Actor): void {
    this.waiting.push(actor);
  }

  wakeOne(): void {
    const actor = this.waiting.shift();
    if (actor) this.engine.resumeSoon(actor);
  }

  wakeAll(): void {
    for (const actor of this.waiting.splice(0)) this.engine.resumeSoon(actor);
  }

  get length(): number {
    return this.waiting.length;
  }
}

interface Scheduled {
  t: number;
  seq: number;
  actor?: Actor;
  run?: () => void;
}

export class Engine {
  now = 0;
  private seq = 0;
  private readonly heap: Scheduled[] = [];
  /** The actor whose step is running (undefined between steps). */
  current: Actor | undefined;
  stepCount = 0;
  private readonly afterStep: (() => void)[] = [];

  spawn(name: string, task: Task<unknown>, at = this.now): Actor {
    const actor: Actor = { name, task, finished: false };
    this.push({ t: Math.max(at, this.now), seq: this.seq++, actor });
    return actor;
  }

  /** Runs a plain callback at virtual time `t` (timers, interrupts). */
  at(t: number, run: () => void): void {
    this.push({ t: Math.max(t, this.now), seq: this.seq++, run });
  }

  resumeSoon(actor: Actor): void {
    this.push({ t: this.now, seq: this.seq++, actor });
  }

  /** Moves the clock forward with nothing to do (real-time mode advancing past idle gaps). */
  advanceTo(t: number): void {
    if (t > this.now && t <= this.nextTime) this.now = t;
  }

  onStep(check: () => void): void {
    this.afterStep.push(check);
  }

  get idle(): boolean {
    return this.heap.length === 0;
  }

  get nextTime(): number {
    return this.heap.length > 0 ? this.heap[0]!.t : Number.POSITIVE_INFINITY;
  }

  /** Processes one scheduled item; false when nothing is left. */
  step(): boolean {
    const item = this.pop();
    if (!item) return false;
    this.now = item.t;
    this.stepCount++;
    if (item.run) item.run();
    else if (item.actor) this.advance(item.actor);
    for (const check of this.afterStep) check();
    return true;
  }

  /**
   * Resuming a thread whose delay ends before anything else is scheduled is exactly what popping its event
   * would do, so up to this time such resumptions run in place (batch mode sets +Infinity; single-step
   * mode keeps it off so every step stays visible).
   */
  inlineUntil = Number.NEGATIVE_INFINITY;

  private advance(actor: Actor): void {
    this.current = actor;
    try {
      for (;;) {
        const next = actor.task.next();
        if (next.done) {
          actor.finished = true;
          return;
        }
        const step = next.value;
        if (step.kind === 'block') {
          step.queue.add(actor);
          return;
        }
        const t = this.now + Math.max(0, step.ns);
        if (this.heap.length > 0 || t > this.inlineUntil) {
          this.push({ t, seq: this.seq++, actor });
          return;
        }
        for (const check of this.afterStep) check();
        this.now = t;
        this.stepCount++;
      }
    } finally {
      this.current = undefined;
    }
  }

  private push(item: Scheduled): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Scheduled | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
