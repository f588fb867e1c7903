import type { ParsedDocument, PatchInfo } from '../patch/types';
import { stripQuoteLevels, quoteStyleEatsSpace, quoteDepthOf } from './unquote';

/**
 * Where a line of the patch stands: the commit message, the `---` diffstat, a file's diff headers, a hunk's
 * `@@` line or body, or anything else (the `-- ` signature, text between files).
 */
export type LineRole = 'message' | 'diffstat' | 'file-header' | 'hunk-header' | 'hunk' | 'other';

/** One line of the patch as its author wrote it, with the quote markers of a reply removed. */
export interface ViewLine {
  docLine: number;
  text: string;
  role: LineRole;
  /** Index of the file section (in order of appearance) for file-header, hunk-header and hunk lines. */
  file?: number;
  /** Running index of the hunk in the whole patch for hunk-header and hunk lines. */
  hunk?: number;
  /** For hunk lines: the old- and new-side line numbers this line stands at (1-based, as in `@@`). */
  oldPos?: number;
  newPos?: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const MAIL_HEADER = /^(?:[A-Za-z][A-Za-z0-9-]*): /;

/**
 * The patch's own text, line by line: lines of a lower quote depth (a previous replier's remarks) are left out,
 * the mail header block is skipped, and every line is classified so trimming can keep the diff headers.
 */
export function patchView(parsed: ParsedDocument, patchIndex: number): ViewLine[] {
  const patch = parsed.patches[patchIndex];
  if (!patch) return [];
  const raw = unquotedLines(parsed.docLines, patch);
  return classify(skipMailHeaders(raw));
}

function unquotedLines(docLines: string[], patch: PatchInfo): { docLine: number; text: string }[] {
  const depth = patch.quoteDepth;
  const end = Math.min(patch.docEnd, docLines.length);
  const range = docLines.slice(patch.docStart, end);
  const eatSpace = depth === 0 || quoteStyleEatsSpace(range, depth);
  const lines: { docLine: number; text: string }[] = [];
  range.forEach((line, i) => {
    if (quoteDepthOf(line) < depth) return;
    lines.push({ docLine: patch.docStart + i, text: stripQuoteLevels(line, depth, eatSpace) });
  });
  return lines;
}

/** A header block (an mbox `From ` line or a block holding `Subject:`) is the mail's, not the patch's text. */
function skipMailHeaders<T extends { text: string }>(lines: T[]): T[] {
  let end = 0;
  while (end < lines.length && lines[end]!.text.trim() !== '') end++;
  const block = lines.slice(0, end).map((l) => l.text);
  const isHeaderLine = (t: string) => MAIL_HEADER.test(t) || /^\s/.test(t) || /^From \S/.test(t);
  const isMailHeader = block.length > 0 && block.every(isHeaderLine)
    && (/^From \S+ /.test(block[0]!) || block.some((t) => /^Subject: /i.test(t)));
  return isMailHeader ? lines.slice(Math.min(end + 1, lines.length)) : lines;
}

interface HunkCursor {
  oldLine: number;
  newLine: number;
  oldLeft: number;
  newLeft: number;
}

function classify(lines: { docLine: number; text: string }[]): ViewLine[] {
  const out: ViewLine[] = [];
  let state: 'message' | 'diffstat' | 'file-header' | 'hunk' | 'other' = 'message';
  let file = -1;
  let hunk = -1;
  let cursor: HunkCursor | undefined;
  lines.forEach(({ docLine, text }, i) => {
    const header = HUNK_HEADER.exec(text);
    const inHunk = state === 'hunk' && cursor !== undefined && (cursor.oldLeft > 0 || cursor.newLeft > 0);
    if (startsFileSection(text, lines[i + 1]?.text, state, inHunk)) {
      file++;
      state = 'file-header';
      out.push({ docLine, text, role: 'file-header', file });
    } else if (header && state !== 'message' && state !== 'diffstat') {
      hunk++;
      state = 'hunk';
      cursor = {
        oldLine: Number(header[1]), newLine: Number(header[3]),
        oldLeft: header[2] === undefined ? 1 : Number(header[2]), newLeft: header[4] === undefined ? 1 : Number(header[4]),
      };
      out.push({ docLine, text, role: 'hunk-header', file, hunk });
    } else if (state === 'file-header') {
      out.push({ docLine, text, role: 'file-header', file });
    } else if (inHunk && cursor) {
      out.push({ docLine, text, role: 'hunk', file, hunk, oldPos: cursor.oldLine, newPos: cursor.newLine });
      advance(cursor, text);
    } else if (state === 'message' && text === '---') {
      state = 'diffstat';
      out.push({ docLine, text, role: 'diffstat' });
    } else if (state === 'message' || state === 'diffstat') {
      out.push({ docLine, text, role: state });
    } else {
      state = 'other';
      out.push({ docLine, text, role: 'other' });
    }
  });
  return out;
}

function startsFileSection(text: string, next: string | undefined, state: string, inHunk: boolean): boolean {
  // No hunk line starts with `diff`, so this also ends a hunk a replier cut short.
  if (text.startsWith('diff --git ') || text.startsWith('diff -')) return true;
  // A bare unified diff (no `diff --git` line) starts with its `---`/`+++` pair; inside a hunk that is a removed line.
  return !inHunk && state !== 'file-header' && text.startsWith('--- ') && next !== undefined && next.startsWith('+++ ');
}

function advance(cursor: HunkCursor, text: string): void {
  const mark = text.charAt(0);
  if (mark === '\\') return;
  if (mark === '-') {
    cursor.oldLine++;
    cursor.oldLeft--;
  } else if (mark === '+') {
    cursor.newLine++;
    cursor.newLeft--;
  } else {
    // A context line, or an empty line whose leading space a mail client ate.
    cursor.oldLine++;
    cursor.newLine++;
    cursor.oldLeft--;
    cursor.newLeft--;
  }
}
