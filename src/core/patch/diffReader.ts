import type { HunkInfo, PatchFile } from './types';
import { splitQuote, type QuotedLine } from './quote';

/** One post-image line (context or added) as read from a hunk. */
export interface PostImageLine {
  docLine: number;
  docColumnOffset: number;
  text: string;
  added: boolean;
  hunk: number;
}

export interface ReadFile {
  info: PatchFile;
  lines: PostImageLine[];
}

export interface DiffReadResult {
  files: ReadFile[];
  /** Lines at another quote depth (the replier's own text) skipped inside hunks. */
  foreignLines: number;
  notes: string[];
}

/** Where a diff sits: its quote depth and whether the quote markers are followed by a space. */
export interface DiffPlacement {
  depth: number;
  eatSpace: boolean;
}

export const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const GIT_DIFF = /^diff --git "?a\/(.*?)"? "?b\/(.*?)"?$/;
/** How far to look for the next line of the diff past the replier's lines: bounds the work on hostile input. */
const LOOK_AHEAD = 200;
const SIGNATURE_VERSION = /^\d+\.\d+/;
const SNIP = /^\s*[[<]?\s*(?:\.\.\.|…|snip|snipped|cut)\s*[\]>]?\s*$/i;

interface OpenHunk {
  info: HunkInfo;
  oldRemain: number;
  newRemain: number;
  seenNew: number;
}

function count(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}

export function parseHunkHeader(content: string, headerLine: number): HunkInfo | undefined {
  const m = HUNK_HEADER.exec(content);
  if (!m) return undefined;
  return {
    headerLine,
    oldStart: count(m[1]),
    oldCount: count(m[2]),
    newStart: count(m[3]),
    newCount: count(m[4]),
    missingNewLines: 0,
  };
}

/** Records a post-image line whose text starts `marker` characters after the quote prefix. */
function take(file: ReadFile, hunk: OpenHunk, q: QuotedLine, docLine: number, marker: number, added: boolean): true {
  const offset = q.prefixLength + marker;
  file.lines.push({ docLine, docColumnOffset: offset, text: q.content.slice(marker), added, hunk: file.info.hunks.length - 1 });
  if (!added) hunk.oldRemain--;
  hunk.newRemain--;
  hunk.seenNew++;
  return true;
}

/** Lines that start the next piece of a diff: a hunk that meets one ends there. */
const DIFF_STRUCTURE = /^(?:diff |index |@@ |new file mode|deleted file mode|old mode|new mode|similarity index|rename (?:from|to) |copy (?:from|to) |Binary files|GIT binary patch)/;

type HunkLine = 'taken' | 'skipped' | 'wrapped' | 'end';

/**
 * Classifies one line at the diff's depth inside an open hunk: taken into it, skipped (a blank quoted
 * line, a `[...]` snip, `\ No newline at end of file`), wrapped (text with no diff marker: a mail client
 * broke a long line; skipped, the hunk goes on), or the end of the hunk (cut short).
 */
function consumeHunkLine(file: ReadFile, hunk: OpenHunk, q: QuotedLine, docLine: number, signature: boolean, quoted: boolean): HunkLine {
  const c = q.content;
  const lead = c.charCodeAt(0);
  const both = hunk.oldRemain > 0 && hunk.newRemain > 0;
  if (lead === 43 /* + */) return hunk.newRemain > 0 && take(file, hunk, q, docLine, 1, true) ? 'taken' : 'end';
  if (lead === 45 /* - */) {
    if (hunk.oldRemain === 0 || signature) return 'end';
    hunk.oldRemain--;
    return 'taken';
  }
  if (lead === 32 /* space */) return both && take(file, hunk, q, docLine, 1, false) ? 'taken' : 'end';
  // A context line whose single space a mailer stripped.
  if (c === '' && both) return take(file, hunk, q, docLine, 0, false) ? 'taken' : 'end';
  if (lead === 92 || (quoted && (c.trim() === '' || SNIP.test(c)))) return 'skipped';
  return c.trim() === '' || DIFF_STRUCTURE.test(c) ? 'end' : 'wrapped';
}

