/**
 * From the panel's controls to the simulator's configuration. The first checked provider is the one
 * the scenario enables; with several, all are registered and the policy decides who copies.
 */
import type { PatchFacts, SimConfig } from '../core/sim/types';
import { type PanelRunConfig, folioBytes } from './runConfig';
import { isRecord } from './validate';

/** Kernel-style log lines kept per run; the rest are summarised by the simulator. */
export const PANEL_MAX_LOG_LINES = 1000;
export const PANEL_MAX_SPANS = 6000;

/** Facts arrive as JSON from the extension; only the shape the simulator reads is passed on. */
export function asPatchFacts(facts: unknown): PatchFacts | undefined {
  if (!isRecord(facts) || !Array.isArray(facts.migrators) || !Array.isArray(facts.definedFunctions) || !Array.isArray(facts.exportedFunctions)) return undefined;
  return facts as unknown as PatchFacts;
}

export function toSimConfig(config: PanelRunConfig, facts: unknown): SimConfig {
  const mix = config.folioMix.filter((entry) => entry.count > 0);
  const lanesOf = (kind: 'mtcopy' | 'dcbm') => config.providers.find((provider) => provider.kind === kind)?.lanes;
  const patchFacts = asPatchFacts(facts);
  return {
    scenario: config.scenario,
    protocol: config.protocol,
    provider: config.providers[0].kind,
    threads: lanesOf('mtcopy'),
    channels: lanesOf('dcbm'),
    folioSizes: mix.map((entry) => ({ bytes: folioBytes(entry.size), weight: entry.count })),
    ...(config.sizing === 'count' ? { count: mix.reduce((total, entry) => total + entry.count, 0) } : { totalBytes: config.totalBytes }),
    batchLimit: config.batchLimit,
    seed: config.seed,
    ...(config.providers.length > 1 ? { providers: config.providers.map((provider) => provider.kind), policy: config.policy } : {}),
    ...(patchFacts ? { patchFacts } : {}),
    maxLogLines: PANEL_MAX_LOG_LINES,
    maxSpans: PANEL_MAX_SPANS,
  };
}
