import { providersOf } from './defaults';
import { runScenario } from './simulation';
import { generations, type Generation, type GenerationVerdicts, type ProviderKind, type ScenarioName, type SimConfig, type Verdict } from './types';
import type { SimRunConfig } from './protocol';

export type { GenerationVerdicts } from './types';

export type DefectOutcome = 'violated' | 'held' | 'n/a';

/** One problem of series notes (e) and the run that shows it. */
interface DefectSpec {
  id: number;
  title: string;
  scenario: ScenarioName;
  invariant: string;
  /** The run's settings besides scenario and protocol. */
  config: Omit<SimConfig, 'scenario' | 'protocol'>;
  /** The code the defect lives in, when a later generation dropped it (mtcopy left in V4). */
  onlyWith?: 'mtcopy';
  /** Set when the model cannot express the defect, saying why. */
  reason?: string;
}

const specs: DefectSpec[] = [
  { id: 1, title: 'stop_offloading() names the wrong party and can stop someone else\'s provider', scenario: 'stop-by-inactive', invariant: 'stop-targets-caller', config: { provider: 'dcbm' } },
  { id: 2, title: 'SRCU does not protect anything: the module reference is dropped while the callback runs', scenario: 'unload-during-copy', invariant: 'module-code-alive', config: { provider: 'dcbm', batchLimit: 'patch8', count: 64 } },
  { id: 3, title: 'the shared rcu_head can be queued twice by concurrent updates', scenario: 'shared-rcu-head', invariant: 'rcu-head-queued-once', config: { provider: 'dcbm' } },
  {
    id: 4,
    title: 'build problems outside the tested configuration (void stubs returning 0, HAVE_STATIC_CALL guard, bool + def_bool)',
    scenario: 'plain',
    invariant: '',
    config: { provider: 'dcbm' },
    reason: 'compile- and link-time errors: the simulator runs the behaviour of a kernel that built; it has no compiler, Kconfig solver or architecture without HAVE_STATIC_CALL to fail on (the review rules and checkpatch cover this source-level defect)',
  },
  { id: 5, title: 'interface leftovers: dispatch_to_offc toggled but read nowhere, .migrate_offc never updated', scenario: 'interface-leftovers', invariant: 'exported-state-truthful', config: { provider: 'dcbm' } },
  { id: 6, title: 'copy after metadata: a failed fallback copy frees the dst the mapping already points at', scenario: 'copy-failure', invariant: 'failed-folio-restored', config: { provider: 'kernel', count: 8 } },
  { id: 7, title: 'statistics double-counted on fallback', scenario: 'copy-failure', invariant: 'counted-once', config: { provider: 'kernel', count: 8 } },
  { id: 8, title: 'wrong movable_ops helper: page_movable_ops() on every LRU folio', scenario: 'movable-ops-mix', invariant: 'movable-ops-helper', config: { provider: 'dcbm', count: 64 } },
  { id: 9, title: 'batch path always on and the caller\'s mode ignored (MIGRATE_NO_COPY for every reason)', scenario: 'reason-mix', invariant: 'migrate-mode-preserved', config: { provider: 'kernel', count: 64, folioSizes: [{ bytes: 4096, weight: 1 }] } },
  { id: 10, title: 'dcbm swallows CPU-copy errors and checks no per-descriptor result', scenario: 'copy-failure', invariant: 'every-byte-copied', config: { provider: 'dcbm', count: 8 } },
  { id: 11, title: 'mtcopy silently drops the tail when a folio does not divide by the thread count', scenario: 'plain', invariant: 'every-byte-copied', config: { provider: 'mtcopy', threads: 12, count: 4 }, onlyWith: 'mtcopy' },
  { id: 12, title: 'patch 9 hard-codes CPU ids up to 248 for queue_work_on()', scenario: 'small-topology', invariant: 'cpu-online', config: { provider: 'mtcopy' }, onlyWith: 'mtcopy' },
  { id: 13, title: 'bool Kconfig: .owner = THIS_MODULE is NULL, the module-reference logic is dead', scenario: 'module-build', invariant: 'module-build-possible', config: { provider: 'dcbm' } },
];

export interface DefectReport {
  id: number;
  title: string;
  scenario: ScenarioName;
  invariant: string;
  reproduced: boolean;
  versions: Record<Generation, DefectOutcome>;
  /** The CLI line that replays the V3 run. */
  command?: string;
  reason?: string;
}

function commandOf(spec: DefectSpec): string {
  const c = spec.config;
  const parts = [`offload-review simulate --scenario ${spec.scenario} --protocol v3`];
  if (c.provider) parts.push(`--provider ${c.provider}`);
  if (c.threads) parts.push(`--threads ${c.threads}`);
  if (c.batchLimit) parts.push(`--batch-limit ${c.batchLimit}`);
  if (c.folioSizes) parts.push(`--folio-size ${c.folioSizes.map((s) => `${s.bytes / 1024}K`).join(',')}`);
  if (c.count) parts.push(`--count ${c.count}`);
  return parts.join(' ');
}

/** Runs every expressible defect under every generation; the outcome is the invariant's verdict in that run. */
export function listDefects(): DefectReport[] {
  return specs.map((spec) => {
    const base = { id: spec.id, title: spec.title, scenario: spec.scenario, invariant: spec.invariant };
    if (spec.reason) {
      const na = Object.fromEntries(generations.map((g) => [g, 'n/a'])) as Record<Generation, DefectOutcome>;
      return { ...base, reproduced: false, versions: na, reason: spec.reason };
    }
    const versions = {} as Record<Generation, DefectOutcome>;
    for (const g of generations) {
      if (spec.onlyWith && !providersOf(g).includes(spec.onlyWith)) {
        versions[g] = 'n/a';
        continue;
      }
      const r = runScenario({ ...spec.config, scenario: spec.scenario, protocol: g });
      versions[g] = r.violations.some((v) => v.invariant === spec.invariant) ? 'violated' : 'held';
    }
    return { ...base, reproduced: versions.v3 === 'violated', versions, command: commandOf(spec) };
  });
}

/**
 * Runs one configured scenario under every generation (a provider a generation does not carry is
 * replaced by dcbm, and runs are capped at 256 folios: the verdicts do not need the full workload).
 */
export function verdictsByGeneration(config: SimConfig): GenerationVerdicts {
  const verdicts = {} as Record<Generation, Verdict | 'n/a'>;
  let firstHolds: Generation | undefined;
  for (const g of generations) {
    const provider: ProviderKind = config.provider === 'mtcopy' && !providersOf(g).includes('mtcopy') ? 'dcbm' : config.provider;
    const policy = g === 'v3' ? 'last-wins' : config.policy === 'per-batch' ? 'per-batch' : 'first-wins';
    const rest: SimRunConfig = { ...config };
    delete rest.protocolImpl;
    delete rest.totalBytes;
    try {
      const r = runScenario({ ...rest, protocol: g, provider, policy, count: Math.min(config.count ?? 256, 256), maxLogLines: 0, maxSpans: 0 });
      verdicts[g] = r.verdict;
      if (r.verdict === 'held' && firstHolds === undefined) firstHolds = g;
    } catch {
      verdicts[g] = 'n/a';
    }
  }
  return { verdicts, firstHolds };
}
