import type { SourceRef } from '../types';

/** `[    0.000123] ` — the printk timestamp prefix, from virtual ns. */
export function printkStamp(ns: number): string {
  const us = Math.floor(ns / 1000);
  const seconds = Math.floor(us / 1_000_000);
  const micros = us % 1_000_000;
  return `[${String(seconds).padStart(5, ' ')}.${String(micros).padStart(6, '0')}]`;
}

/**
 * The kernel log (pr_info / pr_err / pr_warn). Huge runs print per-batch lines for the first batches only;
 * the rest is counted and summarised, so the log stays readable and the hot path stays cheap.
 */
export class KernelLog {
  readonly lines: string[] = [];
  suppressed = 0;

  constructor(
    private readonly now: () => number,
    private readonly maxLines: number,
    private readonly onLine: (text: string, source: SourceRef | undefined) => void = () => {},
  ) {}

  get full(): boolean {
    return this.lines.length >= this.maxLines;
  }

  info(text: string, source?: SourceRef): void {
    this.emit(text, source);
  }

  err(text: string, source?: SourceRef): void {
    this.emit(text, source);
  }

  warn(text: string, source?: SourceRef): void {
    this.emit(text, source);
  }

  /** Lines that must survive truncation (violations, verdicts) bypass the cap. */
  always(text: string): void {
    this.lines.push(`${printkStamp(this.now())} ${text}`);
  }

  private emit(text: string, source: SourceRef | undefined): void {
    this.onLine(text, source);
    if (this.full) {
      this.suppressed++;
      return;
    }
    this.lines.push(`${printkStamp(this.now())} ${text}`);
  }

  finish(): string[] {
    if (this.suppressed > 0) this.always(`sim: ${this.suppressed} further log lines summarised (log cap reached)`);
    return this.lines;
  }
}
