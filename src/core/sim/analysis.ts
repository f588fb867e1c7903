import { verdictsByGeneration } from './defects';
import { PAGE_SIZE } from './costModel';
import { PATCH8_BATCH_PAGES } from './defaults';
import { runScenario } from './simulation';
import type { LatencyPoint, RunAnalysis, SimConfig } from './types';

export type { LatencyPoint, RunAnalysis } from './types';

/** One point of the first-folio latency curve: the batch limit and how long the call's first folio waits. */
/** Batch limits of the curve, stock (512) to patch 8 (HPAGE_PUD_NR), in powers of 4. */
const CURVE_PAGES = [8, 32, 128, 512, 2048, 8192, 32768, 131072, PATCH8_BATCH_PAGES];
/** Folios per curve run: one batch at each limit is all the first folio waits for (262,144 4K folios at most). */
const MAX_CURVE_FOLIOS = PATCH8_BATCH_PAGES;

/**
 * A reviewer's question on V5 ("how long does the first folio wait when batches grow?"): the run's own
 * setup, plain migration, one call of one batch at each limit; the first folio is migrated only when its
 * whole batch has been copied and finalized. Limits past what the folios fill give the same point.
 */
export function firstFolioLatencyCurve(config: SimConfig): LatencyPoint[] {
  const sizes = config.folioSizes ?? [{ bytes: 2 * 1024 * 1024, weight: 1 }];
  const weight = sizes.reduce((sum, s) => sum + s.weight, 0);
  const mean = sizes.reduce((sum, s) => sum + s.bytes * s.weight, 0) / weight;
  return CURVE_PAGES.map((batchPages) => {
    const count = Math.max(1, Math.min(MAX_CURVE_FOLIOS, Math.ceil((batchPages * PAGE_SIZE) / mean)));
    const base: SimConfig = { ...config, scenario: 'plain', batchLimit: batchPages, count, eagainRate: 0, maxLogLines: 0, maxSpans: 0 };
    delete base.totalBytes;
    delete base.schedule;
    delete base.faults;
    const r = runScenario(base);
    return { batchPages, latencyNs: r.stats.firstFolioLatencyNs };
  });
}

export function analyseRun(config: SimConfig): RunAnalysis {
  return { byGeneration: verdictsByGeneration(config), firstFolioLatency: firstFolioLatencyCurve(config) };
}
