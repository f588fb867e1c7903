import { formatByteSize } from './sizes';
import type { SimResult } from './types';

const ms = (ns: number) => `${(ns / 1e6).toFixed(3)} ms`;

/** The CLI's readable account of a run: verdict first, then the violations, figures, log and provenance. */
export function formatSummary(result: SimResult, maxLogLines = 60): string {
  const s = result.stats;
  const lines = [
    `scenario ${result.scenario}, protocol ${result.protocol}, provider ${result.provider}, seed ${result.seed}`,
    `verdict: ${result.verdict === 'held' ? 'HELD' : 'VIOLATED'} (${result.invariantsChecked.length} invariants checked on every step, ${result.violations.length} violation${result.violations.length === 1 ? '' : 's'})`,
    ...result.violations.map((v) => `  ${v.invariant} at ${ms(v.t)} (event ${v.event}): ${v.message}`),
    `migrated ${s.folios} folios in ${s.batches} batches: ${formatByteSize(s.bytes)} at ${s.throughputGBps.toFixed(2)} GB/s (${ms(s.elapsedNs)} virtual)`,
    `succeeded ${s.succeeded}, failed ${s.failed}, fallbacks ${s.fallbacks}, retries ${s.retries}`,
    `phases: ${Object.entries(s.phaseNs).filter(([, ns]) => ns > 0).map(([p, ns]) => `${p} ${ms(ns)}`).join(', ')}`,
    ...s.perProvider.map((p) => `  ${p.provider}: ${formatByteSize(p.bytes)} in ${p.batches} batch copies, ${p.throughputGBps.toFixed(2)} GB/s while copying`),
    'log:',
    ...result.log.slice(0, maxLogLines).map((l) => `  ${l}`),
    ...(result.log.length > maxLogLines ? [`  … ${result.log.length - maxLogLines} more lines (--json has them all)`] : []),
    'model inputs:',
    ...result.provenance.map((p) => `  ${p.what}: ${p.value} [${p.from}${p.source ? ` ${p.source.path}, document line ${p.source.line + 1}` : ''}]`),
  ];
  return lines.join('\n') + '\n';
}
