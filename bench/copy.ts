// Copy engine benchmark: every verification mode x folio size x worker count, each next to its
// matching baseline measured in the same run, interleaved round by round (best of N kept):
// 'none' next to native memcpy, 'full' next to native memcpy + memcmp, 'sampled' next to the
// engine's own 'none'. Plus a single-thread TypedArray.set copy and the webview engine in Chromium.
import { getPriority, loadavg } from 'node:os';
import { createCopyEngine, destinationBlocks, fillSource, formatSize, type CopyBatch, type CopyEngine, type VerifyMode } from '../src/core/copy/index';
import { createNodeWorkerHost } from '../src/core/copy/node/nodeWorkerHost';
import { startNative, type NativeCopier } from './copyNative';
import { measureWebview, type WebviewFigures, type WebviewMeasurement } from './copyWebview';
import { markdownTable, type BenchSection } from './section';

const FOLIO_SIZES = [4096, 64 * 1024, 2 * 1024 * 1024];
const WORKER_COUNTS = [1, 2, 4];
const VERIFY: VerifyMode[] = ['none', 'sampled', 'full'];
/** Each batch is 64 MiB of source: twice the last-level cache, so memory bandwidth is what is measured. */
const BATCH_BYTES = 64 * 1024 * 1024;
const WARMUP = 1;
/** Rounds interleave every configuration, so a burst of load elsewhere hits them all alike; the best round is kept. */
const ROUNDS = Number(process.env.COPY_BENCH_ROUNDS ?? 9);
const WEBVIEW = [{ folioBytes: 2 * 1024 * 1024, workers: 2 }, { folioBytes: 64 * 1024, workers: 2 }];

interface Row {
  folioBytes: number;
  workers: number;
  verify: VerifyMode;
  GBps: number;
  /** The same bytes over the slowest worker's own copy time (best round): what the copy costs without the calling thread. */
  workerGBps: number;
  /** Fewest milliseconds of a run spent outside the slowest worker's copy: posting, waking, answering, bookkeeping. */
  outsideMs: number;
  baseline: string;
  baselineGBps: number | null;
  ratio: number | null;
  goal: number;
  met: boolean | null;
}

type Best = Map<string, number>;
const key = (...parts: (string | number)[]) => parts.join('/');
const keep = (best: Best, name: string, value: number) => best.set(name, Math.max(best.get(name) ?? 0, value));
const keepLeast = (best: Best, name: string, value: number) => best.set(name, Math.min(best.get(name) ?? Infinity, value));

export async function benchCopy(): Promise<BenchSection> {
  const loadStart = loadavg()[0];
  const native = startNative(BATCH_BYTES);
  const host = createNodeWorkerHost();
  const engines = new Map<number, CopyEngine>(WORKER_COUNTS.map((workers) => [workers, createCopyEngine(host, { workers })]));
  const best: Best = new Map();
  const batches = new Map<number, CopyBatch>();
  try {
    for (const folioBytes of FOLIO_SIZES) {
      // One shared batch per size serves every engine (a plan is kept per engine and batch).
      const batch = engines.get(1)!.createBatch(new Array<number>(BATCH_BYTES / folioBytes).fill(folioBytes), 'folios');
      fillSource(batch, folioBytes);
      batches.set(folioBytes, batch);
    }
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const scratch: Best = round < WARMUP ? new Map() : best;
      for (const folioBytes of FOLIO_SIZES) await oneRound(batches.get(folioBytes)!, folioBytes, engines, 'pass' in native ? native : undefined, scratch);
    }
  } finally {
    for (const engine of engines.values()) engine.dispose();
    if ('pass' in native) native.close();
  }
  const measured = await measureWebview(WEBVIEW, BATCH_BYTES, VERIFY, ROUNDS);
  const loadEnd = loadavg()[0];
  const rows = buildRows(best);
  const nativeNote = 'note' in native ? native.note : undefined;
  // Rows keep the worker count asked for; the engine starts at most one worker per core (engine.ts, threadsFor).
  const started = Object.fromEntries([...engines].map(([workers, engine]) => [workers, engine.workers]));
  const capNotes = [...engines.values()].flatMap((engine) => (engine.note ? [`${engine.requestedWorkers}-worker rows: ${engine.note} (native memcpy ${engine.requestedWorkers}T still runs ${engine.requestedWorkers} threads)`] : []));
  const nice = getPriority();
  const title = `copy engine (GB/s, best of ${ROUNDS} interleaved rounds, 64 MiB batches; 1-min load average ${loadStart.toFixed(1)} at start, ${loadEnd.toFixed(1)} at end; nice ${nice})`;
  return { title, table: table(rows, best, measured, [nativeNote, ...capNotes]), json: json(rows, best, measured, { loadStart, loadEnd, nativeNote, started, nice }) };
}

