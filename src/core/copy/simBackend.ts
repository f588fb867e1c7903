import type { CopyBackend, RealCopyRequest, RealCopyResult } from '../sim/copyBackend';
import { fillSource } from './batch';
import { createCopyEngine, type CopyEngine } from './engine';
import type { WorkerHost } from './host';

export interface SimCopyBackend extends CopyBackend {
  /** Terminates the workers of every engine this backend started. */
  dispose(): void;
}

/**
 * The simulator's "real copy" mode: each simulated batch is allocated, filled with a
 * pattern, copied by the engine under the requested schedule and verified. Engines are kept
 * per worker count; a given engine serves requests for its own worker count.
 */
export function createSimCopyBackend(engineOrHost: CopyEngine | WorkerHost): SimCopyBackend {
  const given = 'copy' in engineOrHost ? engineOrHost : undefined;
  const host = given ? given.host : (engineOrHost as WorkerHost);
  const engines = new Map<number, CopyEngine>();
  if (given) engines.set(given.workers, given);
  let batchSeed = 1;

  const engineFor = (workers: number): CopyEngine => {
    let engine = engines.get(workers);
    if (!engine) {
      engine = createCopyEngine(host, { workers });
      engines.set(workers, engine);
    }
    return engine;
  };

  return {
    async copyBatch(request: RealCopyRequest): Promise<RealCopyResult> {
      const engine = engineFor(request.workers);
      const batch = engine.createBatch(request.folioBytes, request.schedule);
      fillSource(batch, batchSeed++);
      const report = await engine.copy(batch, { mode: request.schedule, signal: request.signal });
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
    },
  };
}
