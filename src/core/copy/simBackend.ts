import type { CopyBackend, RealCopyRequest, RealCopyResult } from '../sim/copyBackend';
import { destinationBlocks, fillSource, type CopyBatch } from './batch';
import { createCopyEngine, type CopyEngine } from './engine';
import type { WorkerHost } from './host';
import type { VerifyMode } from './types';

export interface SimCopyBackend extends CopyBackend {
  /** Terminates the workers of every engine this backend started. */
  dispose(): void;
}

export interface SimCopyBackendOptions {
  /** How each batch is checked (default 'full'). */
  verify?: VerifyMode;
  /**
   * Keep batches of the same sizes and schedule and copy them again (default true): a fresh
   * batch per request costs an allocation, first-touch page faults and a fill of the source,
   * which made the panel's real copy crawl. The destination is cleared before each reuse, so
   * every copy is checked against bytes it really wrote.
   */
  reuseBatches?: boolean;
}

/** Batches kept per engine; a run's simulated batches repeat few distinct shapes. */
const MAX_KEPT_BATCHES = 8;

/**
 * The simulator's "real copy" mode: each simulated batch is copied by the engine under the
 * requested schedule and checked. Engines are kept per worker count; a given engine serves
 * requests for its own worker count.
 */
export function createSimCopyBackend(engineOrHost: CopyEngine | WorkerHost, options: SimCopyBackendOptions = {}): SimCopyBackend {
  const given = 'copy' in engineOrHost ? engineOrHost : undefined;
  const host = given ? given.host : (engineOrHost as WorkerHost);
  const engines = new Map<number, CopyEngine>();
  const kept = new Map<string, CopyBatch>();
  if (given) engines.set(given.requestedWorkers, given);
  let batchSeed = 1;

  const engineFor = (workers: number): CopyEngine => {
    let engine = engines.get(workers);
    if (!engine) {
      engine = createCopyEngine(host, { workers });
      engines.set(workers, engine);
    }
    return engine;
  };

  const batchFor = (engine: CopyEngine, request: RealCopyRequest): CopyBatch => {
    if (options.reuseBatches === false) return freshBatch(engine, request);
    const key = `${request.workers}/${request.schedule}/${request.folioBytes.join(',')}`;
    const known = kept.get(key);
    if (known) {
      for (const view of destinationBlocks(known)) view.fill(0);
      return known;
    }
    if (kept.size >= MAX_KEPT_BATCHES) kept.delete(kept.keys().next().value!);
    const batch = freshBatch(engine, request);
    kept.set(key, batch);
    return batch;
  };

  function freshBatch(engine: CopyEngine, request: RealCopyRequest): CopyBatch {
    const batch = engine.createBatch(request.folioBytes, request.schedule);
    fillSource(batch, batchSeed++);
    return batch;
  }

  return {
    async copyBatch(request: RealCopyRequest): Promise<RealCopyResult> {
      const engine = engineFor(request.workers);
      const batch = batchFor(engine, request);
      const report = await engine.copy(batch, { mode: request.schedule, verify: options.verify ?? 'full', signal: request.signal });
      const failedSet = new Set(report.failures.map((failure) => failure.folio));
      const verifiedBytes = request.folioBytes.reduce((sum, bytes, folio) => (failedSet.has(folio) ? sum : sum + bytes), 0);
      return {
        bytes: report.bytes,
        verifiedFolios: report.verified,
        verifiedBytes,
        failedFolios: report.failures.map((failure) => ({ index: failure.folio, reason: failure.reason })),
        recoveredSerially: report.recoveredSerially,
        seconds: report.seconds,
        GBps: report.GBps,
      };
    },
    dispose() {
      for (const engine of engines.values()) if (engine !== given) engine.dispose();
      engines.clear();
      kept.clear();
    },
  };
}
