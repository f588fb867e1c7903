import type { ViewLine } from './quoteView';

export interface TrimOptions {
  before: number;
  after: number;
  joinGap: number;
}

/** What the reply quotes, in order: a patch line, a `[...]` cut, or a `@@` header written for a resumed hunk. */
export type QuotePiece =
  | { kind: 'line'; index: number }
  | { kind: 'cut' }
  | { kind: 'resume'; header: string };

/**
 * Chooses the quoted lines: a window around each commented line (inside its own block), the diff headers of
 * every file and hunk that has comments, short gaps filled in, long ones cut. A hunk resumed after a cut gets
 * a `@@` header of its own so the quoted patch still reads as a valid diff and maps to the same lines.
 */
export function trimQuote(view: ViewLine[], anchors: Set<number>, options: TrimOptions): QuotePiece[] {
  const keep = view.map(() => false);
  const blocks = view.map(blockOf);
  for (const anchor of anchors) {
    const block = blocks[anchor];
    const before = view[anchor]?.role === 'message' ? Math.max(options.before, 6) : options.before;
    for (let i = anchor; i >= 0 && i >= anchor - before && blocks[i] === block; i--) keep[i] = true;
    for (let i = anchor; i < view.length && i <= anchor + options.after && blocks[i] === block; i++) keep[i] = true;
    keepHeaders(view, anchor, keep);
  }
  fillShortGaps(keep, blocks, options.joinGap);
  return emit(view, keep);
}

/** Lines of one block belong together: the message, the diffstat, one file's headers, one hunk. */
function blockOf(line: ViewLine): string {
  switch (line.role) {
    case 'message':
    case 'diffstat':
      return line.role;
    case 'file-header':
      return `f${line.file}`;
    case 'hunk-header':
    case 'hunk':
      return `h${line.hunk}`;
    default:
      return `o${line.docLine}`;
  }
}

function keepHeaders(view: ViewLine[], anchor: number, keep: boolean[]): void {
  const line = view[anchor];
  if (!line || line.file === undefined) return;
  view.forEach((other, i) => {
    if (other.file !== line.file) return;
    if (other.role === 'file-header') keep[i] = true;
    if (other.role === 'hunk-header' && other.hunk === line.hunk) keep[i] = true;
  });
}

function fillShortGaps(keep: boolean[], blocks: string[], joinGap: number): void {
  let lastKept = -1;
  keep.forEach((kept, i) => {
    if (!kept) return;
    const gap = i - lastKept - 1;
    if (lastKept >= 0 && gap > 0 && gap <= joinGap && blocks[lastKept] === blocks[i]) {
      for (let j = lastKept + 1; j < i; j++) keep[j] = true;
    }
    lastKept = i;
  });
}

function emit(view: ViewLine[], keep: boolean[]): QuotePiece[] {
  const pieces: QuotePiece[] = [];
  let skipped = false;
  let previous: ViewLine | undefined;
  view.forEach((line, i) => {
    if (!keep[i]) {
      skipped = true;
      return;
    }
    if (skipped) pieces.push({ kind: 'cut' });
    const resumesHunk = line.role === 'hunk' && (previous?.hunk !== line.hunk || skipped);
    if (resumesHunk) pieces.push({ kind: 'resume', header: resumeHeader(view, keep, i) });
    pieces.push({ kind: 'line', index: i });
    skipped = false;
    previous = line;
  });
  if (skipped && view.slice(lastIndex(keep) + 1).some((line) => line.role !== 'other' && line.text.trim() !== '')) {
    pieces.push({ kind: 'cut' });
  }
  return pieces;
}

function lastIndex(keep: boolean[]): number {
  return keep.lastIndexOf(true);
}

/** `@@ -old,n +new,m @@` for the kept run of hunk lines starting at `start`. */
function resumeHeader(view: ViewLine[], keep: boolean[], start: number): string {
  const first = view[start]!;
  let oldCount = 0;
  let newCount = 0;
  for (let i = start; i < view.length && keep[i] && view[i]!.role === 'hunk' && view[i]!.hunk === first.hunk; i++) {
    const mark = view[i]!.text.charAt(0);
    if (mark === '\\') continue;
    if (mark !== '+') oldCount++;
    if (mark !== '-') newCount++;
  }
  // With no lines on a side, diff names the line after which the change goes (0 for a new or deleted file).
  const oldStart = oldCount === 0 ? Math.max(0, (first.oldPos ?? 1) - 1) : first.oldPos ?? 0;
  const newStart = newCount === 0 ? Math.max(0, (first.newPos ?? 1) - 1) : first.newPos ?? 0;
  return `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`;
}
