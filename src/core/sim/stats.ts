import type { Phase, ProviderStats, SimStats } from './types';

const phases: Phase[] = ['unmap', 'flush', 'prep', 'copy', 'fallback', 'finalize', 'retry', 'protocol'];

/** What migrate_pages() reports (nr_succeeded, nr_failed…) plus the simulator's own timing figures. */
export class StatsAccumulator {
  folios = 0;
  batches = 0;
  fallbacks = 0;
  retries = 0;
  succeeded = 0;
  failed = 0;
  /** Bytes of folios that ended up migrated (each folio once, whatever the counters say). */
  bytes = 0;
  /** Set when the first folio of the first migrate_pages() call is migrated. */
  firstFolioLatencyNs: number | undefined;
  readonly phaseNs = Object.fromEntries(phases.map((p) => [p, 0])) as Record<Phase, number>;
  private firstStart = Number.POSITIVE_INFINITY;
  private lastEnd = 0;
  private readonly providers = new Map<string, { bytes: number; batches: number; ns: number }>();

  phase(phase: Phase, ns: number): void {
    this.phaseNs[phase] += ns;
  }

  callStarted(t: number): void {
    this.firstStart = Math.min(this.firstStart, t);
  }

  callEnded(t: number): void {
    this.lastEnd = Math.max(this.lastEnd, t);
  }

  account(provider: string, bytes: number, ns: number): void {
    const entry = this.providers.get(provider) ?? { bytes: 0, batches: 0, ns: 0 };
    entry.bytes += bytes;
    entry.batches++;
    entry.ns += ns;
    this.providers.set(provider, entry);
  }

  get elapsedNs(): number {
    return Number.isFinite(this.firstStart) ? Math.max(0, this.lastEnd - this.firstStart) : 0;
  }

  result(): SimStats {
    const elapsedNs = this.elapsedNs;
    const perProvider: ProviderStats[] = [...this.providers].map(([provider, e]) => ({
      provider,
      bytes: e.bytes,
      batches: e.batches,
      copyNs: e.ns,
      throughputGBps: e.ns > 0 ? e.bytes / e.ns : 0,
    }));
    const phaseTotal = Object.values(this.phaseNs).reduce((a, b) => a + b, 0);
    return {
      throughputGBps: elapsedNs > 0 ? this.bytes / elapsedNs : 0,
      bytes: this.bytes,
      folios: this.folios,
      batches: this.batches,
      fallbacks: this.fallbacks,
      retries: this.retries,
      succeeded: this.succeeded,
      failed: this.failed,
      phaseNs: { ...this.phaseNs },
      elapsedNs,
      firstFolioLatencyNs: this.firstFolioLatencyNs ?? 0,
      copyShare: phaseTotal > 0 ? (this.phaseNs.copy + this.phaseNs.fallback) / phaseTotal : 0,
      perProvider,
    };
  }
}
