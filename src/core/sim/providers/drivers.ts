import { dcbmNs, mtcopyNs } from '../costModel';
import type { CopyList, CopyEnv } from '../copyList';
import { delay, type Task } from '../kernel/engine';
import type { KernelModel } from '../kernel/kernelModel';
import type { KModule } from '../kernel/module';
import type { KMutex } from '../kernel/mutex';
import type { Migrator, MigratorProtocol } from '../protocol';
import type { Protocol, ProviderKind } from '../types';
import { DCBM_NAME, foliosCopyDma } from './dcbm';
import { MTCOPY_NAME, copyPageListsMt } from './mtcopy';
import { dcbmPlan, mtcopyPlan } from './plans';

const EINVAL = -22;

/** What the sysfs store and module exit of a provider observe; invariants read it. */
export interface ProviderDriver {
  kind: ProviderKind;
  migrator: Migrator;
  module: KModule;
  /** dcbm's `offloading_enabled` / mtcopy's `is_dispatching`. */
  enabled: boolean;
  knob: string;
  store(on: boolean): Task<number>;
  /** module_exit: turn offloading off if this driver believes it is on. */
  exit(): Task<void>;
}

export interface DriverHooks {
  /** The protocol op returned: the previous provider is now assumed unused by the writer. */
  switched(before: Migrator | undefined, after: Migrator | undefined, requestedBy: Migrator, op: 'start' | 'stop'): void;
}

export interface DriverSetup {
  k: KernelModel;
  protocol: () => MigratorProtocol;
  generation: Protocol;
  env: CopyEnv;
  threads: number;
  channels: number;
  hooks: DriverHooks;
  /** Name from the patch's `struct migrator` initialiser, when it defines one for this provider. */
  name?: string;
}

export function createDriver(kind: Exclude<ProviderKind, 'kernel'>, setup: DriverSetup): ProviderDriver {
  const { k, generation } = setup;
  const module = k.module(kind);
  const migrator: Migrator =
    kind === 'mtcopy'
      ? {
          name: setup.name ?? MTCOPY_NAME,
          kind,
          owner: module,
          running: 0,
          copy: (kk, list) => copyPageListsMt(kk, list, setup.threads, generation),
          estimateNs: (list) => estimateMtcopy(list, setup.threads),
        }
      : {
          name: setup.name ?? DCBM_NAME,
          kind,
          owner: module,
          running: 0,
          copy: (kk, list) => foliosCopyDma(kk, list, setup.channels, generation),
          estimateNs: (list) => estimateDcbm(list, setup.channels),
        };
  const knob = kind === 'mtcopy' ? '/sys/kernel/cpu_mt/offloading' : '/sys/kernel/dcbm/offloading';
  const mutex = k.mutex(kind === 'mtcopy' ? 'mtcopy_mutex' : 'migratecfg_mutex');
  const driver: ProviderDriver = {
    kind,
    migrator,
    module,
    enabled: false,
    knob,
    store: (on) => store(setup, driver, mutex, on),
    exit: () => moduleExit(setup, driver, mutex),
  };
  return driver;
}

function* store(setup: DriverSetup, driver: ProviderDriver, mutex: KMutex, on: boolean): Task<number> {
  const { k } = setup;
  k.trace.record('sysfs_store', `echo ${on ? 1 : 0} > ${driver.knob}`);
  yield delay(k.timings.sysfsStoreNs);
  yield* mutex.lock();
  k.protocolBusy++;
  try {
    if (on === driver.enabled) {
      k.log.err(`${driver.kind}: migration offloading is already ${on ? 'ON' : 'OFF'}`);
      return EINVAL;
    }
    const ret = yield* switchProvider(setup, driver, on);
    // V3's drivers ignore start/stop's result and set their flag anyway (series notes e.10, e.11).
    if (ret < 0 && setup.generation !== 'v3') return ret;
    driver.enabled = on;
    k.log.info(`${driver.kind}: migration offloading is now ${on ? 'ON' : 'OFF'}`);
    return 2;
  } finally {
    k.protocolBusy--;
    mutex.unlock();
  }
}

function* switchProvider(setup: DriverSetup, driver: ProviderDriver, on: boolean): Task<number> {
  const protocol = setup.protocol();
  const before = protocol.active();
  const ret = on ? yield* protocol.start(setup.k, driver.migrator) : yield* protocol.stop(setup.k, driver.migrator);
  setup.hooks.switched(before, protocol.active(), driver.migrator, on ? 'start' : 'stop');
  return ret;
}

function* moduleExit(setup: DriverSetup, driver: ProviderDriver, mutex: KMutex): Task<void> {
  yield* mutex.lock();
  setup.k.protocolBusy++;
  try {
    if (driver.enabled) {
      yield* switchProvider(setup, driver, false);
      driver.enabled = false;
    }
  } finally {
    setup.k.protocolBusy--;
    mutex.unlock();
  }
}

function estimateMtcopy(list: CopyList, threads: number): number {
  const plan = mtcopyPlan(list.batch.bytes, list.idx, list.n, threads, false);
  return mtcopyNs(list.env.params, plan.items, plan.maxItemBytes, list.totalBytes);
}

function estimateDcbm(list: CopyList, channels: number): number {
  const cost = dcbmNs(list.env.params, dcbmPlan(list.batch.bytes, list.idx, list.n, channels));
  return cost.setupNs + cost.transferNs + cost.completionNs;
}
