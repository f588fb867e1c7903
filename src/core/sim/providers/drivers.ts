import { dcbmNs, mtcopyNs } from '../costModel';
import type { CopyList, CopyEnv } from '../copyList';
import { delay, type Task } from '../kernel/engine';
import type { KernelModel } from '../kernel/kernelModel';
import type { KModule } from '../kernel/module';
import type { KMutex } from '../kernel/mutex';
import type { Migrator, MigratorProtocol } from '../protocol';
import type { BuildKind, CpuSelect, Generation, ProviderKind, Topology } from '../types';
import { DCBM_NAME, foliosCopyDma } from './dcbm';
import { MTCOPY_NAME, copyPageListsMt } from './mtcopy';
import { dcbmPlan, mtcopyPlan } from './plans';
import { itemsPerCcd } from '../topology';

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
  generation: Generation;
  env: CopyEnv;
  threads: number;
  channels: number;
  cpuselect: CpuSelect;
  topology: Required<Topology>;
  /** undefined: modelled as a module without asking Kconfig (the simulator's default). */
  build: BuildKind | undefined;
  hooks: DriverHooks;
  /** Name from the patch's `struct migrator` initialiser, when it defines one for this provider. */
  name?: string;
}

/**
 * The drivers' Kconfig per generation: both bool in V3 (MTCOPY_CPU, DCBM_DMA), DCBM_DMA tristate from V5
 * (V5 changelog: "CONFIG_DCBM_DMA tristate"), so before V5 `.owner = THIS_MODULE` is always NULL.
 */
export function kconfigOf(kind: Exclude<ProviderKind, 'kernel'>, generation: Generation): 'bool' | 'tristate' {
  return kind === 'dcbm' && (generation === 'v5' || generation === 'v6') ? 'tristate' : 'bool';
}

export function createDriver(kind: Exclude<ProviderKind, 'kernel'>, setup: DriverSetup): ProviderDriver {
  const { k, generation } = setup;
  const module = k.module(kind);
  const kconfig = kconfigOf(kind, generation);
  if (setup.build === 'module' && kconfig === 'bool') {
    k.trace.violate(
      'module-build-possible',
      `CONFIG_${kind === 'dcbm' ? 'DCBM_DMA' : 'MTCOPY_CPU'} is bool in ${generation.toUpperCase()}: it cannot be built as a module, THIS_MODULE is NULL and the try_module_get()/module_put() owner logic is dead code`,
      kind,
    );
  }
  const owner = setup.build === 'builtin' || (setup.build === 'module' && kconfig === 'bool') ? undefined : module;
  const migrator: Migrator =
    kind === 'mtcopy'
      ? {
          name: setup.name ?? MTCOPY_NAME,
          kind,
          owner,
          running: 0,
          copy: (kk, list) => copyPageListsMt(kk, list, setup.threads, generation, setup.cpuselect, setup.topology),
          estimateNs: (list) => estimateMtcopy(list, setup.threads, setup.cpuselect, setup.topology),
        }
      : {
          name: setup.name ?? DCBM_NAME,
          kind,
          owner,
          running: 0,
          copy: (kk, list) => foliosCopyDma(kk, list, setup.channels, generation),
          estimateNs: (list) => estimateDcbm(list, setup.channels),
        };
  if (!owner) module.builtin = true;
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
    if (on && driver.migrator.owner && setup.env.faults.fires('module-get')) driver.migrator.owner.failNextGet = true;
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

function estimateMtcopy(list: CopyList, threads: number, select: CpuSelect, topology: Required<Topology>): number {
  const plan = mtcopyPlan(list.batch.bytes, list.idx, list.n, threads, false);
  return mtcopyNs(list.env.params, plan.items, plan.maxItemBytes, list.totalBytes, itemsPerCcd(topology, select, plan.items));
}

function estimateDcbm(list: CopyList, channels: number): number {
  const cost = dcbmNs(list.env.params, dcbmPlan(list.batch.bytes, list.idx, list.n, channels));
  return cost.setupNs + cost.transferNs + cost.completionNs;
}
