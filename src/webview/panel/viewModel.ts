/**
 * The view-model: pure functions that turn the simulator's result into what the panel shows.
 * No DOM here, so it is tested in plain Node.
 */
import type { RealCopyResult } from '../../core/sim/copyBackend';
import { printkStamp } from '../../core/sim/kernel/klog';
import type { SimEvent, SimResult, Violation } from '../../core/sim/types';
import type { ProviderChoice } from '../../shared/runConfig';
import type { RealCopyOutcome } from './runTypes';
import { folioLabel, formatBytes, formatGBps, formatNs } from './format';
import type { InvariantView, LaneView, LogLineView, RealCopyView, ResultView, SourceRef, ThroughputSeries } from './resultView';

/** One published cell of the V3 cover letter beside the model's value (the CLI's `--calibration --json` row). */
export interface CalibrationRow {
  table: string;
  provider: string;
  lanes: number;
  folioSize: string | number;
  folioCount?: number;
  publishedGBps: number;
  publishedSD: number;
  modelGBps: number;
}

export interface ViewInputs {
  /** The providers the run used (for the chart's model/published series). */
  providers: ProviderChoice[];
  /** Folio sizes of the run's mix, in bytes. */
  folioSizes: number[];
  calibration: CalibrationRow[];
  realCopy?: RealCopyOutcome;
  /** Log lines kept in the view (and so in saved state); the rest is counted. */
  maxLogLines?: number;
  /** Busy intervals kept per lane after merging. */
  maxSegmentsPerLane?: number;
}

export const ALL_FOLIO_SIZES = [4, 16, 64, 128, 256, 512, 1024, 2048].map((k) => k * 1024);

const STAMP = /^\[\s*(\d+)\.(\d{6})\]/;

/** Virtual ns of a printk-style line, or undefined for a line without a stamp. */
export function logLineTime(line: string): number | undefined {
  const match = STAMP.exec(line);
  return match ? Number(match[1]) * 1e9 + Number(match[2]) * 1e3 : undefined;
}

export function logLevel(line: string): LogLineView['level'] {
  if (/\b(err|error|BUG|failed|violat|-E[A-Z]+)\b/i.test(line)) return 'err';
  if (/\b(warn|WARN|fall(ing)? ?back|retry)\b/i.test(line)) return 'warn';
  return 'info';
}

/** The log line to scroll to for an event at `t`: the first line of the latest stamp at or before `t`. */
export function logIndexAt(log: readonly string[], t: number): number | null {
  let found: number | null = null;
  let foundTime = -1;
  for (const [index, line] of log.entries()) {
    const time = logLineTime(line);
    if (time === undefined) continue;
    if (time > t) break;
    if (time > foundTime) {
      found = index;
      foundTime = time;
    }
  }
  return found;
}

/**
 * The patch line a violation's step came from: the event's own source, or else the latest earlier step
 * of the same actor that the simulator took from the document (the pr_info of stop_offloading(), say).
 */
export function sourceOfStep(events: readonly SimEvent[], index: number): SimEvent['source'] | undefined {
  const event = events[index];
  if (!event) return undefined;
  for (let i = index; i >= 0; i--) {
    const step = events[i];
    if (step.actor === event.actor && step.source) return step.source;
  }
  return undefined;
}

/** Printk events that carry a document line, keyed by stamp and text, so log lines can link to the patch. */
function printkSources(events: readonly SimEvent[]): Map<string, SourceRef> {
  const sources = new Map<string, SourceRef>();
  for (const event of events) if (event.kind === 'printk' && event.source) sources.set(`${printkStamp(event.t)} ${event.detail}`, { path: event.source.path, line: event.source.line });
  return sources;
}

export function describeEvent(event: SimEvent | undefined): string | null {
  return event ? `t=${formatNs(event.t)} ${event.actor}: ${event.kind} ${event.detail}`.trim() : null;
}

function sourceOf(ref: { path: string; line: number } | undefined): SourceRef | null {
  return ref ? { path: ref.path, line: ref.line } : null;
}

export function invariantViews(result: SimResult, keptLog: readonly string[]): InvariantView[] {
  const firstViolation = new Map<string, Violation>();
  for (const violation of result.violations) if (!firstViolation.has(violation.invariant)) firstViolation.set(violation.invariant, violation);
  const names = [...new Set([...result.invariantsChecked, ...firstViolation.keys()])];
  return names.map((name) => {
    const violation = firstViolation.get(name);
    if (!violation) return { name, held: true, detail: '', event: null, logIndex: null, timeNs: null, source: null };
    const event = result.events[violation.event];
    return {
      name,
      held: false,
      detail: violation.message,
      event: describeEvent(event),
      logIndex: logIndexAt(keptLog, violation.t),
      timeNs: violation.t,
      source: sourceOf(sourceOfStep(result.events, violation.event)),
    };
  });
}

