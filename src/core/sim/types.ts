/**
 * Public data shapes of the offload-driver simulator. Other areas (panel, CLI, C interpreter, copy engine)
 * depend on these names: extend them, do not rename them.
 */

export type ScenarioName =
  | 'plain'
  | 'switch-in-flight'
  | 'stop-by-inactive'
  | 'unload-during-copy'
  | 'shared-rcu-head'
  | 'copy-failure'
  | 'interface-leftovers'
  | 'movable-ops-mix'
  | 'reason-mix'
  | 'small-topology'
  | 'module-build';

export const scenarioNames: readonly ScenarioName[] = [
  'plain',
  'switch-in-flight',
  'stop-by-inactive',
  'unload-during-copy',
  'shared-rcu-head',
  'copy-failure',
  'interface-leftovers',
  'movable-ops-mix',
  'reason-mix',
  'small-topology',
  'module-build',
];

/** The protocol generations of the series (series notes 0, b, d); each models that posting's code path. */
export type Generation = 'v3' | 'v4' | 'v5' | 'v6';
export const generations: readonly Generation[] = ['v3', 'v4', 'v5', 'v6'];

/** A generation, or 'fixed': the CLI's older name for V6 (kept as an alias, it is a CLI contract). */
export type Protocol = Generation | 'fixed';

/** Why pages are migrated (enum migrate_reason) and the caller's mode (enum migrate_mode). */
export type MigrationReason = 'syscall' | 'compaction' | 'numa-balancing' | 'demotion';
export type MigrateMode = 'async' | 'sync-light' | 'sync';

/** patch 9's cpuselect: 'spread' = CPUs 0, 8, 16, … (one per CCD), 'fill' = CPUs 0..31. */
export type CpuSelect = 'spread' | 'fill';

/** Fault points `--inject` reaches (series notes b.5, b.6, e.10, e.11). */
export type InjectPoint = 'enomem' | 'chan-request' | 'dma-map' | 'submit' | 'timeout' | 'out-of-order' | 'module-get' | 'eagain';
export const injectPoints: readonly InjectPoint[] = ['enomem', 'chan-request', 'dma-map', 'submit', 'timeout', 'out-of-order', 'module-get', 'eagain'];

/** CPUs grouped in CCDs and NUMA nodes; Linux numbers all cores first, then their SMT siblings. */
export interface Topology {
  nodes: number;
  ccdsPerNode: number;
  coresPerCcd: number;
  /** Hardware threads per core. */
  smt: number;
  /** CPUs online (ids 0..online-1); default all of them. */
  online?: number;
}

/** How the provider is built: `=y` (THIS_MODULE is NULL) or `=m` (a loadable module with an owner). */
export type BuildKind = 'builtin' | 'module';

export type ProviderKind = 'kernel' | 'mtcopy' | 'dcbm';

/** How several registered providers share the copy: V3 replaces, V6 refuses (-EBUSY), or choose per batch. */
export type MultiProviderPolicy = 'last-wins' | 'first-wins' | 'per-batch';

/** 'stock' = HPAGE_PMD_NR (512 base pages), 'patch8' = HPAGE_PUD_NR (262144 base pages), or N base pages. */
export type BatchLimit = 'stock' | 'patch8' | number;

/** One entry of a folio size mix: size in bytes (4 KiB … 2 MiB, power of two) and its relative weight. */
export interface FolioSizeShare {
  bytes: number;
  weight: number;
}

/** An operation a schedule can issue at a virtual time (scenarios are preset schedules). */
export type ScheduledOpKind = 'enable' | 'disable' | 'unload' | 'migrate' | 'query';

export interface ScheduledOp {
  /** Virtual time in ns at which the operation starts. */
  at: number;
  op: ScheduledOpKind;
  /** Provider the sysfs write or rmmod is aimed at (enable/disable/unload). */
  provider?: ProviderKind;
  /** Folios for a 'migrate' op (default: the configured count). */
  count?: number;
  /** Thread issuing the op; ops of one thread run one after the other (a shell script). Default: own thread. */
  actor?: string;
  /** 'copy-start': `at` counts from the moment the first batch copy of the run starts. */
  trigger?: 'copy-start';
}

/** Copy faults to inject (the copy-failure scenario sets them; tests may too). */
export interface FaultPlan {
  /** Folio indices whose first batch copy faults but whose serial recopy succeeds. */
  transient: number[];
  /** Folio indices whose every copy faults (poisoned source). */
  persistent: number[];
  /** DMA completion never arrives for the batch holding this folio (dcbm waits out its timeout). */
  dmaTimeoutAtFolio?: number;
  /** `--inject POINT:P`: probability that each pass through that point fails (drawn from the run's seed). */
  points?: Partial<Record<InjectPoint, number>>;
}

