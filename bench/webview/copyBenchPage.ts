// Page script for bench/copyWebview.ts: the browser copy engine (blob: Web Workers, transferred
// buffers) timed inside Chromium under the panel's CSP, the way the panel's real-copy run uses it.
import { createBrowserWorkerHost } from '../../src/core/copy/browser/browserWorkerHost';
import { createCopyEngine, createSimCopyBackend, fillSource, type VerifyMode } from '../../src/core/copy/index';

export interface PageBenchRequest {
  folioBytes: number;
  batchBytes: number;
  workers: number;
  verify: VerifyMode[];
  rounds: number;
}

export interface PageBenchResult {
  memory: 'shared' | 'transfer';
  /** Best GB/s per verification mode, one batch reused across rounds (its buffers go to the workers and back). */
  reused: Record<string, number>;
  /** The same copy with a fresh batch each round (allocation and first touch outside the timed region, as the panel did). */
  freshBatch: Record<string, number>;
  /** Worker start-up: the first copy's wall time minus the engine's own timing, ms. */
  startupMs: number;
}

export interface PanelLikeResult {
  /** The panel's real-copy run: 32 simulated batches of one 2 MiB folio, 4 workers, GB/s as the panel sums it. */
  reusedGBps: number;
  /** The same with a fresh batch per simulated batch (before batches were reused). */
  freshGBps: number;
  /** The first 32 batches on a new backend: workers started cold, JIT not warm (the panel's way while it made a backend per run). */
  coldGBps: number;
}

/** The panel's real-copy path (createSimCopyBackend, one request per simulated batch), full verification. */
async function panelLikeBench(rounds: number): Promise<PanelLikeResult> {
  type Backend = ReturnType<typeof createSimCopyBackend>;
  const panelRun = async (backend: Backend) => {
    let bytes = 0;
    let seconds = 0;
    for (let batch = 0; batch < 32; batch++) {
      const result = await backend.copyBatch({ folioBytes: [2 << 20], workers: 4, schedule: 'folios' });
      bytes += result.bytes;
      seconds += result.seconds;
    }
    return bytes / seconds / 1e9;
  };
  const onNewBackend = async (reuseBatches: boolean, use: (backend: Backend) => Promise<number>) => {
    const backend = createSimCopyBackend(createBrowserWorkerHost(), { verify: 'full', reuseBatches });
    try {
      return await use(backend);
    } finally {
      backend.dispose();
    }
  };
  const warmBest = (reuseBatches: boolean) => onNewBackend(reuseBatches, async (backend) => {
    await backend.copyBatch({ folioBytes: [2 << 20], workers: 4, schedule: 'folios' });
    let best = 0;
    for (let round = 0; round < rounds; round++) best = Math.max(best, await panelRun(backend));
    return best;
  });
  return { coldGBps: await onNewBackend(true, panelRun), reusedGBps: await warmBest(true), freshGBps: await warmBest(false) };
}

async function copyBench(request: PageBenchRequest): Promise<PageBenchResult> {
  const engine = createCopyEngine(createBrowserWorkerHost(), { workers: request.workers });
  const sizes = new Array<number>(Math.max(1, Math.floor(request.batchBytes / request.folioBytes))).fill(request.folioBytes);
  try {
    const batch = engine.createBatch(sizes, 'folios');
    fillSource(batch, 7);
    const wallStarted = performance.now();
    const first = await engine.copy(batch, { mode: 'folios', verify: 'none' });
    const startupMs = performance.now() - wallStarted - first.seconds * 1000;
    const reused: Record<string, number> = {};
    const freshBatch: Record<string, number> = {};
    for (let round = 0; round < request.rounds; round++) {
      for (const verify of request.verify) {
        const report = await engine.copy(batch, { mode: 'folios', verify });
        if (report.failed > 0) throw new Error(`webview copy bench: ${report.failed} folios failed (${verify}): ${report.failures[0].reason}`);
        reused[verify] = Math.max(reused[verify] ?? 0, report.GBps);
      }
      // Every third round: what a fresh batch per run costs (the panel's old way).
      if (round % 3 === 0) {
        const fresh = engine.createBatch(sizes, 'folios');
        fillSource(fresh, round);
        const report = await engine.copy(fresh, { mode: 'folios', verify: 'full' });
        freshBatch.full = Math.max(freshBatch.full ?? 0, report.GBps);
      }
    }
    return { memory: batch.shared ? 'shared' : 'transfer', reused, freshBatch, startupMs };
  } finally {
    engine.dispose();
  }
}

Object.assign(globalThis, { copyBench, panelLikeBench });
