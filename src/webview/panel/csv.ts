/**
 * CSV export of a run as the panel shows it: one table with a `section` column, so a spreadsheet can
 * filter it. Fields are quoted per RFC 4180; a leading = + - @ is prefixed with ' so a spreadsheet never
 * evaluates text that came from the document.
 */
import type { ResultView } from './resultView';

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function row(...fields: (string | number | null)[]): string {
  return fields.map(csvField).join(',');
}

export function resultCsv(view: ResultView): string {
  const lines = [row('section', 'name', 'key', 'value', 'extra')];
  lines.push(row('run', 'scenario', '', view.scenario, ''), row('run', 'protocol', '', view.protocol, ''), row('run', 'verdict', '', view.verdict, view.verdictText));
  lines.push(row('run', 'throughputGBps', '', view.throughputGBps, ''));
  for (const series of view.throughput.series) {
    series.values.forEach((value, i) => {
      if (value !== null) lines.push(row('throughput', series.label, view.throughput.folioSizes[i], value, series.errors?.[i] ?? null));
    });
  }
  for (const phase of view.phases) lines.push(row('phase', phase.phase, 'ns', phase.ns, phase.share));
  for (const counter of view.counters) lines.push(row('counter', counter.name, '', counter.value, ''));
  for (const invariant of view.invariants) lines.push(row('invariant', invariant.name, invariant.held ? 'held' : 'violated', invariant.timeNs, invariant.detail));
  if (view.realCopy) {
    for (const [key, value] of Object.entries(view.realCopy)) lines.push(row('realCopy', key, '', value, ''));
  }
  return lines.join('\r\n') + '\r\n';
}