export interface SimConfig {
  scenario: ScenarioName;
  protocol: Protocol;
  provider: ProviderKind;
  /** mtcopy work items (1..32: patch 9 lowers MAX_NUM_COPY_THREADS to 32). Default 4, as posted. */
  threads?: number;
  /** dcbm DMA channels (1..16). Default 1, as posted. */
  channels?: number;
  /** Folio sizes; a single size when folioSizes has one entry. Default: 2 MiB. */
  folioSizes?: FolioSizeShare[];
  /** Number of folios to migrate; totalBytes wins when both are set. */
  count?: number;
  totalBytes?: number;
  batchLimit?: BatchLimit;
  /** patch 9's /sys/kernel/cpu_mt/cpuselect (default spread). */
  cpuselect?: CpuSelect;
  /** Default: 2 nodes x 4 CCDs x 8 cores x SMT 2 = 128 CPUs (Zen 3, 2 sockets). */
  topology?: Topology;
  /** Why the pages move and the caller's mode (default move_pages(): syscall, sync). */
  reason?: MigrationReason;
  mode?: MigrateMode;
  /** Share of folios that are movable_ops pages (balloon, zsmalloc): not folios, never batched. */
  movableOpsShare?: number;
  /** Share of folios in a file mapping whose ->migrate_folio branches on the mode (buffer_migrate_folio). */
  modeSensitiveShare?: number;
  /** Providers built in (=y) or as modules (=m); default module, so rmmod races can be shown. */
  build?: BuildKind;
  /** CONFIG_DEBUG_VM: VM_WARN_ON_ONCE_PAGE() checks fire (default false). */
  debugVm?: boolean;
  /** A 64-bit kernel (default true); V6 makes the feature depend on 64BIT. */
  is64bit?: boolean;
  seed?: number;
  /** Providers registered in the multi-provider comparison (default: just `provider`). */
  providers?: ProviderKind[];
  policy?: MultiProviderPolicy;
  /** Probability that _move_to_new_folio_prep() returns -EAGAIN for a folio (default 0.001). */
  eagainRate?: number;
  faults?: FaultPlan;
  /** Replaces the scenario's preset schedule (property tests drive the engine this way). */
  schedule?: ScheduledOp[];
  /** What the patch under review defines; overrides defaults and is listed in provenance. */
  patchFacts?: PatchFacts;
  /** Upper bound on kernel-style log lines kept; later lines are summarised (default 400). */
  maxLogLines?: number;
  /** Upper bound on timeline spans kept (default 4000). */
  maxSpans?: number;
}

export interface SourceRef {
  path: string;
  /** 0-based line of the opened document. */
  line: number;
}

/** A fact read from the patch: its value and the document line that states it. */
export interface PatchFact<T> {
  value: T;
  source: SourceRef;
}

export interface MigratorInitializer {
  variable: string;
  name?: string;
  callback?: string;
  /** Designated fields the initializer sets (name, migrate_offc, srcu_head.func, owner, …). */
  fields: string[];
  owner?: string;
  source: SourceRef;
}

export interface PatchFacts {
  migrators: MigratorInitializer[];
  definedFunctions: PatchFact<string>[];
  exportedFunctions: PatchFact<{ name: string; gplOnly: boolean }>[];
  batchLimit?: PatchFact<{ expression: string; basePages: number | undefined }>;
  stopTakesArgument?: PatchFact<boolean>;
  /** The pr_info format stop_offloading() prints and which expression supplies its %s. */
  stopLog?: PatchFact<{ format: string; nameExpression: string }>;
  startLog?: PatchFact<{ format: string; nameExpression: string }>;
  /** True when the copy is dispatched inside srcu_read_lock()/srcu_read_unlock() in the document. */
  readerTakesSrcu?: PatchFact<boolean>;
}

export interface Violation {
  invariant: string;
  /** Virtual time in ns. */
  t: number;
  /** Index into SimResult.events of the step that broke the invariant. */
  event: number;
  message: string;
}

export interface SimEvent {
  t: number;
  /** Actor (CPU / kthread) that performed the step. */
  actor: string;
  kind: string;
  detail: string;
  source?: SourceRef;
}

export type Phase = 'unmap' | 'flush' | 'prep' | 'copy' | 'fallback' | 'finalize' | 'retry' | 'protocol';

export interface ProviderStats {
  provider: string;
  bytes: number;
  batches: number;
  copyNs: number;
  throughputGBps: number;
}

export interface SimStats {
  throughputGBps: number;
  bytes: number;
  folios: number;
  batches: number;
  fallbacks: number;
  retries: number;
  succeeded: number;
  failed: number;
  phaseNs: Record<Phase, number>;
  /** Virtual ns from the first migration to the last. */
  elapsedNs: number;
  /** Virtual ns from the migrate_pages() call until its first folio is migrated (the reviewer's V5 question). */
  firstFolioLatencyNs: number;
  /** Share of the migration time spent copying (copy + fallback phases). */
  copyShare: number;
  perProvider: ProviderStats[];
}

export interface TimelineSpan {
  lane: string;
  start: number;
  end: number;
  label: string;
  folio?: number;
}

export interface Timeline {
  lanes: string[];
  spans: TimelineSpan[];
  /** Spans left out once maxSpans was reached. */
  droppedSpans: number;
}

export interface ProvenanceEntry {
  what: string;
  value: string;
  from: 'document' | 'default';
  source?: SourceRef;
}

export type Verdict = 'held' | 'violated';

export interface SimResult {
  scenario: ScenarioName;
  protocol: Protocol;
  /** The generation that ran ('fixed' runs as 'v6'). */
  generation: Generation;
  provider: ProviderKind;
  seed: number;
  verdict: Verdict;
  violations: Violation[];
  /** Invariants the engine checked on every step. */
  invariantsChecked: string[];
  log: string[];
  events: SimEvent[];
  stats: SimStats;
  timeline: Timeline;
  provenance: ProvenanceEntry[];
  /** Filled by the panel's runners (analyseRun): verdicts under every generation, first-folio latency curve. */
  analysis?: RunAnalysis;
}

/** Verdicts of one configured scenario under every generation. */
export interface GenerationVerdicts {
  verdicts: Record<Generation, Verdict | 'n/a'>;
  /** The first generation in which the scenario holds (undefined: none does). */
  firstHolds: Generation | undefined;
}

export interface LatencyPoint {
  batchPages: number;
  latencyNs: number;
}

/** What the panel shows beside a run: the verdict under every generation and the latency curve. */
export interface RunAnalysis {
  byGeneration: GenerationVerdicts;
  firstFolioLatency: LatencyPoint[];
}
