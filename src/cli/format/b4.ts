import type { Finding } from '../../core/review/finding';
import type { Formatter } from './types';

/** What `b4 prep --check` and patchwork-style checks read: one object for the patch they fed us. */
export interface B4Check {
  tool: string;
  status: 'pass' | 'warn' | 'fail';
  summary: string;
  url: string | null;
  details: string;
}

const TOOL = 'offload-review';

/** Errors fail the check, anything else found warns, nothing found passes. */
export function b4Status(findings: readonly Finding[]): B4Check['status'] {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  return findings.length > 0 ? 'warn' : 'pass';
}

function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no review hints';
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;
  const parts = [
    [count('error'), 'error'], [count('warning'), 'warning'], [count('info') + count('hint'), 'note'],
  ].filter(([n]) => (n as number) > 0).map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`);
  const rules = [...new Set(findings.map((f) => f.rule))].join(', ');
  return `${parts.join(', ')} (${rules})`;
}

/** gcc-style lines, 1-based, the same a reviewer would read from the text format. */
function detailLine(file: string, f: Finding): string {
  const where = f.sourcePath !== undefined && f.sourceLine !== undefined ? ` (${f.sourcePath}:${f.sourceLine + 1})` : '';
  return `${file}:${f.range.start.line + 1}:${f.range.start.column + 1}: ${f.severity}: ${f.message} [${f.rule}]${where}`;
}

export function b4Check(reviews: Parameters<Formatter>[0]['reviews'], toolVersion: string): B4Check {
  const findings = reviews.flatMap((r) => r.result.findings);
  return {
    tool: `${TOOL} ${toolVersion}`,
    status: b4Status(findings),
    summary: summary(findings),
    url: null,
    details: reviews.flatMap(({ file, result }) => result.findings.map((f) => detailLine(file, f))).join('\n'),
  };
}

export const formatB4: Formatter = ({ reviews, toolVersion }) => `${JSON.stringify(b4Check(reviews, toolVersion))}\n`;
