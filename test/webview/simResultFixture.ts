/** A small SimResult shaped like the simulator's, for view-model tests that must not depend on the model's figures. */
import type { SimResult } from '../../src/core/sim/types';

export function violatedResult(): SimResult {
  return {
    scenario: 'stop-by-inactive', protocol: 'v3', generation: 'v3', provider: 'dcbm', seed: 1, verdict: 'violated',
    violations: [
      { invariant: 'stop-by-owner', t: 2_500, event: 1, message: 'dcbm stopped CPU_MT_COPY' },
      { invariant: 'stop-by-owner', t: 3_000, event: 2, message: 'again' },
    ],
    invariantsChecked: ['no-byte-uncopied', 'stop-by-owner', 'module-pinned'],
    log: [
      '[    0.000001] starting migration offload by DCBM',
      '[    0.000002] starting migration offload by CPU_MT_COPY',
      '[    0.000003] stopping migration offload by CPU_MT_COPY',
      '[    0.000010] DCBM: Falling back to CPU copy',
    ],
    events: [
      { t: 1_000, actor: 'cpu0', kind: 'enable', detail: 'dcbm' },
      { t: 2_500, actor: 'cpu1', kind: 'stop_offloading', detail: 'by dcbm', source: { path: 'mm/migrate_offc.c', line: 41 } },
      { t: 3_000, actor: 'cpu1', kind: 'stop_offloading', detail: 'again' },
    ],
    stats: {
      throughputGBps: 12.5, bytes: 64 * 2 * 1024 * 1024, folios: 64, batches: 64, fallbacks: 1, retries: 2, succeeded: 63, failed: 1,
      phaseNs: { unmap: 100, flush: 50, prep: 200, copy: 600, fallback: 0, finalize: 50, retry: 0, protocol: 0 },
      elapsedNs: 10_000, firstFolioLatencyNs: 1_000, copyShare: 0.6, perProvider: [{ provider: 'DCBM', bytes: 1, batches: 1, copyNs: 1, throughputGBps: 12.5 }],
    },
    timeline: {
      lanes: ['dma0', 'dma1'],
      spans: [
        { lane: 'dma0', start: 0, end: 100, label: 'copy' },
        { lane: 'dma0', start: 101, end: 200, label: 'copy' },
        { lane: 'dma0', start: 5000, end: 6000, label: 'copy' },
        { lane: 'dma1', start: 0, end: 50, label: 'setup' },
      ],
      droppedSpans: 0,
    },
    provenance: [
      { what: 'migrator name', value: 'kernel', from: 'document', source: { path: 'mm/migrate_offc.c', line: 30 } },
      { what: 'batch limit', value: '512', from: 'default' },
    ],
  };
}
