import type { Task } from './kernel/engine';
import type { KernelModel } from './kernel/kernelModel';
import type { KModule } from './kernel/module';
import type { CopyList } from './copyList';
import type { Generation, MigrationReason, MultiProviderPolicy, ProviderKind, SimConfig } from './types';

/** A `struct migrator` as a provider fills it in: its name, its batch-copy callback and its module. */
export interface Migrator {
  name: string;
  kind: ProviderKind;
  /** migrate_offc(dst_list, src_list, folio_cnt): 0 on success. */
  copy: (k: KernelModel, list: CopyList) => Task<number>;
  owner: KModule | undefined;
  /** Threads executing `copy` right now (the invariants watch it). */
  running: number;
  /** Modelled copy time of a list, for the per-batch policy's choice. */
  estimateNs?: (list: CopyList) => number;
  /** Reasons the migrator accepts (V4 should_batch(), V5+ reason policy); undefined = every reason. */
  reasons?: readonly MigrationReason[];
}

/** What an outside caller learns from the exported interface (V3: dispatch_to_offc, migrator.migrate_offc, get_active_migrator_name()). */
export interface ExportedState {
  /** The callback the exported record names. */
  callback: string;
  name: string;
  /** Whether the exported flag says offloading is on. */
  dispatching: boolean;
}

/**
 * The migrator protocol: how providers are switched and how the core dispatches a batch copy.
 * The V3 and fixed versions are built in; the C interpreter supplies one that runs the patch's own code.
 */
export interface MigratorProtocol {
  readonly id: string;
  /** 'copy-after-prep': V3 (prep with MIGRATE_NO_COPY, then copy); 'pre-copy': V4+ (copy, mark, then move). */
  readonly moveFlow: 'copy-after-prep' | 'pre-copy';
  /** start_offloading(m) / migrate_offload_register(m). */
  start(k: KernelModel, m: Migrator): Task<number>;
  /** stop_offloading() (V3 ignores `caller`) / migrate_offload_unregister(m). */
  stop(k: KernelModel, caller: Migrator): Task<number>;
  /** The core's `static_call(_folios_copy)(…)` site, with whatever protection the protocol gives it. */
  dispatch(k: KernelModel, list: CopyList): Task<number>;
  /** The provider that would copy the next batch (undefined = the kernel's own copy). */
  active(): Migrator | undefined;
  /** Whether `m` may be handed a batch now (several may be under the per-batch policy). */
  isActive(m: Migrator): boolean;
  /** The series generation this protocol models (undefined: supplied from outside, e.g. the patch's code). */
  readonly generation?: Generation;
  /** V4+: whether this batch takes the offload path at all; absent = always (V3 patch 4). */
  gate?(reason: MigrationReason, list: CopyList): boolean;
  /** V4+: FOLIO_CONTENT_COPIED granularity after a failed batch copy: recopy all ('batch') or only unmarked ('folio'). */
  readonly marker?: 'batch' | 'folio';
  /** The state the interface exports to other code, if it exports any. */
  exported?(): ExportedState;
}

export interface ProtocolOptions {
  policy: MultiProviderPolicy;
  /** The kernel's built-in copy (folios_mc_copy). */
  kernelCopy: Migrator;
  /** Chooses a provider for one batch under the per-batch policy. */
  chooseForBatch?: (candidates: Migrator[], list: CopyList) => Migrator;
}

export type MigratorProtocolFactory = (k: KernelModel, options: ProtocolOptions) => MigratorProtocol;

/** A run's configuration with the code that supplies its migrator protocol (e.g. the C interpreter running the patch's own functions). */
export type SimRunConfig = SimConfig & { protocolImpl?: MigratorProtocolFactory };

/** Calls a provider's copy callback, accounting that its module's code is executing meanwhile. */
export function* invokeMigrator(k: KernelModel, m: Migrator, list: CopyList): Task<number> {
  m.owner?.enter();
  m.running++;
  try {
    return yield* m.copy(k, list);
  } finally {
    m.running--;
    m.owner?.leave();
  }
}
