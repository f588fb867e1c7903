import type { Severity } from '../../core/review/finding';
import type { Formatter } from './types';

/** gcc's words, so `$gcc` problem matchers and editors pick the lines up. */
export function gccSeverity(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' || severity === 'warning' ? severity : 'note';
}

/** `file:line:col: warning: message [rule]`, 1-based. */
export const formatText: Formatter = ({ reviews }) =>
  reviews
    .flatMap(({ file, result }) =>
      result.findings.map((finding) =>
        `${file}:${finding.range.start.line + 1}:${finding.range.start.column + 1}: ${gccSeverity(finding.severity)}: ${finding.message} [${finding.rule}]\n`))
    .join('');
