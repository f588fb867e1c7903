import { WaitQueue, type Task } from './kernel/engine';
import type { KernelModel } from './kernel/kernelModel';
import type { ProviderDriver } from './providers/drivers';
import type { ScheduledOp } from './types';

export interface ScheduleHandlers {
  k: KernelModel;
  driver(kind: string): ProviderDriver | undefined;
  migrate(count: number | undefined): Task<number>;
  /** Another module reads what the migrator interface exports. */
  query(): void;
}

/** Lets ops wait for "the first batch copy has started" (races are aimed at an in-flight copy). */
export class CopyStartSignal {
  started: number | undefined;
  private readonly queue: WaitQueue;

  constructor(private readonly k: KernelModel) {
    this.queue = new WaitQueue(k.engine);
  }

  fire(): void {
    if (this.started !== undefined) return;
    this.started = this.k.now;
    this.queue.wakeAll();
  }

  *wait(): Task<number> {
    while (this.started === undefined) yield { kind: 'block', queue: this.queue };
    return this.started;
  }
}

/** Starts one kernel thread per op actor; each runs its ops in order, none before its `at`. */
export function startSchedule(schedule: ScheduledOp[], handlers: ScheduleHandlers, copyStart: CopyStartSignal): void {
  const byActor = new Map<string, ScheduledOp[]>();
  schedule.forEach((op, i) => {
    const actor = op.actor ?? `op${i}`;
    byActor.set(actor, [...(byActor.get(actor) ?? []), op]);
  });
  for (const [actor, ops] of byActor) handlers.k.spawn(actor, runOps(ops, handlers, copyStart));
}

function* runOps(ops: ScheduledOp[], h: ScheduleHandlers, copyStart: CopyStartSignal): Task {
  for (const op of ops) {
    const base = op.trigger === 'copy-start' ? yield* copyStart.wait() : 0;
    const at = base + Math.max(0, op.at);
    if (at > h.k.now) yield { kind: 'delay', ns: at - h.k.now };
    yield* runOp(op, h);
  }
}

function* runOp(op: ScheduledOp, h: ScheduleHandlers): Task {
  if (op.op === 'migrate') {
    yield* h.migrate(op.count);
    return;
  }
  if (op.op === 'query') {
    h.query();
    return;
  }
  const driver = op.provider ? h.driver(op.provider) : undefined;
  if (!driver) {
    h.k.trace.record('schedule', `${op.op}: no such provider ${op.provider ?? '(none)'}`);
    return;
  }
  if (driver.module.state !== 'live') {
    h.k.log.err(`sh: ${driver.knob}: No such file or directory (module ${driver.kind} is not loaded)`);
    return;
  }
  if (op.op === 'enable' || op.op === 'disable') {
    yield* driver.store(op.op === 'enable');
    return;
  }
  h.k.log.info(`sim: rmmod ${driver.kind}`);
  if (driver.module.builtin) {
    h.k.log.err(`rmmod: ERROR: Module ${driver.kind} is builtin.`);
    return;
  }
  const ret = yield* driver.module.unload(() => driver.exit());
  if (ret === 0) h.k.log.info(`sim: module ${driver.kind} unloaded`);
  else h.k.log.err(`rmmod: ERROR: Module ${driver.kind} is in use (${ret})`);
}
