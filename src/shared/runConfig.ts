/**
 * What the panel's controls describe: one simulation run as the reviewer set it up. It is what the
 * webview keeps in its saved state and what the extension may preset (a CodeLens focusing a migrator),
 * so it is plain JSON and validated whenever it crosses the boundary or comes back from storage.
 */
import { type Checked, fail, isInt, isOneOf, isRecord, ok } from './validate';

export const FOLIO_SIZES = ['4K', '16K', '64K', '128K', '256K', '512K', '1M', '2M'] as const;
export type FolioSizeLabel = (typeof FOLIO_SIZES)[number];

/** Scenario names are the CLI's (`offload-review simulate --scenario NAME`). */
export const SCENARIOS = [
  'plain', 'switch-in-flight', 'stop-by-inactive', 'unload-during-copy', 'shared-rcu-head', 'copy-failure',
  'interface-leftovers', 'movable-ops-mix', 'reason-mix', 'small-topology', 'module-build',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const PROVIDER_KINDS = ['kernel', 'mtcopy', 'dcbm'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** How several registered providers share the batches (V3: last wins; V6: first wins, -EBUSY; per batch). */
export const POLICIES = ['last-wins', 'first-wins', 'per-batch'] as const;
export type MultiProviderPolicy = (typeof POLICIES)[number];

/** The series' generations; 'fixed' is the older name of V6 (kept so saved states still load). */
export const PROTOCOLS = ['v3', 'v4', 'v5', 'v6', 'fixed'] as const;
export type ProtocolVersion = (typeof PROTOCOLS)[number];

export const BATCH_LIMITS = ['stock', 'patch8'] as const;
export type BatchLimit = (typeof BATCH_LIMITS)[number];

export interface ProviderChoice {
  kind: ProviderKind;
  /** mtcopy threads (1..32 after patch 9) or dcbm channels (1..16); ignored for kernel. */
  lanes: number;
}

export interface FolioMixEntry {
  size: FolioSizeLabel;
  count: number;
}

export interface PanelRunConfig {
  folioMix: FolioMixEntry[];
  /** `count`: each entry's count is used; `total`: totalBytes is spread evenly over the mix's sizes. */
  sizing: 'count' | 'total';
  totalBytes: number;
  providers: ProviderChoice[];
  policy: MultiProviderPolicy;
  batchLimit: BatchLimit;
  scenario: ScenarioName;
  seed: number;
  protocol: ProtocolVersion;
  /** Move real bytes through the worker copy engine as well as simulating. */
  realCopy: boolean;
  /** How the real copy is checked: every byte, a sample per folio, or not at all. */
  copyVerify: CopyVerifyMode;
}

export const COPY_VERIFY_MODES = ['full', 'sampled', 'none'] as const;
export type CopyVerifyMode = (typeof COPY_VERIFY_MODES)[number];

export const MAX_LANES = 32;
export const MAX_FOLIOS = 16 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 64 * 1024 ** 3;

export function folioBytes(size: FolioSizeLabel): number {
  const value = Number.parseInt(size, 10);
  return size.endsWith('M') ? value * 1024 * 1024 : value * 1024;
}

export function defaultRunConfig(): PanelRunConfig {
  return {
    folioMix: [{ size: '2M', count: 512 }],
    sizing: 'count',
    totalBytes: 1024 ** 3,
    providers: [{ kind: 'mtcopy', lanes: 4 }],
    policy: 'last-wins',
    batchLimit: 'stock',
    scenario: 'plain',
    seed: 1,
    protocol: 'v3',
    realCopy: false,
    copyVerify: 'full',
  };
}

function checkProvider(value: unknown, at: string): Checked<ProviderChoice> {
  if (!isRecord(value) || !isOneOf(value.kind, PROVIDER_KINDS)) return fail(`${at}: kind must be one of ${PROVIDER_KINDS.join(', ')}`);
  if (!isInt(value.lanes, 1, MAX_LANES)) return fail(`${at}: lanes must be an integer 1..${MAX_LANES}`);
  return ok({ kind: value.kind, lanes: value.lanes });
}

function checkMixEntry(value: unknown, at: string): Checked<FolioMixEntry> {
  if (!isRecord(value) || !isOneOf(value.size, FOLIO_SIZES)) return fail(`${at}: size must be one of ${FOLIO_SIZES.join(', ')}`);
  if (!isInt(value.count, 0, MAX_FOLIOS)) return fail(`${at}: count must be an integer 0..${MAX_FOLIOS}`);
  return ok({ size: value.size, count: value.count });
}

function checkList<T>(value: unknown, name: string, max: number, each: (item: unknown, at: string) => Checked<T>): Checked<T[]> {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) return fail(`${name} must be a list of 1..${max} entries`);
  const items: T[] = [];
  for (const [index, item] of value.entries()) {
    const checked = each(item, `${name}[${index}]`);
    if (!checked.ok) return checked;
    items.push(checked.value);
  }
  return ok(items);
}

/** Checks a run configuration from a message or saved state; the error names the first bad field. */
export function checkRunConfig(value: unknown): Checked<PanelRunConfig> {
  if (!isRecord(value)) return fail('run configuration must be an object');
  const folioMix = checkList(value.folioMix, 'folioMix', FOLIO_SIZES.length, checkMixEntry);
  if (!folioMix.ok) return folioMix;
  const providers = checkList(value.providers, 'providers', 4, checkProvider);
  if (!providers.ok) return providers;
  if (value.sizing !== 'count' && value.sizing !== 'total') return fail('sizing must be count or total');
  if (!isInt(value.totalBytes, 1, MAX_TOTAL_BYTES)) return fail(`totalBytes must be an integer 1..${MAX_TOTAL_BYTES}`);
  if (!isOneOf(value.policy, POLICIES)) return fail(`policy must be one of ${POLICIES.join(', ')}`);
  if (!isOneOf(value.batchLimit, BATCH_LIMITS)) return fail('batchLimit must be stock or patch8');
  if (!isOneOf(value.scenario, SCENARIOS)) return fail(`scenario must be one of ${SCENARIOS.join(', ')}`);
  if (!isInt(value.seed, 0, 2 ** 32 - 1)) return fail('seed must be an integer 0..2^32-1');
  if (!isOneOf(value.protocol, PROTOCOLS)) return fail(`protocol must be one of ${PROTOCOLS.join(', ')}`);
  if (typeof value.realCopy !== 'boolean') return fail('realCopy must be true or false');
  // Saved states from before the option existed verify every byte, as runs did then.
  const copyVerify = value.copyVerify ?? 'full';
  if (!isOneOf(copyVerify, COPY_VERIFY_MODES)) return fail(`copyVerify must be one of ${COPY_VERIFY_MODES.join(', ')}`);
  if (value.sizing === 'count' && folioMix.value.every((entry) => entry.count === 0)) return fail('folioMix: at least one count must be above 0');
  return ok({
    folioMix: folioMix.value, sizing: value.sizing, totalBytes: value.totalBytes, providers: providers.value, policy: value.policy,
    batchLimit: value.batchLimit, scenario: value.scenario, seed: value.seed, protocol: value.protocol, realCopy: value.realCopy, copyVerify,
  });
}
