import type { DocumentEdit, HunkInfo, PatchFile } from './types';

/** `+c,d` (or `+c`) after `@@ -a,b ` on a hunk header. */
const NEW_RANGE = /^(@@ -\d+(?:,\d+)? )\+(\d+)(,\d+)?/;

/**
 * Rewrites the new-side range of a hunk header: `newStart` shifted by `shift`, `newCount` lowered by
 * `removed`. A count of 0 moves the start to the line before, as diff writes an empty range.
 */
function headerEdit(docLines: readonly string[], hunk: HunkInfo, removed: number, shift: number): DocumentEdit | undefined {
  const text = docLines[hunk.headerLine] ?? '';
  const at = text.indexOf('@@ -');
  const m = at < 0 ? null : NEW_RANGE.exec(text.slice(at));
  if (!m) return undefined;
  const count = hunk.newCount - removed;
  const start = Math.max(0, hunk.newStart - shift - (count === 0 && hunk.newCount > 0 ? 1 : 0));
  const startColumn = at + (m[1] as string).length;
  const endColumn = at + m[0].length;
  const newText = count === 1 && m[3] === undefined ? `+${start}` : `+${start},${count}`;
  return { range: { start: { line: hunk.headerLine, column: startColumn }, end: { line: hunk.headerLine, column: endColumn } }, newText };
}

/**
 * Header edits that keep a patch applying after `removedPerHunk[h]` new-side lines left hunk h: that hunk's
 * count drops and every later hunk of the file starts earlier. `dropped` hunks are being deleted whole and
 * get no header edit. Undefined when a header cannot be found.
 */
export function hunkHeaderEdits(
  docLines: readonly string[],
  file: PatchFile,
  removedPerHunk: ReadonlyMap<number, number>,
  dropped: ReadonlySet<number> = new Set(),
): DocumentEdit[] | undefined {
  const edits: DocumentEdit[] = [];
  let shift = 0;
  for (let h = 0; h < file.hunks.length; h++) {
    const hunk = file.hunks[h] as HunkInfo;
    const removed = removedPerHunk.get(h) ?? 0;
    if (!dropped.has(h) && (removed !== 0 || shift !== 0)) {
      const edit = headerEdit(docLines, hunk, removed, shift);
      if (!edit) return undefined;
      edits.push(edit);
    }
    shift += removed;
  }
  return edits;
}
