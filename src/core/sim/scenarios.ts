import type { FaultPlan, ProviderKind, ScheduledOp, SimConfig } from './types';

/** A scenario as the engine runs it: who is registered, what happens when, which faults fire. */
export interface ScenarioPlan {
  providers: Exclude<ProviderKind, 'kernel'>[];
  schedule: ScheduledOp[];
  faults?: FaultPlan;
  /** One line for the log's header: what the scenario exercises. */
  description: string;
}

const US = 1000;

function offloader(config: SimConfig): Exclude<ProviderKind, 'kernel'> {
  return config.provider === 'kernel' ? 'dcbm' : config.provider;
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
  const v3 = config.protocol === 'v3';
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
        faults: config.faults ?? {
          transient: [1],
          persistent: [2],
          ...(config.provider === 'dcbm' ? { dmaTimeoutAtFolio: 0 } : {}),
        },
        description: 'a transient copy fault on folio 1, a poisoned source on folio 2' + (config.provider === 'dcbm' ? ', a DMA timeout on the first batch' : ''),
      };
  }
}
