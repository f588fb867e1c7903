import { cpuCopyNs } from './costModel';
import { BatchScratch, type CopyEnv, type CopyList } from './copyList';
import { MAX_FOLIOS, resolveConfig, type ResolvedConfig } from './defaults';
import { FaultInjector } from './faults';
import { FolioSource } from './folioSource';
import { Invariants, invariantNames } from './invariants';
import { KernelModel, defaultTimings } from './kernel/kernelModel';
import { migratePages, type MigrateContext } from './migrateCore';
import type { Migrator, MigratorProtocol, ProtocolOptions, SimRunConfig } from './protocol';
import { FixedProtocol } from './protocolFixed';
import { V3Protocol } from './protocolV3';
import { createDriver, type ProviderDriver } from './providers/drivers';
import { kernelMigrator } from './providers/kernelCopy';
import { applyPatchFacts } from './patchFactsApply';
import { CopyStartSignal, startSchedule } from './runSchedule';
import { planScenario, type ScenarioPlan } from './scenarios';
import { StatsAccumulator } from './stats';
import { TimelineRecorder } from './timeline';
import type { Generation, ProviderKind, SimConfig, SimResult } from './types';

/** A run the UI drives: step or advance virtual time, read a snapshot at any moment. */
export interface Simulation {
  step(): boolean;
  /** Advances virtual time by `virtualNs`, processing every step due meanwhile. */
  runFor(virtualNs: number): void;
  /** Runs to the end (or until `maxSteps`), returns true when finished. */
  runToEnd(maxSteps?: number): boolean;
  readonly done: boolean;
  readonly now: number;
  snapshot(): SimResult;
  result(): SimResult;
  /** Called with the folio sizes of every batch copy as the model performs it (real-copy mode). */
  onBatchCopy: ((folioBytes: number[], provider: string, modelNs: number, kind: ProviderKind) => void) | undefined;
}

export function createSimulation(config: SimRunConfig): Simulation {
  return new SimulationRun(config);
}

/** Batch mode: run the whole scenario and return its result. */
export function runScenario(config: SimRunConfig): SimResult {
  const sim = createSimulation(config);
  sim.runToEnd();
  return sim.result();
}

class SimulationRun implements Simulation {
  private readonly r: ResolvedConfig;
  private readonly k: KernelModel;
  private readonly stats = new StatsAccumulator();
  private readonly timeline: TimelineRecorder;
  private readonly drivers: ProviderDriver[] = [];
  private readonly protocol: MigratorProtocol;
  private finished = false;
  private readonly faults: FaultInjector;
  onBatchCopy: Simulation['onBatchCopy'];

  constructor(private readonly config: SimRunConfig) {
    const plan: ScenarioPlan = config.schedule
      ? { providers: scheduledProviders(config), schedule: config.schedule, faults: config.faults, description: 'custom schedule' }
      : planScenario(config);
    this.r = resolveConfig(withSettings(config, plan));
    this.k = new KernelModel(this.r.seed, defaultTimings, { maxLogLines: config.maxLogLines ?? 400, maxEvents: 5000 });
    this.timeline = new TimelineRecorder(config.maxSpans ?? 4000);
    const faults = new FaultInjector({ transient: [], persistent: [], ...(plan.faults ?? config.faults), points: this.r.inject }, this.r.seed);
    this.faults = faults;
    const env: CopyEnv = {
      params: this.r.params,
      timings: this.k.timings,
      faults,
      timeline: this.timeline,
      account: (provider, bytes, ns) => this.stats.account(provider, bytes, ns),
    };
    const names = applyPatchFacts(config.patchFacts, this.r.provenance);
    const kernelCopy = kernelMigrator();
    if (names.kernel) kernelCopy.name = names.kernel;
    const options: ProtocolOptions = {
      policy: this.r.policy,
      kernelCopy,
      chooseForBatch: (candidates, list) => cheapest(candidates, list),
    };
    const generation: Generation = this.r.generation;
    const factory = config.protocolImpl ?? ((k: KernelModel, o: ProtocolOptions) => (generation === 'v3' ? new V3Protocol(k, o, config.patchFacts) : new FixedProtocol(k, o, generation)));
    this.protocol = factory(this.k, options);
    this.r.provenance.push({ what: 'migrator protocol', value: this.protocol.id, from: config.protocolImpl ? 'document' : 'default' });
    const invariants = new Invariants(this.k, () => this.drivers, () => this.protocol);
    // V6's FOLIO_CONTENT_COPIED lives in BIT(2) of the anon_vma pointer, not free on 32-bit: the feature
    // depends on 64BIT there, so a 32-bit V6 kernel has no migrator to register (series notes d, V6).
    const featureBuilt = generation !== 'v6' || this.r.is64bit;
    if (!featureBuilt) this.k.log.info('sim: CONFIG_MIGRATION_COPY_OFFLOAD depends on 64BIT: not built on this 32-bit kernel, no migrator can register');
    for (const kind of featureBuilt ? plan.providers : []) {
      this.drivers.push(
        createDriver(kind, {
          k: this.k,
          protocol: () => this.protocol,
          generation,
          env,
          threads: this.r.threads,
          channels: this.r.channels,
          cpuselect: this.r.cpuselect,
          topology: this.r.topology,
          build: this.r.config.build,
          name: names[kind],
          hooks: {
            switched: (before, after, by, op) => {
              this.k.log.info(`sim: ${by.name} ${op}: active migrator ${before?.name ?? kernelCopy.name} -> ${after?.name ?? kernelCopy.name}`);
              invariants.hooks.switched(before, after, by, op);
            },
          },
        }),
      );
    }
    const source = new FolioSource(this.r.folioSizes, this.k.rng);
    const copyStart = new CopyStartSignal(this.k);
    const ctx: MigrateContext = {
      k: this.k,
      protocol: () => this.protocol,
      env: { ...env, account: (provider, bytes, ns) => this.stats.account(provider, bytes, ns) },
      stats: this.stats,
      source,
      invariants,
      batchLimitPages: this.r.batchLimitPages,
      eagainRate: this.r.eagainRate,
      scratch: new BatchScratch(),
      nextFolio: 0,
      copyStarted: (list) => {
        copyStart.fire();
        this.reportBatch(list);
      },
      reason: this.r.reason,
      mode: this.r.mode,
      debugVm: this.r.debugVm,
      movableOpsShare: this.r.movableOpsShare,
      modeSensitiveShare: this.r.modeSensitiveShare,
    };
    const defaultCount = this.r.count ?? Math.max(1, Math.round((this.r.totalBytes ?? 0) / source.meanBytes()));
    if (defaultCount > MAX_FOLIOS) throw new Error(`${defaultCount} folios is more than the simulator's limit of ${MAX_FOLIOS} per run`);
    this.k.log.info(`sim: ${config.scenario} (${plan.description}), protocol ${config.protocol}${config.protocol === 'fixed' ? ' (v6)' : ''}, seed ${this.r.seed}`);
    startSchedule(
      plan.schedule,
      {
        k: this.k,
        driver: (kind) => this.drivers.find((d) => d.kind === kind),
        migrate: (count) => migratePages(ctx, count ?? defaultCount),
        query: () => invariants.checkExported(),
      },
      copyStart,
    );
  }