async function oneRound(batch: CopyBatch, folioBytes: number, engines: Map<number, CopyEngine>, native: NativeCopier | undefined, best: Best): Promise<void> {
  if (native) {
    for (const threads of WORKER_COUNTS) {
      keep(best, key('native', 'copy', folioBytes, threads), await native.pass('copy', folioBytes, threads));
      keep(best, key('native', 'verify', folioBytes, threads), await native.pass('verify', folioBytes, threads));
    }
  }
  keep(best, key('set', folioBytes), singleThreadCopy(batch));
  for (const [workers, engine] of engines) {
    for (const verify of VERIFY) {
      const report = await engine.copy(batch, { mode: 'folios', verify });
      if (report.failed > 0) throw new Error(`copy bench: ${report.failed} folios failed (${verify})`);
      keep(best, key('engine', verify, folioBytes, workers), report.GBps);
      const slowestWorkerMs = Math.max(...report.perWorker.map((worker) => worker.ms));
      keep(best, key('workers', verify, folioBytes, workers), report.bytes / slowestWorkerMs / 1e6);
      keepLeast(best, key('outside', verify, folioBytes, workers), report.seconds * 1000 - slowestWorkerMs);
    }
  }
}

/** One folio at a time with TypedArray.prototype.set on the calling thread, no check. */
function singleThreadCopy(batch: CopyBatch): number {
  const source = new Uint8Array(batch.source[0]);
  // A one-memory batch's destinations start past its sources, in the same buffer.
  const [destination] = destinationBlocks(batch);
  const started = performance.now();
  for (const [segment] of batch.placement) destination.set(source.subarray(segment.offset, segment.offset + segment.length), segment.offset);
  return BATCH_BYTES / ((performance.now() - started) / 1000) / 1e9;
}

/** The goals of issue 15, each against its matching baseline at the same thread count. */
function goalFor(verify: VerifyMode, folioBytes: number): { baseline: string; goal: number } {
  if (verify === 'none') return { baseline: 'native memcpy', goal: folioBytes <= 4096 ? 0.8 : 0.95 };
  if (verify === 'full') return { baseline: 'native memcpy+memcmp', goal: 0.9 };
  return { baseline: "engine 'none'", goal: 0.9 };
}

function buildRows(best: Best): Row[] {
  const rows: Row[] = [];
  for (const folioBytes of FOLIO_SIZES) {
    for (const workers of WORKER_COUNTS) {
      for (const verify of VERIFY) {
        const GBps = round2(best.get(key('engine', verify, folioBytes, workers)) ?? 0);
        const { baseline, goal } = goalFor(verify, folioBytes);
        const reference = verify === 'sampled' ? key('engine', 'none', folioBytes, workers) : key('native', verify === 'none' ? 'copy' : 'verify', folioBytes, workers);
        const baselineGBps = best.has(reference) ? round2(best.get(reference)!) : null;
        const ratio = baselineGBps ? Math.round((GBps / baselineGBps) * 100) / 100 : null;
        const workerGBps = round2(best.get(key('workers', verify, folioBytes, workers)) ?? 0);
        const outsideMs = round2(best.get(key('outside', verify, folioBytes, workers)) ?? 0);
        rows.push({ folioBytes, workers, verify, GBps, workerGBps, outsideMs, baseline: `${baseline}${verify === 'sampled' ? '' : ` ${workers}T`}`, baselineGBps, ratio, goal, met: ratio === null ? null : ratio >= goal });
      }
    }
  }
  return rows;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function webviewRows(webview: WebviewFigures[], best: Best) {
  return webview.flatMap((figures) =>
    VERIFY.map((verify) => {
      const GBps = figures.result ? round2(figures.result.reused[verify] ?? 0) : null;
      const nodeGBps = round2(best.get(key('engine', verify, figures.folioBytes, figures.workers)) ?? 0);
      return { verify, workers: figures.workers, folioBytes: figures.folioBytes, GBps, nodeGBps, ratio: GBps !== null && nodeGBps > 0 ? Math.round((GBps / nodeGBps) * 100) / 100 : null };
    }),
  );
}

function table(rows: Row[], best: Best, measured: WebviewMeasurement, benchNotes: (string | undefined)[]): string {
  const webview = measured.figures;
  const percent = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value * 100)}%`);
  const main = markdownTable(
    ['folio size', 'workers', 'verify', 'engine GB/s', "workers' own GB/s", 'outside the workers ms', 'baseline', 'baseline GB/s', 'ratio', 'goal', 'met'],
    rows.map((row) => [formatSize(row.folioBytes), row.workers, row.verify, row.GBps.toFixed(2), row.workerGBps.toFixed(2), row.outsideMs.toFixed(2), row.baseline, row.baselineGBps?.toFixed(2) ?? 'n/a', percent(row.ratio), `≥ ${Math.round(row.goal * 100)}%`, row.met === null ? 'n/a' : row.met ? 'yes' : 'no']),
  );
  const baselines = markdownTable(
    ['folio size', 'single-thread set', ...WORKER_COUNTS.map((t) => `memcpy ${t}T`), ...WORKER_COUNTS.map((t) => `memcpy+memcmp ${t}T`)],
    FOLIO_SIZES.map((folioBytes) => [
      formatSize(folioBytes),
      (best.get(key('set', folioBytes)) ?? 0).toFixed(2),
      ...WORKER_COUNTS.map((t) => best.get(key('native', 'copy', folioBytes, t))?.toFixed(2) ?? 'n/a'),
      ...WORKER_COUNTS.map((t) => best.get(key('native', 'verify', folioBytes, t))?.toFixed(2) ?? 'n/a'),
    ]),
  );
  const web = webviewRows(webview, best);
  const webTable = markdownTable(
    ['webview (Chromium, panel CSP, transfer memory)', 'workers', 'verify', 'webview GB/s', 'Node engine GB/s', 'ratio', 'goal'],
    web.map((row) => [formatSize(row.folioBytes), row.workers, row.verify, row.GBps?.toFixed(2) ?? 'n/a', row.nodeGBps.toFixed(2), percent(row.ratio), '≥ 50%']),
  );
  const profile = webview
    .filter((figures) => figures.result)
    .map((figures) => `webview ${formatSize(figures.folioBytes)}: a fresh batch per run (the panel's old way), full: ${figures.result!.freshBatch.full?.toFixed(2)} GB/s; worker start-up ${figures.result!.startupMs.toFixed(0)} ms (outside the timed region)`);
  const panel = measured.panelLike ? [`panel's real-copy path (32 batches of one 2 MiB folio, 4 workers asked for, full): ${measured.panelLike.reusedGBps.toFixed(2)} GB/s with warm workers and batches reused (the panel keeps its backend across runs), ${measured.panelLike.freshGBps.toFixed(2)} GB/s with a fresh batch per simulated batch, ${measured.panelLike.coldGBps.toFixed(2)} GB/s for the first 32 batches of a new backend (cold workers: the panel's way while it made one per run)`] : [];
  const notes = [...benchNotes, ...panel, ...webview.filter((figures) => figures.note).map((figures) => figures.note!), ...profile].filter(Boolean);
  const columns = "workers' own GB/s: the batch's bytes over the slowest worker's own copy time (best round); outside the workers: the rest of a run's wall time — posting the tasks, the workers waking, their answers, the ledger (fewest ms of the rounds).";
  return [main, columns, 'Baselines, GB/s (same run, interleaved):', baselines, webTable, ...notes].join('\n\n');
}

