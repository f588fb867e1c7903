import { delay, type Task } from './kernel/engine';
import type { KernelModel } from './kernel/kernelModel';
import { invokeMigrator, type Migrator, type MigratorProtocol, type ProtocolOptions } from './protocol';
import type { CopyList } from './copyList';

const EBUSY = -16;
const EINVAL = -22;
const ENODEV = -19;

/**
 * The later design (V5/V6, series notes b.4): register refuses a second migrator with -EBUSY, only the
 * active migrator may unregister, unregister restores the default, drops the mutex, waits with
 * synchronize_srcu() and only then puts the module; the dispatch helper holds an SRCU reader section.
 * With the per-batch policy several migrators stay registered and the core picks one per batch.
 */
export class FixedProtocol implements MigratorProtocol {
  readonly id = 'fixed';
  readonly moveFlow = 'pre-copy' as const;
  private readonly registered: Migrator[] = [];
  private readonly mutex;
  private readonly srcu;
  private readonly folioCopy;
  private branchEnabled = false;

  constructor(
    k: KernelModel,
    private readonly options: ProtocolOptions,
  ) {
    this.mutex = k.mutex('migrate_offload_mutex');
    this.srcu = k.srcu('migrate_offload_srcu');
    this.folioCopy = k.staticCall<Migrator>('migrate_offload_copy', options.kernelCopy, (m) => m.name);
  }

  isActive(m: Migrator): boolean {
    return this.registered.includes(m);
  }

  active(): Migrator | undefined {
    return this.registered[0];
  }

  private get perBatch(): boolean {
    return this.options.policy === 'per-batch';
  }

  *start(k: KernelModel, m: Migrator): Task<number> {
    yield* this.mutex.lock();
    let ret = 0;
    if (this.registered.includes(m)) ret = EBUSY;
    else if (this.registered.length > 0 && !this.perBatch) ret = EBUSY;
    else if (m.owner && !m.owner.tryGet()) ret = ENODEV;
    if (ret === 0) {
      this.registered.push(m);
      yield delay(k.timings.staticCallUpdateNs);
      if (this.registered.length === 1) this.folioCopy.update(m);
      this.branchEnabled = true;
      k.log.info(`migrate_offload: ${m.name} registered`);
    } else {
      const active = this.registered[0]?.name ?? 'none';
      k.log.err(`migrate_offload: cannot register ${m.name}: err=${ret} (active: ${active})`);
    }
    this.mutex.unlock();
    return ret;
  }

  *stop(k: KernelModel, m: Migrator): Task<number> {
    yield* this.mutex.lock();
    const at = this.registered.indexOf(m);
    if (at < 0) {
      this.mutex.unlock();
      k.log.err(`migrate_offload: ${m.name} is not the active migrator, -EINVAL`);
      return EINVAL;
    }
    this.registered.splice(at, 1);
    this.branchEnabled = this.registered.length > 0;
    yield delay(k.timings.staticCallUpdateNs);
    this.folioCopy.update(this.registered[0] ?? this.options.kernelCopy);
    this.mutex.unlock();
    yield* this.srcu.synchronize();
    m.owner?.put();
    k.log.info(`migrate_offload: ${m.name} unregistered`);
    return 0;
  }

  *dispatch(k: KernelModel, list: CopyList): Task<number> {
    const idx = this.srcu.readLock();
    try {
      let m = this.branchEnabled ? this.folioCopy.query() : this.options.kernelCopy;
      if (this.perBatch && this.options.chooseForBatch && this.registered.length > 0) {
        m = this.options.chooseForBatch([this.options.kernelCopy, ...this.registered], list);
      }
      return yield* invokeMigrator(k, m, list);
    } finally {
      this.srcu.readUnlock(idx);
    }
  }
}
