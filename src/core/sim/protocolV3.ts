import { delay, type Task } from './kernel/engine';
import type { KernelModel } from './kernel/kernelModel';
import type { KModule } from './kernel/module';
import { invokeMigrator, type ExportedState, type Migrator, type MigratorProtocol, type ProtocolOptions } from './protocol';
import type { CopyList } from './copyList';
import { formatPrintk, namesGlobal } from './patchFactsApply';
import type { PatchFacts } from './types';

const ENODEV = -19;

/**
 * The migrator interface exactly as posted in RFC V3 (patch 5, series notes b.1–b.4): one global
 * `migrator`, start/stop through offc_update_migrator() under migrator_mut, a read lock taken by the writer
 * only, the old owner put before the grace period, call_srcu() on the one shared rcu_head after the mutex is
 * dropped, and a dispatch site with no SRCU reader section.
 */
export class V3Protocol implements MigratorProtocol {
  readonly id = 'v3';
  readonly generation = 'v3' as const;
  readonly moveFlow = 'copy-after-prep' as const;
  /** The global `struct migrator migrator`: the name shown in messages and the pinned owner. */
  readonly global: { name: string; owner: KModule | undefined };
  private readonly folioCopy;
  private readonly mutex;
  private readonly srcu;
  private readonly srcuHead;
  dispatchToOffc = 0;
  private current: Migrator | undefined;

  constructor(
    k: KernelModel,
    private readonly options: ProtocolOptions,
    private readonly facts?: PatchFacts,
  ) {
    this.global = { name: 'kernel', owner: undefined };
    this.folioCopy = k.staticCall<Migrator>('_folios_copy', options.kernelCopy, (m) => (m === options.kernelCopy ? 'folios_mc_copy' : `${m.name} migrate_offc`));
    this.mutex = k.mutex('migrator_mut');
    this.srcu = k.srcu('mig_srcu');
    this.srcuHead = k.rcuHead('migrator.srcu_head');
  }

  /**
   * What mm/migrate_offc.c exports: `dispatch_to_offc` (toggled, read by nothing), the global's
   * `.migrate_offc` (never updated: always folios_mc_copy) and get_active_migrator_name() (series notes e.5).
   */
  exported(): ExportedState {
    return { callback: 'folios_mc_copy', name: this.global.name, dispatching: this.dispatchToOffc === 1 };
  }

  isActive(m: Migrator): boolean {
    return this.current === m;
  }

  active(): Migrator | undefined {
    return this.current;
  }

  *start(k: KernelModel, m: Migrator): Task<number> {
    const startLog = this.facts?.startLog;
    const startName = startLog && namesGlobal(startLog.value.nameExpression) ? this.global.name : m.name;
    k.log.info(startLog ? formatPrintk(startLog.value.format, startName) : `starting migration offload by ${m.name}`, startLog?.source);
    const ret = yield* this.update(k, m);
    if (ret < 0) {
      k.log.err(`failed to start migration offload by ${m.name}, err=${ret}`);
      return ret;
    }
    if (this.dispatchToOffc === 0) this.dispatchToOffc = 1;
    return 0;
  }

  /** stop_offloading(void): the caller is not passed, so the message names whoever is installed. */
  *stop(k: KernelModel, caller: Migrator): Task<number> {
    const stopLog = this.facts?.stopLog;
    const stopName = stopLog && !namesGlobal(stopLog.value.nameExpression) ? caller.name : this.global.name;
    k.log.info(stopLog ? formatPrintk(stopLog.value.format, stopName) : `stopping migration offload by ${stopName}`, stopLog?.source);
    const ret = yield* this.update(k, undefined);
    if (ret < 0) {
      k.log.err(`failed to stop migration offload by ${this.global.name}, err=${ret}`);
      return ret;
    }
    if (this.dispatchToOffc === 1) this.dispatchToOffc = 0;
    return 0;
  }

  /** offc_update_migrator(mig) from mm/migrate.c. */
  *update(k: KernelModel, mig: Migrator | undefined): Task<number> {
    yield* this.mutex.lock();
    const idx = this.srcu.readLock();
    const oldOwner = this.global.owner;
    if (mig?.owner && !mig.owner.tryGet()) {
      k.log.warn(`WARNING: offc_update_migrator: try_module_get(${mig.owner.name}) failed`);
      this.srcu.readUnlock(idx);
      this.mutex.unlock();
      return ENODEV;
    }
    this.global.name = mig ? mig.name : 'kernel';
    yield delay(k.timings.staticCallUpdateNs);
    this.folioCopy.update(mig ?? this.options.kernelCopy);
    this.current = mig;
    this.global.owner = mig?.owner;
    oldOwner?.put();
    this.srcu.readUnlock(idx);
    this.mutex.unlock();
    this.srcu.callSrcu(this.srcuHead, 'srcu_mig_cb', () => this.folioCopy.query());
    yield* this.srcu.barrier();
    return 0;
  }

  *dispatch(k: KernelModel, list: CopyList): Task<number> {
    return yield* invokeMigrator(k, this.folioCopy.query(), list);
  }
}
