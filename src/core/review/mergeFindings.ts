import type { DocumentEdit } from '../patch/types';
import type { Finding, Fix } from './finding';

/**
 * Findings that say the same thing about different units (one abbreviation across the patches of a series)
 * become one: the first in the document keeps its place, the others join its related locations, and
 * document-wide fixes of the same kind are united.
 */
export function mergeFindings(findings: Finding[], keys: ReadonlyMap<Finding, string>): Finding[] {
  const firstByKey = new Map<string, Finding>();
  const merged: Finding[] = [];
  for (const finding of findings) {
    const key = keys.get(finding);
    const first = key === undefined ? undefined : firstByKey.get(`${finding.rule}\0${key}`);
    if (key === undefined || !first) {
      if (key !== undefined) firstByKey.set(`${finding.rule}\0${key}`, finding);
      merged.push(finding);
      continue;
    }
    first.related = [...(first.related ?? []), { range: finding.range, message: finding.message }, ...(finding.related ?? [])];
    if (first.fixes?.length) first.fixes = uniteFixes(first.fixes, finding.fixes ?? []);
  }
  return merged;
}

function uniteFixes(kept: Fix[], extra: Fix[]): Fix[] {
  return kept.map((fix) => {
    const twin = extra.find((candidate) => candidate.kind === fix.kind);
    return twin ? { ...fix, edits: uniqueEdits([...fix.edits, ...twin.edits]) } : fix;
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
