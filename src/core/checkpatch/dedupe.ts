import type { Finding } from '../review/finding';
import type { RuleInfo } from '../review/rule';
import type { CheckpatchFinding } from './mapReports';

export interface DedupeResult {
  /** checkpatch findings no rule of ours already reports. */
  kept: CheckpatchFinding[];
  /** Ones dropped, with the rule of ours that says the same. */
  covered: { finding: CheckpatchFinding; rule: string }[];
}

/**
 * Where one of our rules and checkpatch report the same problem on the same line, ours stays (it has the
 * quick fix and the precise range) and checkpatch's goes. "Same problem" comes from the rules' own
 * `checkpatchTypes`; "same line" is the same document line or the same line of the same file in the patch.
 */
export function dedupeCheckpatch(ours: Finding[], theirs: CheckpatchFinding[], rules: readonly Pick<RuleInfo, 'id' | 'checkpatchTypes'>[]): DedupeResult {
  const typesOf = new Map(rules.map((rule) => [rule.id, new Set(rule.checkpatchTypes)]));
  const kept: CheckpatchFinding[] = [];
  const covered: DedupeResult['covered'] = [];
  for (const finding of theirs) {
    const match = ours.find((our) => typesOf.get(our.rule)?.has(finding.type) && sameLine(our, finding));
    if (match) covered.push({ finding, rule: match.rule });
    else kept.push(finding);
  }
  return { kept, covered };
}

function sameLine(our: Finding, theirs: CheckpatchFinding): boolean {
  if (our.range.start.line <= theirs.range.start.line && theirs.range.start.line <= our.range.end.line) return true;
  return theirs.sourcePath !== undefined && our.sourcePath === theirs.sourcePath && our.sourceLine === theirs.sourceLine;
}
