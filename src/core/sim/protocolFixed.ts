import { delay, type Task } from './kernel/engine';
import type { KernelModel } from './kernel/kernelModel';
import { invokeMigrator, type ExportedState, type Migrator, type MigratorProtocol, type ProtocolOptions } from './protocol';
import type { CopyList } from './copyList';
import type { Generation, MigrationReason } from './types';

const EBUSY = -16;
const EINVAL = -22;
const ENODEV = -19;

/** What changed from V4 to V6 in the registration and dispatch (series notes 0, b.4, b.5, d). */
interface Traits {
  /** Log verbs: V4 migrate_offload_start()/stop(), V5 renamed them register()/unregister(). */
  on: string;
  off: string;
  /** V5+: a static branch, off by default, gates the batch path; V4 asks the migrator's should_batch(). */
  staticBranch: boolean;
  /** V5: m->owner is required at registration ("SRCU sync at unregister relies on it"). */
  ownerRequired: boolean;
  /** V6: FOLIO_CONTENT_COPIED per folio; V4/V5 mark the whole batch or nothing. */
  marker: 'batch' | 'folio';
}

const traits: Record<Exclude<Generation, 'v3'>, Traits> = {
  v4: { on: 'started', off: 'stopped', staticBranch: false, ownerRequired: false, marker: 'batch' },
  v5: { on: 'registered', off: 'unregistered', staticBranch: true, ownerRequired: true, marker: 'batch' },
  v6: { on: 'registered', off: 'unregistered', staticBranch: true, ownerRequired: false, marker: 'folio' },
};

/**
 * The later designs (V4–V6). Common to all three: a second migrator gets -EBUSY, only the active migrator
 * may stop itself, stop restores the default, drops the mutex, waits with synchronize_srcu() and only then
 * puts the module, and the dispatch holds an SRCU reader section (V4: "fixed the srcu_read_lock()
 * placement"). With the per-batch policy several migrators stay registered and the core picks one per batch.
 */
export class FixedProtocol implements MigratorProtocol {
  readonly id: string;
  readonly moveFlow = 'pre-copy' as const;
  readonly marker: 'batch' | 'folio';
  private readonly registered: Migrator[] = [];
  private readonly mutex;
  private readonly srcu;
  private readonly folioCopy;
  private readonly t: Traits;
  /** V5+ static branch migrate_offload_enabled: off until a migrator registers. */
  private branchEnabled = false;

  constructor(
    k: KernelModel,
    private readonly options: ProtocolOptions,
    readonly generation: Exclude<Generation, 'v3'> = 'v6',
  ) {
    this.id = generation;
    this.t = traits[generation];
    this.marker = this.t.marker;
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

  /**
   * Whether a batch takes the offload path: V4 asks the active migrator's should_batch(reason); V5/V6
   * test the static branch and the reason policy in migrate_pages_batch(). With nothing registered the
   * batch goes the mainline way (copy, then move, in the caller's mode).
   */
  gate(reason: MigrationReason): boolean {
    const m = this.registered[0];
    if (!m) return false;
    if (this.t.staticBranch && !this.branchEnabled) return false;
    return m.reasons === undefined || m.reasons.includes(reason);
  }

  exported(): ExportedState {
    const m = this.registered[0];
    return { callback: m ? m.name : 'folios_mc_copy', name: m?.name ?? 'kernel', dispatching: m !== undefined };
  }

  *start(k: KernelModel, m: Migrator): Task<number> {
    yield* this.mutex.lock();
    let ret = 0;
    if (this.registered.includes(m)) ret = EBUSY;
    else if (this.registered.length > 0 && !this.perBatch) ret = EBUSY;
    else if (this.t.ownerRequired && !m.owner) ret = EINVAL;
    else if (m.owner && !m.owner.tryGet()) ret = ENODEV;
    if (ret === 0) {
      this.registered.push(m);
      yield delay(k.timings.staticCallUpdateNs);
      if (this.registered.length === 1) this.folioCopy.update(m);
      this.branchEnabled = true;
      k.log.info(`migrate_offload: ${m.name} ${this.t.on}`);
    } else {
      const active = this.registered[0]?.name ?? 'none';
      const why = ret === EINVAL ? ' (no owner module)' : '';
      k.log.err(`migrate_offload: cannot register ${m.name}: err=${ret}${why} (active: ${active})`);
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
    k.log.info(`migrate_offload: ${m.name} ${this.t.off}`);
    return 0;
  }

  *dispatch(k: KernelModel, list: CopyList): Task<number> {
    const idx = this.srcu.readLock();
    try {
      let m = this.branchEnabled || !this.t.staticBranch ? this.folioCopy.query() : this.options.kernelCopy;
      if (this.perBatch && this.options.chooseForBatch && this.registered.length > 0) {
        m = this.options.chooseForBatch([this.options.kernelCopy, ...this.registered], list);
      }
      return yield* invokeMigrator(k, m, list);
    } finally {
      this.srcu.readUnlock(idx);
    }
  }
}