/** Merges a lane's spans that touch (same kind, gap under 1% of the run) and keeps at most `max`. */
export function laneViews(result: SimResult, max: number): LaneView[] {
  const byLane = new Map<string, [number, number, string][]>(result.timeline.lanes.map((lane) => [lane, []]));
  const tolerance = Math.max(1, result.stats.elapsedNs / 100);
  for (const span of [...result.timeline.spans].sort((a, b) => a.start - b.start)) {
    const segments = byLane.get(span.lane) ?? byLane.set(span.lane, []).get(span.lane)!;
    const last = segments.at(-1);
    if (last && last[2] === span.label && span.start - last[1] <= tolerance) last[1] = Math.max(last[1], span.end);
    else segments.push([span.start, span.end, span.label]);
  }
  return [...byLane].map(([name, segments]) => ({ name, segments: thin(segments, max) }));
}

/** Keeps every n-th segment and stretches it over the ones dropped, so the lane's busy extent stays right. */
function thin(segments: [number, number, string][], max: number): [number, number, string][] {
  if (segments.length <= max) return segments;
  const step = Math.ceil(segments.length / max);
  const kept: [number, number, string][] = [];
  for (let i = 0; i < segments.length; i += step) {
    const group = segments.slice(i, i + step);
    kept.push([group[0][0], Math.max(...group.map((segment) => segment[1])), group[0][2]]);
  }
  return kept;
}

function providerLabel(choice: ProviderChoice): string {
  if (choice.kind === 'kernel') return 'kernel';
  return `${choice.kind} ${choice.lanes} ${choice.kind === 'mtcopy' ? 'thread' : 'channel'}${choice.lanes === 1 ? '' : 's'}`;
}

function sizeKey(size: string | number): string {
  return typeof size === 'number' ? folioLabel(size) : size.toUpperCase();
}

/** Calibration rows of table 1a/1b/1c for a provider (the folio-count table 2 is left to the CLI). */
function rowsFor(calibration: readonly CalibrationRow[], choice: ProviderChoice): Map<string, CalibrationRow> {
  const lanes = choice.kind === 'kernel' ? undefined : choice.lanes;
  // The cover letter's single-threaded "baseline" (table 1a) is the kernel's own folio_mc_copy().
  const provider = choice.kind === 'kernel' ? 'baseline' : choice.kind;
  // Tables 1a-1c only: the V2/V4 holdout rows share provider and lanes, and the last row per size would win.
  const rows = calibration.filter((row) => /^1[abc]$/.test(row.table) && row.provider === provider && row.folioCount === undefined && (lanes === undefined || row.lanes === lanes));
  return new Map(rows.map((row) => [sizeKey(row.folioSize), row]));
}

/**
 * Throughput per folio size: for each provider of the run, the model's figure and the V3 cover letter's
 * published mean (with its SD) at every size, and this run's own figure at its size (single-size runs).
 */
export function throughputView(result: SimResult, inputs: ViewInputs): ResultView['throughput'] {
  const folioSizes = ALL_FOLIO_SIZES.map(folioLabel);
  const series: ThroughputSeries[] = [];
  for (const choice of inputs.providers) {
    const rows = rowsFor(inputs.calibration, choice);
    if (rows.size === 0) continue;
    const label = providerLabel(choice);
    series.push({ label: `model: ${label}`, kind: 'model', values: folioSizes.map((size) => rows.get(size)?.modelGBps ?? null) });
    series.push({
      label: `published V3: ${label}`,
      kind: 'published',
      values: folioSizes.map((size) => rows.get(size)?.publishedGBps ?? null),
      errors: folioSizes.map((size) => rows.get(size)?.publishedSD ?? null),
    });
  }
  const single = inputs.folioSizes.length === 1 ? folioLabel(inputs.folioSizes[0]) : undefined;
  series.push({
    label: single ? `this run (${result.scenario})` : `this run (${result.scenario}, mixed sizes: shown at the largest)`,
    kind: 'run',
    values: folioSizes.map((size) => (size === (single ?? folioLabel(Math.max(...inputs.folioSizes))) ? result.stats.throughputGBps : null)),
  });
  const measured = realCopyView(inputs.realCopy);
  if (measured && inputs.folioSizes.length > 0) {
    const at = folioLabel(Math.max(...inputs.folioSizes));
    series.push({ label: 'real copy (workers, this machine)', kind: 'measured', values: folioSizes.map((size) => (size === at ? measured.GBps : null)) });
  }
  return { folioSizes, series };
}

const VERIFICATION_TEXT: Record<string, string> = {
  full: 'every byte compared',
  sampled: 'a sample of lines per folio and their checksum (corruption outside the sample goes unseen)',
  none: 'none: bytes copied, not compared (corruption cannot be detected)',
};

