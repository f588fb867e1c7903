import { looksLikeC } from './detect';
import type { ReadFile } from './diffReader';
import type { SourceUnit, UnitLine } from './types';

const C_SOURCE = /\.[ch]$/;

/** The whole document as one C unit: every line added, no offset; `lfText` is the document with CRLF made LF. */
export function wholeFileUnit(docLines: readonly string[], path: string, lfText: string): SourceUnit {
  const lines: UnitLine[] = new Array(docLines.length);
  for (let docLine = 0; docLine < docLines.length; docLine++) lines[docLine] = { docLine, docColumnOffset: 0, added: true };
  return { path, text: lfText, origin: 'whole-file', lines };
}

/**
 * The post-image of one file of a patch: a new file's whole text, or a modified file's hunks (context and
 * added lines) in order, with a synthesised blank line between hunks so that fragments stay apart.
 * `text.split('\n')` has exactly one entry per UnitLine. Deleted and non-C files give no unit; hunks without
 * a file header give a unit named `unnamed.c` when their text reads as C.
 */
export function postImageUnit(file: ReadFile, patch: number, fileIndex: number): SourceUnit | undefined {
  const { info } = file;
  const path = info.newPath ?? info.oldPath ?? unnamedCPath(file);
  if (info.isDeleted || path === undefined || !C_SOURCE.test(path) || file.lines.length === 0) return undefined;
  const lines: UnitLine[] = [];
  const texts: string[] = [];
  let previousHunk: number | undefined;
  for (const line of file.lines) {
    if (previousHunk !== undefined && line.hunk !== previousHunk) {
      lines.push({ docLine: undefined, docColumnOffset: 0, added: false });
      texts.push('');
    }
    previousHunk = line.hunk;
    lines.push({ docLine: line.docLine, docColumnOffset: line.docColumnOffset, added: line.added, hunk: line.hunk });
    texts.push(line.text);
  }
  return { path, text: texts.join('\n'), origin: info.isNew ? 'new-file' : 'hunks', lines, patch, file: fileIndex };
}

/** New files whose first line must carry an SPDX tag though they are not C: Kconfig, Makefiles, scripts, DT, asm. */
const LICENSED_TEXT = /(?:^|\/)(?:Kconfig[^/]*|Makefile[^/]*|Kbuild)$|\.(?:sh|py|pl|awk|tc|yaml|rs|dts|dtsi|S|s)$/;

/**
 * A new non-C file the patch creates (`mm/Kconfig.offc`, `drivers/x/Makefile`), every line added: only line-based
 * rules read it (missing-spdx), it is never parsed as C, so it lives apart from `units`.
 */
export function newTextFileUnit(file: ReadFile, patch: number, fileIndex: number): SourceUnit | undefined {
  const { info } = file;
  const path = info.newPath;
  if (!info.isNew || path === undefined || C_SOURCE.test(path) || !LICENSED_TEXT.test(path) || file.lines.length === 0) return undefined;
  const lines: UnitLine[] = file.lines.map((line) => ({ docLine: line.docLine, docColumnOffset: line.docColumnOffset, added: line.added, hunk: line.hunk }));
  return { path, text: file.lines.map((line) => line.text).join('\n'), origin: 'new-file', lines, patch, file: fileIndex };
}

/** Repliers often trim a quoted patch down to its hunks: when those read as C, review them as C anyway. */
export const UNNAMED_C_PATH = 'unnamed.c';

function unnamedCPath(file: ReadFile): string | undefined {
  return looksLikeC(file.lines.map((line) => line.text)) ? UNNAMED_C_PATH : undefined;
}

/** Mail clients turn a leading tab into a space; say so once per unit, the text stays verbatim. */
export function lostTabNote(unit: SourceUnit): string | undefined {
  const texts = unit.text.split('\n');
  let spaceIndented = 0;
  let tabIndented = 0;
  unit.lines.forEach((line, i) => {
    if (!line.added) return;
    const text = texts[i] ?? '';
    if (text.startsWith('\t')) tabIndented++;
    else if (/^ {1,3}\S/.test(text)) spaceIndented++;
  });
  if (spaceIndented === 0 || tabIndented > 0) return undefined;
  return `${unit.path}: ${spaceIndented} added lines are indented with spaces where the kernel uses tabs (likely lost by a mail client); read as written.`;
}