function json(rows: Row[], best: Best, measured: WebviewMeasurement, context: { loadStart: number; loadEnd: number; nativeNote?: string; started: Record<string, number>; nice: number }): unknown {
  const byThreads = (kind: 'copy' | 'verify', folioBytes: number) => {
    const out: Record<string, number> = {};
    for (const t of WORKER_COUNTS) if (best.has(key('native', kind, folioBytes, t))) out[t] = round2(best.get(key('native', kind, folioBytes, t))!);
    return out;
  };
  const byFolio = (kind: 'copy' | 'verify') => Object.fromEntries(FOLIO_SIZES.map((size) => [size, byThreads(kind, size)]));
  const webview = measured.figures;
  const web = webviewRows(webview, best);
  const headline = web.find((row) => row.folioBytes === WEBVIEW[0].folioBytes && row.verify === 'full');
  return {
    rows: rows.map(({ folioBytes, workers, verify, GBps, workerGBps, outsideMs, baseline, baselineGBps, ratio, goal, met }) => ({ folioBytes, workers, verify, GBps, workerGBps, outsideMs, baseline, baselineGBps, ratio, goal, met })),
    // The 2 MiB figures per thread count; nativeByFolio / nativeVerifyByFolio hold every size.
    nativeGBps: byThreads('copy', FOLIO_SIZES[FOLIO_SIZES.length - 1]),
    nativeVerifyGBps: byThreads('verify', FOLIO_SIZES[FOLIO_SIZES.length - 1]),
    nativeByFolio: byFolio('copy'),
    nativeVerifyByFolio: byFolio('verify'),
    singleThreadGBps: Object.fromEntries(FOLIO_SIZES.map((size) => [size, round2(best.get(key('set', size)) ?? 0)])),
    webview: headline ? { verify: headline.verify, workers: headline.workers, folioBytes: headline.folioBytes, GBps: headline.GBps, nodeGBps: headline.nodeGBps, ratio: headline.ratio } : null,
    webviewRows: web,
    webviewProfile: webview.map((figures) => ({ folioBytes: figures.folioBytes, workers: figures.workers, memory: figures.result?.memory ?? null, freshBatchFullGBps: figures.result?.freshBatch.full ?? null, startupMs: figures.result ? Math.round(figures.result.startupMs) : null, note: figures.note ?? null })),
    webviewPanelRun: measured.panelLike ?? null,
    batchBytes: BATCH_BYTES,
    rounds: ROUNDS,
    loadAverage: Math.round(context.loadStart * 10) / 10,
    loadAverageEnd: Math.round(context.loadEnd * 10) / 10,
    // Workers the engine started per row's worker count (at most one per core), and the bench's nice level.
    workersStarted: context.started,
    nice: context.nice,
    ...(context.nativeNote ? { nativeNote: context.nativeNote } : {}),
  };
}