  private reportBatch(list: CopyList): void {
    if (!this.onBatchCopy) return;
    const sizes: number[] = [];
    for (let j = 0; j < list.n; j++) sizes.push(list.batch.bytes[list.idx[j]!]!);
    const active = this.protocol.active();
    this.onBatchCopy(sizes, active?.name ?? 'kernel', active?.estimateNs?.(list) ?? cpuCopyNs(list.env.params, list.totalBytes), active?.kind ?? 'kernel');
  }

  get done(): boolean {
    return this.finished;
  }

  get now(): number {
    return this.k.now;
  }

  step(): boolean {
    this.k.engine.inlineUntil = Number.NEGATIVE_INFINITY;
    return this.advance();
  }

  private advance(): boolean {
    if (this.finished) return false;
    if (!this.k.engine.step()) {
      this.finish();
      return false;
    }
    return true;
  }

  runFor(virtualNs: number): void {
    const until = this.k.now + Math.max(0, virtualNs);
    this.k.engine.inlineUntil = until;
    while (!this.finished && this.k.engine.nextTime <= until) this.advance();
    if (!this.finished && this.k.engine.idle) this.finish();
    if (!this.finished) this.k.engine.advanceTo(until);
  }

  runToEnd(maxSteps = Number.POSITIVE_INFINITY): boolean {
    this.k.engine.inlineUntil = Number.POSITIVE_INFINITY;
    for (let i = 0; i < maxSteps && this.advance(); i++);
    return this.finished;
  }

  private finish(): void {
    this.finished = true;
    const fired = Object.entries(this.faults.fired);
    if (fired.length > 0) this.k.log.info(`sim: injected faults fired: ${fired.map(([p, n]) => `${p} x${n}`).join(', ')}`);
    this.k.log.always(`sim: finished at ${(this.k.now / 1e6).toFixed(3)} ms virtual, ${this.k.engine.stepCount} steps`);
  }

  snapshot(): SimResult {
    const log = [...this.k.log.lines];
    if (this.k.log.suppressed > 0) log.push(`sim: ${this.k.log.suppressed} further log lines summarised (log cap reached)`);
    const violations = [...this.k.trace.violations];
    return {
      scenario: this.config.scenario,
      protocol: this.config.protocol,
      generation: this.r.generation,
      provider: this.config.provider,
      seed: this.r.seed,
      verdict: violations.length > 0 ? 'violated' : 'held',
      violations,
      invariantsChecked: [...invariantNames],
      log,
      events: [...this.k.trace.events],
      stats: this.stats.result(),
      timeline: this.timeline.result(),
      provenance: [...this.r.provenance],
    };
  }

  result(): SimResult {
    if (!this.finished) this.runToEnd();
    return this.snapshot();
  }
}

/** The scenario's needs (topology, folio mix, reason…) fill in what the caller left unset. */
function withSettings(config: SimConfig, plan: ScenarioPlan): SimConfig {
  const merged: SimConfig = { ...config };
  for (const [key, value] of Object.entries(plan.settings ?? {})) {
    const k = key as keyof NonNullable<ScenarioPlan['settings']>;
    if (merged[k] === undefined) (merged as unknown as Record<string, unknown>)[k] = value;
  }
  return merged;
}

function scheduledProviders(config: SimConfig): Exclude<ProviderKind, 'kernel'>[] {
  const kinds = new Set<Exclude<ProviderKind, 'kernel'>>();
  for (const p of [config.provider, ...(config.providers ?? []), ...(config.schedule ?? []).map((op) => op.provider)]) {
    if (p === 'dcbm' || p === 'mtcopy') kinds.add(p);
  }
  return [...kinds];
}

/** The per-batch policy: the candidate whose modelled copy time for this list is shortest. */
function cheapest(candidates: Migrator[], list: CopyList): Migrator {
  let best = candidates[0]!;
  let bestNs = Number.POSITIVE_INFINITY;
  for (const m of candidates) {
    const ns = m.estimateNs?.(list) ?? cpuCopyNs(list.env.params, list.totalBytes);
    if (ns < bestNs) {
      best = m;
      bestNs = ns;
    }
  }
  return best;
}
