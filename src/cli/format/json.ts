import type { Finding } from '../../core/review/finding';
import type { Formatter } from './types';

/** One finding as the CLI's JSON contract spells it: 1-based lines and columns in the file as given. */
function jsonFinding(file: string, finding: Finding): Record<string, unknown> {
  return {
    rule: finding.rule,
    severity: finding.severity,
    file,
    line: finding.range.start.line + 1,
    column: finding.range.start.column + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.column + 1,
    message: finding.message,
    ...(finding.suggestion !== undefined ? { suggestion: finding.suggestion } : {}),
    ...(finding.sourcePath !== undefined ? { sourcePath: finding.sourcePath } : {}),
    ...(finding.sourceLine !== undefined ? { sourceLine: finding.sourceLine + 1 } : {}),
  };
}

export const formatJson: Formatter = ({ reviews }) =>
  JSON.stringify({ findings: reviews.flatMap(({ file, result }) => result.findings.map((finding) => jsonFinding(file, finding))) }, null, 2) + '\n';
