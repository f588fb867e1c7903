import type { Severity } from '../review/finding';
import type { DocumentRange, ParsedDocument } from '../patch/types';
import type { CheckpatchInput } from './input';
import type { CheckpatchLevel, CheckpatchReport } from './parseOutput';

/** A checkpatch.pl message placed in the opened document. */
export interface CheckpatchFinding {
  /** checkpatch's type name; shown as the diagnostic's code. */
  type: string;
  level: CheckpatchLevel;
  severity: Severity;
  message: string;
  range: DocumentRange;
  /** The file inside the patch and the 0-based line in its post-image, when checkpatch named one. */
  sourcePath?: string;
  sourceLine?: number;
}

const SEVERITY: Record<CheckpatchLevel, Severity> = { ERROR: 'error', WARNING: 'warning', CHECK: 'info' };

/**
 * Maps reports to document lines: the input line checkpatch names (`#N`) through the input's line map; in file
 * mode its `FILE:` line. A report with no line (a missing sign-off) sits on the input's first line.
 */
export function mapReports(parsed: ParsedDocument, input: CheckpatchInput, reports: CheckpatchReport[]): CheckpatchFinding[] {
  return reports.map((report) => {
    const inputLine = input.mode === 'file' ? report.fileLine ?? report.inputLine : report.inputLine;
    const docLine = inputLine !== undefined ? input.docLines[inputLine - 1] ?? input.docLines[0] ?? 0 : input.docLines[0] ?? 0;
    const text = parsed.docLines[docLine] ?? '';
    const start = text.length - text.trimStart().length;
    const finding: CheckpatchFinding = {
      type: report.type,
      level: report.level,
      severity: SEVERITY[report.level],
      message: report.message,
      range: { start: { line: docLine, column: Math.min(start, text.length) }, end: { line: docLine, column: text.length } },
    };
    if (report.file !== undefined && report.fileLine !== undefined && input.mode === 'patch') {
      finding.sourcePath = report.file;
      finding.sourceLine = report.fileLine - 1;
    }
    return finding;
  });
}
