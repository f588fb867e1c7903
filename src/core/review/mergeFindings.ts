import type { DocumentEdit } from '../patch/types';
import type { Finding, Fix } from './finding';

/**
 * Findings that say the same thing about different units (one abbreviation across the patches of a series)
 * become one: the first in the document keeps its place, the others join its related locations. Their fixes are
 * united only when asked for (uniteFixes), so `merged(first, other)` tells the caller which findings went where.
 */
export function mergeFindings(
  findings: Finding[], keys: ReadonlyMap<Finding, string>, merged?: (first: Finding, other: Finding) => void,
): Finding[] {
  const firstByKey = new Map<string, Finding>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const key = keys.get(finding);
    const first = key === undefined ? undefined : firstByKey.get(`${finding.rule}\0${key}`);
    if (key === undefined || !first) {
      if (key !== undefined) firstByKey.set(`${finding.rule}\0${key}`, finding);
      kept.push(finding);
      continue;
    }
    (first.related ??= []).push({ range: finding.range, message: finding.message }, ...(finding.related ?? []));
    merged?.(first, finding);
  }
  return kept;
}

/** The first finding's fixes, each joined by the edits of the same kind of fix of the findings merged into it. */
export function uniteFixes(kept: Fix[], extra: Fix[][]): Fix[] {
  if (extra.length === 0) return kept;
  return kept.map((fix) => {
    const twins = extra.map((fixes) => fixes.find((candidate) => candidate.kind === fix.kind)).filter((twin): twin is Fix => twin !== undefined);
    return twins.length ? { ...fix, edits: uniqueEdits([...fix.edits, ...twins.flatMap((twin) => twin.edits)]) } : fix;
  });
}

function uniqueEdits(edits: DocumentEdit[]): DocumentEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${edit.range.start.line}:${edit.range.start.column}:${edit.range.end.line}:${edit.range.end.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