/** `a/mm/x.c\t2025-09-23 …` → `mm/x.c`; `/dev/null` → undefined. */
function pathOf(raw: string): string | undefined {
  let path = raw.split('\t')[0]?.trim() ?? '';
  if (path.startsWith('"') && path.endsWith('"') && path.length > 1) path = path.slice(1, -1);
  if (path === '/dev/null' || path === '') return undefined;
  return path.replace(/^[ab]\//, '');
}

/**
 * Reads the file sections and hunks of a diff in document lines [start, end) at one quote depth. Lines at
 * another depth are the replier's interleaved text: skipped, the hunk goes on. A hunk shorter than its
 * header promises (a reply that cut it) is recorded in `missingNewLines`, never an error.
 */
export function readDiff(docLines: readonly string[], start: number, end: number, where: DiffPlacement): DiffReadResult {
  const files: ReadFile[] = [];
  const notes: string[] = [];
  let foreignLines = 0;
  let wrappedLines = 0;
  let file: ReadFile | undefined;
  let sawOldPath = false;
  let sawNewPath = false;
  let hunk: OpenHunk | undefined;

  const quoted = (i: number): QuotedLine => {
    const line = docLines[i] as string;
    return where.depth === 0 && !line.startsWith('>') ? { depth: 0, prefixLength: 0, content: line } : splitQuote(line, where.eatSpace);
  };
  const nextContent = (i: number): string | undefined => {
    for (let j = i + 1; j < Math.min(end, i + 1 + LOOK_AHEAD); j++) {
      const q = quoted(j);
      if (q.depth === where.depth) return q.content;
    }
    return undefined;
  };
  const isSignature = (i: number, content: string): boolean => {
    if (content !== '-- ' && content !== '--') return false;
    const next = nextContent(i);
    return next === undefined || SIGNATURE_VERSION.test(next);
  };
  const startFile = (headerLine: number, oldPath?: string, newPath?: string): ReadFile => {
    const created: ReadFile = { info: { oldPath, newPath, isNew: false, isDeleted: false, headerLine, hunks: [] }, lines: [] };
    files.push(created);
    sawOldPath = false;
    sawNewPath = false;
    return created;
  };
  const closeHunk = (): void => {
    if (!hunk || !file) return;
    hunk.info.missingNewLines = hunk.newRemain;
    const path = file.info.newPath ?? file.info.oldPath ?? 'a file without a name';
    if (hunk.newRemain > 0) {
      notes.push(`${path}: hunk at line ${hunk.info.headerLine + 1} promises ${hunk.info.newCount} new lines, the document holds ${hunk.seenNew} (the rest was cut).`);
    } else if (hunk.oldRemain > 0) {
      notes.push(`${path}: hunk at line ${hunk.info.headerLine + 1} lacks ${hunk.oldRemain} of its ${hunk.info.oldCount} old lines (the rest was cut).`);
    }
    hunk = undefined;
  };

  for (let i = start; i < end; i++) {
    const q = quoted(i);
    if (q.depth !== where.depth) {
      if (hunk) foreignLines++;
      continue;
    }
    const c = q.content;
    if (hunk && file) {
      const kind = consumeHunkLine(file, hunk, q, i, q.content.charCodeAt(0) === 45 && isSignature(i, q.content), where.depth > 0);
      if (kind !== 'end') {
        if (kind === 'wrapped') wrappedLines++;
        if (hunk.oldRemain === 0 && hunk.newRemain === 0) closeHunk();
        continue;
      }
      closeHunk();
    }
    if (c.startsWith('diff --git ')) {
      const m = GIT_DIFF.exec(c);
      file = startFile(i, m?.[1], m?.[2]);
    } else if (c.startsWith('new file mode') && file) {
      file.info.isNew = true;
    } else if (c.startsWith('deleted file mode') && file) {
      file.info.isDeleted = true;
    } else if (c.startsWith('rename from ') && file) {
      file.info.oldPath = pathOf(c.slice(12));
    } else if (c.startsWith('rename to ') && file) {
      file.info.newPath = pathOf(c.slice(10));
    } else if (c.startsWith('--- ') && nextContent(i)?.startsWith('+++ ')) {
      if (!file || file.info.hunks.length > 0 || sawOldPath) file = startFile(i);
      sawOldPath = true;
      file.info.oldPath = pathOf(c.slice(4));
      if (file.info.oldPath === undefined) file.info.isNew = true;
    } else if (c.startsWith('+++ ') && (file ? !sawNewPath || file.info.hunks.length > 0 : nextContent(i)?.startsWith('@@ -'))) {
      if (!file || file.info.hunks.length > 0 || sawNewPath) file = startFile(i);
      sawNewPath = true;
      file.info.newPath = pathOf(c.slice(4));
      if (file.info.newPath === undefined) file.info.isDeleted = true;
    } else if (c.startsWith('@@ ')) {
      const info = parseHunkHeader(c, i);
      if (!info) continue;
      if (!file) {
        file = startFile(i);
        notes.push(`hunk at line ${i + 1} has no file header; its file name is unknown (read as unnamed.c when it looks like C).`);
      }
      file.info.hunks.push(info);
      hunk = { info, oldRemain: info.oldCount, newRemain: info.newCount, seenNew: 0 };
      if (info.oldCount === 0 && info.newCount === 0) closeHunk();
    }
  }
  closeHunk();
  if (wrappedLines > 0) notes.push(`${wrappedLines} lines inside hunks have no diff marker (wrapped by a mail client?) and were skipped.`);
  return { files, foreignLines, notes };
}
