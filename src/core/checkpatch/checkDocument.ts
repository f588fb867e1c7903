import type { ParsedDocument } from '../patch/types';
import { holdsFirstLine } from '../review/rules/missingSpdx';
import { checkpatchInputs, type CheckpatchInput } from './input';
import { mapReports, type CheckpatchFinding } from './mapReports';
import { parseCheckpatchOutput } from './parseOutput';

export type CheckpatchRunResult =
  | { ok: true; output: string }
  | { ok: false; message: string; cancelled?: boolean };

/** Runs checkpatch.pl on one input (a child process in Node; injected so this stays pure). */
export type CheckpatchRun = (input: CheckpatchInput) => Promise<CheckpatchRunResult>;

export interface CheckpatchDocumentResult {
  findings: CheckpatchFinding[];
  /** One clear line when checkpatch could not run or gave no report; findings are then empty. */
  failure?: string;
  cancelled?: boolean;
}

/**
 * Whitespace reports on a patch quoted in a reply are about the mail client (it turned tabs into spaces), not
 * the author's code: the patch reader notes it, and these are dropped.
 */
const MAIL_CLIENT_NOISE = new Set([
  'CODE_INDENT', 'LEADING_SPACE', 'SPACE_BEFORE_TAB', 'WHITESPACE_AFTER_LINE_CONTINUATION', 'SUSPECT_CODE_INDENT',
  'PARENTHESIS_ALIGNMENT', 'TABSTOP',
]);

export async function checkpatchDocument(parsed: ParsedDocument, run: CheckpatchRun, fileName?: string): Promise<CheckpatchDocumentResult> {
  const findings: CheckpatchFinding[] = [];
  for (const input of checkpatchInputs(parsed, fileName)) {
    const result = await run(input);
    if (!result.ok) return { findings: [], failure: result.message, cancelled: result.cancelled };
    const output = parseCheckpatchOutput(result.output, input.mode);
    if (!output.totals && output.reports.length === 0) {
      const first = result.output.trim().split('\n')[0] ?? '';
      return { findings: [], failure: `checkpatch.pl gave no report${first ? `: ${first.slice(0, 160)}` : ''}` };
    }
    const quoted = input.patch !== undefined && (parsed.patches[input.patch]?.quoteDepth ?? 0) > 0;
    const reports = quoted ? output.reports.filter((r) => !MAIL_CLIENT_NOISE.has(r.type)) : output.reports;
    findings.push(...mapReports(parsed, input, reports).filter((finding) => !claimsCutTop(parsed, input.patch, finding)));
  }
  return { findings };
}

/**
 * checkpatch sees a quoted new file from its first quoted line, so it misses an SPDX line the reviewer trimmed
 * from the quote (the seed's did): such a report is about the reply, not the file.
 */
function claimsCutTop(parsed: ParsedDocument, patch: number | undefined, finding: CheckpatchFinding): boolean {
  if (finding.type !== 'SPDX_LICENSE_TAG' || patch === undefined) return false;
  const unit = parsed.units.find((u) => u.patch === patch && u.path === finding.sourcePath);
  return unit !== undefined && !holdsFirstLine(parsed, unit);
}
