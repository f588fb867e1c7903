import { generationOf, providersOf } from './defaults';
import type { BuildKind, FaultPlan, MigrateMode, MigrationReason, ProviderKind, ScheduledOp, SimConfig, Topology } from './types';

/** A scenario as the engine runs it: who is registered, what happens when, which faults fire. */
export interface ScenarioPlan {
  providers: Exclude<ProviderKind, 'kernel'>[];
  schedule: ScheduledOp[];
  faults?: FaultPlan;
  /** One line for the log's header: what the scenario exercises. */
  description: string;
  /** What the scenario needs of the machine and the workload; the caller's own settings win. */
  settings?: {
    movableOpsShare?: number;
    modeSensitiveShare?: number;
    debugVm?: boolean;
    reason?: MigrationReason;
    mode?: MigrateMode;
    topology?: Topology;
    threads?: number;
    build?: BuildKind;
  };
}

/** A 1-socket, 2-CCD part: 16 cores, 32 CPUs. Patch 9's spread list leaves it at the fifth work item. */
export const smallTopology: Topology = { nodes: 1, ccdsPerNode: 2, coresPerCcd: 8, smt: 2 };

const US = 1000;

function offloader(config: SimConfig): Exclude<ProviderKind, 'kernel'> {
  return config.provider === 'kernel' ? 'dcbm' : config.provider;
}

function plansFolioFaults(f: FaultPlan | undefined): boolean {
  return f !== undefined && (f.transient.length > 0 || f.persistent.length > 0 || f.dmaTimeoutAtFolio !== undefined);
}

function other(kind: Exclude<ProviderKind, 'kernel'>): Exclude<ProviderKind, 'kernel'> {
  return kind === 'dcbm' ? 'mtcopy' : 'dcbm';
}

/**
 * Preset schedules. Where V3 and the fixed design need different user actions for the same intent (switch
 * providers: V3 just starts the new one, V6 must stop the old one first) the plan says so.
 */
