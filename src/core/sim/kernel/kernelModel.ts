import { Engine, type Task } from './engine';
import { KernelLog } from './klog';
import { KModule } from './module';
import { KMutex } from './mutex';
import { RcuHead, SrcuDomain } from './srcu';
import { StaticCall } from './staticCall';
import { Trace } from './trace';
import { Rng } from '../rng';

/** Latencies of the protocol's own steps (not fitted: they do not show in the throughput tables). */
export interface KernelTimings {
  /** static_call_update(): text patching and core sync. */
  staticCallUpdateNs: number;
  /** Shortest SRCU grace period. */
  srcuGracePeriodNs: number;
  /** A sysfs store's own work (kstrtobool, driver mutex). */
  sysfsStoreNs: number;
  /** dcbm's wait_for_completion_timeout() per channel: 10 s. */
  dmaTimeoutNs: number;
}

export const defaultTimings: KernelTimings = {
  staticCallUpdateNs: 20_000,
  srcuGracePeriodNs: 50_000,
  sysfsStoreNs: 5_000,
  dmaTimeoutNs: 10_000_000_000,
};

/**
 * The kernel primitives the migrator protocol relies on, bound to one engine: the reusable API that the
 * built-in protocols and the C interpreter both call.
 */
export class KernelModel {
  readonly engine = new Engine();
  readonly trace: Trace;
  readonly log: KernelLog;
  readonly rng: Rng;
  readonly modules = new Map<string, KModule>();
  /** Protocol operations (start/stop/register/unregister) in progress; invariants on state wait for 0. */
  protocolBusy = 0;

  constructor(
    seed: number,
    readonly timings: KernelTimings = defaultTimings,
    limits: { maxLogLines: number; maxEvents: number } = { maxLogLines: 400, maxEvents: 5000 },
  ) {
    this.rng = new Rng(seed);
    const now = () => this.engine.now;
    this.trace = new Trace(now, () => this.engine.current?.name ?? 'irq', limits.maxEvents);
    this.log = new KernelLog(now, limits.maxLogLines, (text, source) => {
      if (!this.log.full) this.trace.record('printk', text, source);
    });
  }

  get now(): number {
    return this.engine.now;
  }

  mutex(name: string): KMutex {
    return new KMutex(name, this.engine, this.trace);
  }

  srcu(name: string): SrcuDomain {
    return new SrcuDomain(name, this.engine, this.trace, this.timings.srcuGracePeriodNs);
  }

  rcuHead(name: string): RcuHead {
    return new RcuHead(name);
  }

  module(name: string): KModule {
    let mod = this.modules.get(name);
    if (!mod) {
      mod = new KModule(name, this.trace);
      this.modules.set(name, mod);
    }
    return mod;
  }

  staticCall<T>(name: string, initial: T, describe: (t: T) => string): StaticCall<T> {
    return new StaticCall(name, initial, describe, this.trace);
  }

  /** Starts a kernel thread (a CPU running a syscall, a kworker, a sysfs write). */
  spawn(name: string, task: Task<unknown>, at?: number): void {
    this.engine.spawn(name, task, at);
  }
}
