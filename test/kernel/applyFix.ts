// Applies a quick fix the way the compiler oracle needs it: the text the fix deletes keeps its line breaks, so every
// later line stays where it was and `__LINE__` (in WARN_ON's bug table, in pr_debug descriptors) does not move.

/** One SARIF replacement: 1-based lines and columns (UTF-16 code units), end exclusive. */
export interface Replacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  insertedContent?: { text: string };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The text with every replacement applied, or why that cannot be done without moving lines. */
export function applyKeepingLines(text: string, replacements: readonly Replacement[]): { text: string } | { problem: string } {
  const starts = lineStarts(text);
  const offset = (line: number, column: number): number | undefined => {
    const start = starts[line - 1];
    if (start === undefined) return undefined;
    const end = line < starts.length ? starts[line]! - 1 : text.length;
    const at = start + column - 1;
    return at >= start && at <= end ? at : undefined;
  };
  const edits = replacements.map((r) => {
    const { startLine, startColumn, endLine, endColumn } = r.deletedRegion;
    return { from: offset(startLine, startColumn), to: offset(endLine, endColumn), text: r.insertedContent?.text ?? '' };
  });
  if (edits.some((e) => e.from === undefined || e.to === undefined || e.to < e.from)) return { problem: 'a replacement lies outside the file' };
  const ordered = (edits as { from: number; to: number; text: string }[]).sort((a, b) => b.from - a.from);
  let out = text;
  let limit = Infinity;
  for (const edit of ordered) {
    if (edit.to > limit) return { problem: 'two replacements overlap' };
    limit = edit.from;
    const lost = newlines(out.slice(edit.from, edit.to)) - newlines(edit.text);
    if (lost < 0) return { problem: 'the fix adds lines, which would move every later line' };
    out = out.slice(0, edit.from) + edit.text + '\n'.repeat(lost) + out.slice(edit.to);
  }
  return { text: out };
}
