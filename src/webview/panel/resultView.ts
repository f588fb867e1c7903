/**
 * What the panel shows about a run, as plain JSON: the view-model (viewModel.ts) builds it from the
 * simulator's result, the renderers draw it, the saved state keeps it across reloads, and the exports
 * are made from it. Every string here may come from the document: render it as text only.
 */

export interface SourceRef {
  /** Path of the C file inside the patch. */
  path: string;
  /** 0-based line of the opened document (the reveal target). */
  line: number;
}

export interface InvariantView {
  name: string;
  held: boolean;
  /** Why it failed; empty when it held. */
  detail: string;
  /** The step that broke it: "t=… actor kind detail". */
  event: string | null;
  /** Index into ResultView.log of the event that broke it. */
  logIndex: number | null;
  timeNs: number | null;
  source: SourceRef | null;
}

export interface LogLineView {
  text: string;
  level: 'info' | 'warn' | 'err';
  source: SourceRef | null;
}

export interface LaneView {
  name: string;
  /** [startNs, endNs, what] busy intervals, merged so a lane carries at most a few hundred. */
  segments: [number, number, string][];
}

export interface ThroughputSeries {
  label: string;
  kind: 'model' | 'published' | 'run' | 'measured';
  /** One value per ResultView.throughput.folioSizes entry; null where there is no figure. */
  values: (number | null)[];
  /** Published standard deviation per size, for the published series. */
  errors?: (number | null)[];
}

export interface RealCopyView {
  bytes: number;
  verifiedBytes: number;
  verifiedFolios: number;
  failedFolios: number;
  recoveredSerially: number;
  /** Measured: bytes over the summed copy time of the batches. */
  GBps: number;
  /** The model's copy-phase figure for the same batches. */
  modelGBps: number;
  batches: number;
  skippedBatches: number;
}

export interface ResultView {
  scenario: string;
  protocol: string;
  verdict: 'held' | 'violated';
  verdictText: string;
  throughputGBps: number;
  /** Label/value pairs for the summary line (throughput, bytes, folios, simulated time, …). */
  headline: { label: string; value: string }[];
  throughput: { folioSizes: string[]; series: ThroughputSeries[] };
  /** The scenario's verdict under each protocol generation (absent in views saved before it existed). */
  generations?: { generation: string; verdict: string }[];
  /** How long the first folio waits, against the batch limit in base pages (the V5 thread's question). */
  firstFolioLatency?: { batchPages: number; latencyUs: number }[];
  phases: { phase: string; ns: number; share: number }[];
  counters: { name: string; value: number }[];
  invariants: InvariantView[];
  log: LogLineView[];
  /** Log lines the run produced beyond what `log` keeps. */
  logDropped: number;
  lanes: LaneView[];
  realCopy: RealCopyView | null;
  /** Which parts of the model came from the document and which are defaults. */
  provenance: { what: string; value: string; from: 'document' | 'default'; source: SourceRef | null }[];
}