export function realCopyView(outcome: RealCopyOutcome | undefined): RealCopyView | null {
  const batches = outcome?.results;
  if (!outcome || !batches || batches.length === 0) return null;
  const sum = (pick: (batch: RealCopyResult) => number) => batches.reduce((total, batch) => total + pick(batch), 0);
  const bytes = sum((batch) => batch.bytes);
  const seconds = sum((batch) => batch.seconds);
  return {
    bytes,
    verifiedBytes: sum((batch) => batch.verifiedBytes),
    verifiedFolios: sum((batch) => batch.verifiedFolios),
    failedFolios: sum((batch) => batch.failedFolios.length),
    recoveredSerially: sum((batch) => batch.recoveredSerially),
    GBps: seconds > 0 ? bytes / seconds / 1e9 : 0,
    modelGBps: outcome.modelGBps,
    batches: batches.length,
    skippedBatches: outcome.skippedBatches,
  };
}

export function verdictText(result: SimResult): string {
  const checked = new Set([...result.invariantsChecked, ...result.violations.map((violation) => violation.invariant)]).size;
  if (result.verdict === 'held') return `Held: all ${checked} invariants held (${result.scenario}, protocol ${result.protocol}).`;
  const broken = [...new Set(result.violations.map((violation) => violation.invariant))];
  return `Violated: ${broken.length} of ${checked} invariants broken (${result.scenario}, protocol ${result.protocol}): ${broken.join(', ')}.`;
}

/** This scenario under every generation (the analysis the panel's runners add to the result). */
function generationViews(result: SimResult): ResultView['generations'] {
  const verdicts = result.analysis?.byGeneration.verdicts;
  return verdicts ? Object.entries(verdicts).map(([generation, verdict]) => ({ generation, verdict })) : [];
}

function firstHoldsText(result: SimResult): string {
  const by = result.analysis!.byGeneration;
  const all = Object.entries(by.verdicts).map(([g, v]) => `${g} ${v}`).join(', ');
  return `${by.firstHolds ?? 'none of v3–v6'} (${all})`;
}

export function toResultView(result: SimResult, inputs: ViewInputs): ResultView {
  const maxLog = inputs.maxLogLines ?? 1000;
  const keptLog = result.log.slice(0, maxLog);
  const stats = result.stats;
  const phaseTotal = Object.values(stats.phaseNs).reduce((total, ns) => total + ns, 0);
  const realCopy = realCopyView(inputs.realCopy);
  const linkedSources = printkSources(result.events);
  return {
    scenario: result.scenario,
    protocol: result.protocol,
    verdict: result.verdict,
    verdictText: verdictText(result),
    throughputGBps: stats.throughputGBps,
    headline: [
      { label: 'Throughput', value: formatGBps(stats.throughputGBps) },
      { label: 'Data', value: formatBytes(stats.bytes) },
      { label: 'Folios', value: `${stats.folios} (${stats.succeeded} migrated, ${stats.failed} failed)` },
      { label: 'Batches', value: String(stats.batches) },
      { label: 'Simulated time', value: formatNs(stats.elapsedNs) },
      { label: 'First folio migrated after', value: formatNs(stats.firstFolioLatencyNs) },
      ...(result.analysis ? [{ label: 'First holds in', value: firstHoldsText(result) }] : []),
      ...(realCopy
        ? [
            { label: 'Verified bytes', value: `${formatBytes(realCopy.verifiedBytes)} of ${formatBytes(realCopy.bytes)} (${realCopy.verifiedBytes} B)` },
            { label: 'Real copy', value: `${formatGBps(realCopy.GBps)} measured vs ${formatGBps(realCopy.modelGBps)} modelled, ${realCopy.batches} batches${realCopy.skippedBatches ? ` (${realCopy.skippedBatches} more only simulated)` : ''}` },
            { label: 'Copy check', value: `${VERIFICATION_TEXT[inputs.realCopy?.verification ?? 'full']} (measured here: the webview's Web Workers, buffers handed over by transfer)` },
          ]
        : []),
    ],
    throughput: throughputView(result, inputs),
    generations: generationViews(result),
    firstFolioLatency: (result.analysis?.firstFolioLatency ?? []).map((p) => ({ batchPages: p.batchPages, latencyUs: p.latencyNs / 1000 })),
    phases: Object.entries(stats.phaseNs).map(([phase, ns]) => ({ phase, ns, share: phaseTotal > 0 ? ns / phaseTotal : 0 })),
    counters: [
      { name: 'fallbacks', value: stats.fallbacks },
      { name: 'retries', value: stats.retries },
      { name: 'batches', value: stats.batches },
      { name: 'succeeded', value: stats.succeeded },
      { name: 'failed', value: stats.failed },
      ...(realCopy
        ? [
            { name: 'real copy: verified bytes', value: realCopy.verifiedBytes },
            { name: 'real copy: failed folios', value: realCopy.failedFolios },
            { name: 'real copy: recovered serially', value: realCopy.recoveredSerially },
          ]
        : []),
    ],
    invariants: invariantViews(result, keptLog),
    log: keptLog.map((text) => ({ text, level: logLevel(text), source: linkedSources.get(text) ?? null })),
    logDropped: result.log.length - keptLog.length,
    lanes: laneViews(result, inputs.maxSegmentsPerLane ?? 300),
    realCopy,
    provenance: result.provenance.map((entry) => ({ what: entry.what, value: entry.value, from: entry.from, source: sourceOf(entry.source) })),
  };
}