export function planScenario(config: SimConfig): ScenarioPlan {
  const a = offloader(config);
  const b = other(a);
  const generation = generationOf(config.protocol);
  const v3 = generation === 'v3';
  const enableMigrate = (p: Exclude<ProviderKind, 'kernel'>): ScheduledOp[] => [
    { at: 0, op: 'enable', provider: p, actor: 'sh' },
    { at: 0, op: 'migrate', actor: 'sh' },
  ];
  switch (config.scenario) {
    case 'plain': {
      const kinds = (config.providers ?? [config.provider]).filter((p): p is Exclude<ProviderKind, 'kernel'> => p !== 'kernel');
      return {
        providers: [...new Set(kinds)],
        schedule: [...kinds.map((p): ScheduledOp => ({ at: 0, op: 'enable', provider: p, actor: 'sh' })), { at: 0, op: 'migrate', actor: 'sh' }],
        description: `migrate with ${kinds.length > 0 ? kinds.join(' + ') : 'the kernel copy'}`,
      };
    }
    case 'switch-in-flight':
      return {
        providers: [a, b],
        schedule: [
          { at: 0, op: 'enable', provider: a, actor: 'sh' },
          { at: 0, op: 'migrate', actor: 'sh' },
          ...(v3 ? [] : [{ at: 1 * US, op: 'disable', provider: a, actor: 'sh2', trigger: 'copy-start' } as ScheduledOp]),
          { at: 1 * US, op: 'enable', provider: b, actor: 'sh2', trigger: 'copy-start' },
        ],
        description: `switch ${a} -> ${b} while a batch copy is in flight`,
      };
    case 'stop-by-inactive':
      return {
        providers: ['dcbm', 'mtcopy'],
        schedule: [
          { at: 0, op: 'enable', provider: 'dcbm', actor: 'sh' },
          { at: 0, op: 'enable', provider: 'mtcopy', actor: 'sh' },
          { at: 0, op: 'disable', provider: 'dcbm', actor: 'sh' },
          { at: 0, op: 'migrate', actor: 'sh' },
        ],
        description: 'enable dcbm, enable mtcopy, then write 0 to dcbm\'s knob',
      };
    case 'unload-during-copy':
      return {
        providers: [a],
        schedule: [
          { at: 0, op: 'enable', provider: a, actor: 'sh' },
          { at: 0, op: 'migrate', actor: 'sh' },
          { at: 1 * US, op: 'disable', provider: a, actor: 'sh2', trigger: 'copy-start' },
          { at: 1 * US, op: 'unload', provider: a, actor: 'sh2', trigger: 'copy-start' },
        ],
        description: `disable ${a} and rmmod it while its copy callback runs`,
      };
    case 'shared-rcu-head':
      return {
        providers: ['dcbm', 'mtcopy'],
        schedule: [
          { at: 0, op: 'enable', provider: 'dcbm', actor: 'sh' },
          { at: 0, op: 'migrate', actor: 'sh' },
          { at: 1 * US, op: 'enable', provider: 'mtcopy', actor: 'cpu1', trigger: 'copy-start' },
          { at: 6 * US, op: 'disable', provider: 'dcbm', actor: 'cpu2', trigger: 'copy-start' },
        ],
        description: 'two concurrent updates (mtcopy on, dcbm off) from two CPUs',
      };
    case 'copy-failure':
      return {
        providers: config.provider === 'kernel' ? [] : [config.provider],
        schedule: [
          ...(config.provider === 'kernel' ? [] : [{ at: 0, op: 'enable', provider: config.provider, actor: 'sh' } as ScheduledOp]),
          { at: 0, op: 'migrate', actor: 'sh' },
        ],
        // The scenario's own faults unless the caller planned folio faults; --inject points come on top.
        faults: plansFolioFaults(config.faults)
          ? config.faults!
          : { transient: [1], persistent: [2], ...(config.provider === 'dcbm' ? { dmaTimeoutAtFolio: 0 } : {}), ...(config.faults?.points ? { points: config.faults.points } : {}) },
        description: 'a transient copy fault on folio 1, a poisoned source on folio 2' + (config.provider === 'dcbm' ? ', a DMA timeout on the first batch' : ''),
      };
    case 'interface-leftovers':
      return {
        providers: [a],
        schedule: [...enableMigrate(a), { at: 1 * US, op: 'query', actor: 'ext', trigger: 'copy-start' }],
        description: `while ${a} copies, another module reads what the interface exports (dispatch_to_offc, migrator.migrate_offc, get_active_migrator_name())`,
      };
    case 'movable-ops-mix':
      return {
        providers: [a],
        schedule: enableMigrate(a),
        settings: { movableOpsShare: 0.1, debugVm: true },
        description: `migrate a mix with 10 % movable_ops pages (balloon/zsmalloc) under CONFIG_DEBUG_VM with ${a}`,
      };
    case 'reason-mix':
      return {
        providers: config.provider === 'kernel' ? [] : [a],
        schedule: config.provider === 'kernel' ? [{ at: 0, op: 'migrate', actor: 'sh' }] : enableMigrate(a),
        settings: { reason: 'compaction', mode: 'async', modeSensitiveShare: 0.25 },
        description: 'compaction (MIGRATE_ASYNC) of file folios, a quarter in buffer-head mappings whose ->migrate_folio branches on the mode',
      };
    case 'small-topology': {
      const p = providersOf(generation).includes('mtcopy') ? 'mtcopy' : a;
      return {
        providers: [p],
        schedule: enableMigrate(p),
        settings: { topology: smallTopology, threads: 8 },
        description: `${p} with 8 threads on a 32-CPU machine (1 socket, 2 CCDs)`,
      };
    }
    case 'module-build':
      return {
        providers: [a],
        schedule: [...enableMigrate(a), { at: 0, op: 'disable', provider: a, actor: 'sh' }, { at: 0, op: 'unload', provider: a, actor: 'sh' }],
        settings: { build: 'module' },
        description: `build ${a} as a module (=m), use it, disable it and rmmod it`,
      };
  }
}
