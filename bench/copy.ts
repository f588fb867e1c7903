// Copy engine benchmark: GB/s of verified parallel copies next to a plain single-thread
// TypedArray.set copy and next to native memcpy (bench/native/memcpy_bench.c, built here with cc).
import { loadavg } from 'node:os';
import { createCopyEngine, fillSource, formatSize, type CopyBatch, type CopyEngine } from '../src/core/copy/index';
import { createNodeWorkerHost } from '../src/core/copy/node/nodeWorkerHost';
import { measureNative, type NativeResult } from './copyNative';
import { markdownTable, type BenchSection } from './section';

const FOLIO_SIZES = [4096, 64 * 1024, 2 * 1024 * 1024];
const WORKER_COUNTS = [1, 2, 4];
/** Each batch is 64 MiB of source: well past the last-level cache, so memory bandwidth is measured. */
const BATCH_BYTES = 64 * 1024 * 1024;
const WARMUP = 2;
/** Rounds interleave every configuration, so a burst of load elsewhere hits them all alike; best round kept. */
const ROUNDS = 25;

interface Row {
  folioBytes: number;
  workers: number;
  GBps: number;
}

export async function benchCopy(): Promise<BenchSection> {
  const native = measureNative(FOLIO_SIZES, BATCH_BYTES, ROUNDS);
  const host = createNodeWorkerHost();
  const engines = new Map<number, CopyEngine>(WORKER_COUNTS.map((workers) => [workers, createCopyEngine(host, { workers })]));
  const rows: Row[] = [];
  const singleThreadGBps: Record<string, number> = {};
  const load = loadavg()[0];
  try {
    for (const folioBytes of FOLIO_SIZES) {
      const sizes = new Array<number>(BATCH_BYTES / folioBytes).fill(folioBytes);
      const batch = engines.get(1)!.createBatch(sizes, 'folios');
      fillSource(batch, folioBytes);
      const best = await interleavedBest(batch, engines);
      singleThreadGBps[folioBytes] = round(best.singleThread);
      for (const workers of WORKER_COUNTS) rows.push({ folioBytes, workers, GBps: round(best.engines.get(workers)!) });
    }
  } finally {
    for (const engine of engines.values()) engine.dispose();
  }
  const title = `copy engine (GB/s, best of ${ROUNDS} interleaved rounds, 64 MiB batches; 1-min load average ${load.toFixed(1)} at start)`;
  return { title, table: table(rows, singleThreadGBps, native), json: json(rows, singleThreadGBps, native, load) };
}

async function interleavedBest(batch: CopyBatch, engines: Map<number, CopyEngine>): Promise<{ singleThread: number; engines: Map<number, number> }> {
  let singleThread = 0;
  const best = new Map<number, number>();
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const counted = round >= WARMUP;
    const plain = singleThreadCopy(batch);
    if (counted) singleThread = Math.max(singleThread, plain);
    for (const [workers, engine] of engines) {
      const report = await engine.copy(batch, { mode: 'folios' });
      if (report.failed > 0) throw new Error(`copy bench: ${report.failed} folios failed to verify`);
      if (counted) best.set(workers, Math.max(best.get(workers) ?? 0, report.GBps));
    }
  }
  return { singleThread, engines: best };
}

/** The baseline: one folio at a time with TypedArray.prototype.set on the calling thread, no verification. */
function singleThreadCopy(batch: CopyBatch): number {
  const source = new Uint8Array(batch.source[0]);
  const destination = new Uint8Array(batch.destination[0]);
  const started = performance.now();
  for (const [segment] of batch.placement) destination.set(source.subarray(segment.offset, segment.offset + segment.length), segment.offset);
  return source.length / ((performance.now() - started) / 1000) / 1e9;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function table(rows: Row[], singleThread: Record<string, number>, native: NativeResult): string {
  const header = ['folio size', 'workers', 'engine GB/s', 'single-thread set GB/s', 'native memcpy 1T', 'native memcpy 2T', 'engine / native 2T', 'engine / single-thread'];
  const body = rows.map((row) => {
    const nativeRow = native.byFolio[row.folioBytes];
    return [
      formatSize(row.folioBytes),
      row.workers,
      row.GBps.toFixed(2),
      singleThread[row.folioBytes].toFixed(2),
      nativeRow ? nativeRow['1'].toFixed(2) : 'n/a',
      nativeRow ? nativeRow['2'].toFixed(2) : 'n/a',
      nativeRow ? `${Math.round((row.GBps / nativeRow['2']) * 100)}%` : 'n/a',
      `${(row.GBps / singleThread[row.folioBytes]).toFixed(2)}x`,
    ];
  });
  return markdownTable(header, body) + (native.note ? `\n\n${native.note}` : '');
}

function json(rows: Row[], singleThreadGBps: Record<string, number>, native: NativeResult, loadAverage: number): unknown {
  const largest = native.byFolio[FOLIO_SIZES[FOLIO_SIZES.length - 1]];
  return {
    rows,
    singleThreadGBps,
    // The reference figure: native memcpy on the largest (2 MiB) folios, per thread count.
    nativeGBps: largest ?? null,
    nativeByFolio: native.byFolio,
    batchBytes: BATCH_BYTES,
    loadAverage: Math.round(loadAverage * 10) / 10,
    ...(native.note ? { nativeNote: native.note } : {}),
  };
}
