import type { CopyBackend, CopySchedule, RealCopyResult } from './copyBackend';
import { createSimulation } from './simulation';
import type { ProviderKind, SimConfig, SimResult } from './types';

export interface RealCopyBatch {
  provider: string;
  folios: number;
  bytes: number;
  modelGBps: number;
  measuredGBps: number;
  verifiedFolios: number;
  failedFolios: number;
}

export interface RealCopyComparison {
  result: SimResult;
  batches: RealCopyBatch[];
  bytes: number;
  /** Bytes over the summed copy time of the batches the backend copied. */
  measuredGBps: number;
  /** The model's copy-phase throughput for the same batches. */
  modelGBps: number;
  verifiedFolios: number;
  failedFolios: number;
  recoveredSerially: number;
  /** Batches the model copied but the real copy skipped (limits below). */
  skippedBatches: number;
}

export interface RealCopyLimits {
  maxBatches: number;
  maxBytes: number;
}

const defaultLimits: RealCopyLimits = { maxBatches: 64, maxBytes: 512 * 1024 * 1024 };
/** Engine steps between yields to the event loop, so a long simulation stays cancellable. */
const STEPS_PER_SLICE = 20000;

function abortError(): Error {
  const error = new Error('the real-copy simulation was cancelled');
  error.name = 'AbortError';
  return error;
}

/**
 * Simulates, then copies real bytes for the batches the model copied (up to `limits`) through `backend`
 * and reports measured beside modelled throughput. Lanes follow the active provider: mtcopy's threads
 * (chunks when a batch has fewer folios than threads), dcbm's channels, one worker for the kernel copy.
 */
export async function runScenarioWithRealCopy(config: SimConfig, backend: CopyBackend, signal?: AbortSignal, limits: RealCopyLimits = defaultLimits): Promise<RealCopyComparison> {
  const sim = createSimulation(config);
  const planned: { sizes: number[]; provider: string; modelNs: number; kind: ProviderKind }[] = [];
  let plannedBytes = 0;
  let skippedBatches = 0;
  sim.onBatchCopy = (sizes, provider, modelNs, kind) => {
    const bytes = sizes.reduce((a, b) => a + b, 0);
    if (planned.length >= limits.maxBatches || plannedBytes + bytes > limits.maxBytes) {
      skippedBatches++;
      return;
    }
    planned.push({ sizes, provider, modelNs, kind });
    plannedBytes += bytes;
  };
  while (!sim.runToEnd(STEPS_PER_SLICE)) {
    if (signal?.aborted) throw abortError();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const batches: RealCopyBatch[] = [];
  let seconds = 0;
  let modelNs = 0;
  let recovered = 0;
  for (const batch of planned) {
    if (signal?.aborted) throw abortError();
    const { workers, schedule } = lanesFor(config, batch.kind, batch.sizes.length);
    const real: RealCopyResult = await backend.copyBatch({ folioBytes: batch.sizes, workers, schedule, ...(signal ? { signal } : {}) });
    const bytes = batch.sizes.reduce((a, b) => a + b, 0);
    seconds += real.seconds;
    modelNs += batch.modelNs;
    recovered += real.recoveredSerially;
    batches.push({
      provider: batch.provider,
      folios: batch.sizes.length,
      bytes,
      modelGBps: batch.modelNs > 0 ? bytes / batch.modelNs : 0,
      measuredGBps: real.GBps,
      verifiedFolios: real.verifiedFolios,
      failedFolios: real.failedFolios.length,
    });
  }
  const bytes = batches.reduce((s, b) => s + b.bytes, 0);
  return {
    result: sim.result(),
    batches,
    bytes,
    measuredGBps: seconds > 0 ? bytes / seconds / 1e9 : 0,
    modelGBps: modelNs > 0 ? bytes / modelNs : 0,
    verifiedFolios: batches.reduce((s, b) => s + b.verifiedFolios, 0),
    failedFolios: batches.reduce((s, b) => s + b.failedFolios, 0),
    recoveredSerially: recovered,
    skippedBatches,
  };
}

function lanesFor(config: SimConfig, kind: ProviderKind, folios: number): { workers: number; schedule: CopySchedule } {
  if (kind === 'dcbm') {
    return { workers: Math.max(1, Math.min(config.channels ?? 1, folios, 16)), schedule: 'lanes' };
  }
  if (kind === 'kernel') return { workers: 1, schedule: 'folios' };
  const threads = config.threads ?? 4;
  return { workers: threads, schedule: folios < threads ? 'chunks' : 'folios' };
}
