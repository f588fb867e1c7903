import { hunkHeaderEdits } from './hunkHeader';
import { splitQuote } from './quote';
import type { DocumentEdit, DocumentPosition, ParsedDocument, PatchFile, SourceUnit, UnitLine } from './types';

export { documentToUnit, unitToDocument, type UnitPosition } from './positions';

/** An edit in a unit's coordinates, as a rule's quick fix computes it on the rebuilt C text. */
export interface UnitEdit {
  range: { start: DocumentPosition; end: DocumentPosition };
  newText: string;
}

/** What one batch of unit edits does to the document. */
interface Plan {
  doc: ParsedDocument;
  unit: SourceUnit;
  texts: readonly string[];
  out: DocumentEdit[];
  deleted: number[];
  /** New-side lines each hunk loses (negative: gains). */
  removedPerHunk: Map<number, number>;
  /** In-line edits of context lines, applied together as one `-old`/`+new` pair per line. */
  contextEdits: Map<number, UnitEdit[]>;
  /** Hunks where a context line became a `-` line: they still change something. */
  converted: Set<number>;
}

const pos = (line: number, column: number): DocumentPosition => ({ line, column });

/** Each unit's text split once: mapping every fix of a big file must not split the whole text again per fix. */
const unitLines = new WeakMap<SourceUnit, string[]>();

function linesOf(unit: SourceUnit): string[] {
  let lines = unitLines.get(unit);
  if (!lines) unitLines.set(unit, (lines = unit.text.split('\n')));
  return lines;
}

/** Lines the patch adds, and every line of a plain C file, can be edited in place. */
function editableInPlace(unit: SourceUnit, line: UnitLine): boolean {
  return line.added || unit.origin === 'whole-file';
}

function countRemoved(plan: Plan, line: UnitLine, lines: number): void {
  if (line.hunk !== undefined) plan.removedPerHunk.set(line.hunk, (plan.removedPerHunk.get(line.hunk) ?? 0) + lines);
}

/** Column where a context line's ` ` marker stands (a mailer may have stripped it from an empty line). */
function markerColumn(plan: Plan, line: UnitLine & { docLine: number }): number {
  return plan.doc.docLines[line.docLine]?.[line.docColumnOffset - 1] === ' ' ? line.docColumnOffset - 1 : line.docColumnOffset;
}

/**
 * A hunk must keep a context line at its end: without trailing context `git apply` insists that the hunk
 * matches at the end of the file. So the last line of a hunk can only be changed when the patch adds it.
 */
function endsHunk(unit: SourceUnit, l: number): boolean {
  const hunk = unit.lines[l]?.hunk;
  return hunk !== undefined && unit.lines[l + 1]?.hunk !== hunk;
}

/** Whole unit lines [first, last] to delete, from either (l,0)→(l+k,0) or (l-1,eol)→(l+k-1,eol). */
function deletedLines(plan: Plan, edit: UnitEdit): [number, number] | undefined {
  const { start, end } = edit.range;
  if (edit.newText !== '' || end.line <= start.line) return undefined;
  if (start.column === 0 && end.column === 0) return [start.line, Math.min(end.line, plan.unit.lines.length) - 1];
  if (start.column === plan.texts[start.line]?.length && end.column === plan.texts[end.line]?.length) return [start.line + 1, end.line];
  return undefined;
}

function planDeletion(plan: Plan, first: number, last: number): boolean {
  for (let l = first; l <= last; l++) {
    const line = plan.unit.lines[l];
    if (!line || line.docLine === undefined || plan.deleted.includes(line.docLine)) return false;
    countRemoved(plan, line, 1);
    if (editableInPlace(plan.unit, line)) {
      plan.deleted.push(line.docLine);
    } else {
      // The base still has this line: the patch now removes it.
      if (endsHunk(plan.unit, l)) return false;
      if (line.hunk !== undefined) plan.converted.add(line.hunk);
      const docLine = line.docLine;
      plan.out.push({ range: { start: pos(docLine, markerColumn(plan, { ...line, docLine })), end: pos(docLine, line.docColumnOffset) }, newText: '-' });
    }
  }
  return true;
}

/**
 * A replacement spanning added lines (or inserting line breaks): the document lines must follow each other
 * with nothing between them; every new line gets the first line's prefix (quote markers and `+`).
 */
function planSpan(plan: Plan, edit: UnitEdit): boolean {
  const { start, end } = edit.range;
  const first = plan.unit.lines[start.line];
  const last = plan.unit.lines[end.line];
  if (!first || !last || first.docLine === undefined || last.docLine === undefined) return false;
  for (let l = start.line; l <= end.line; l++) {
    const line = plan.unit.lines[l];
    if (!line || line.docLine !== first.docLine + (l - start.line) || !editableInPlace(plan.unit, line)) return false;
  }
  if (start.column > (plan.texts[start.line]?.length ?? 0) || end.column > (plan.texts[end.line]?.length ?? 0)) return false;
  const prefix = (plan.doc.docLines[first.docLine] ?? '').slice(0, first.docColumnOffset);
  const breaks = edit.newText.split('\n').length - 1;
  countRemoved(plan, first, end.line - start.line - breaks);
  plan.out.push({
    range: { start: pos(first.docLine, start.column + first.docColumnOffset), end: pos(last.docLine, end.column + last.docColumnOffset) },
    newText: edit.newText.split('\n').join(`\n${prefix}`),
  });
  return true;
}

/** In-line edits of one context line become `-old` and `+new`, so the patch still applies to its base. */
function contextPairs(plan: Plan): boolean {
  for (const [l, edits] of plan.contextEdits) {
    const line = plan.unit.lines[l] as UnitLine & { docLine: number };
    if (endsHunk(plan.unit, l)) return false;
    const old = plan.texts[l] ?? '';
    let text = old;
    let limit = Infinity;
    for (const edit of [...edits].sort((a, b) => b.range.start.column - a.range.start.column)) {
      if (edit.range.end.column > limit) return false;
      text = text.slice(0, edit.range.start.column) + edit.newText + text.slice(edit.range.end.column);
      limit = edit.range.start.column;
    }
    const docText = plan.doc.docLines[line.docLine] ?? '';
    const marker = markerColumn(plan, line);
    plan.out.push({ range: { start: pos(line.docLine, marker), end: pos(line.docLine, docText.length) }, newText: `-${old}\n${docText.slice(0, marker)}+${text}` });
  }
  return true;
}

function planEdit(plan: Plan, edit: UnitEdit): boolean {
  const whole = deletedLines(plan, edit);
  if (whole) return planDeletion(plan, whole[0], whole[1]);
  const { start, end } = edit.range;
  if (start.line > end.line || (start.line === end.line && start.column > end.column) || start.column < 0 || end.column < 0) return false;
  if (start.line !== end.line || edit.newText.includes('\n')) return planSpan(plan, edit);
  const line = plan.unit.lines[start.line];
  if (!line || line.docLine === undefined || end.column > (plan.texts[start.line]?.length ?? 0)) return false;
  if (!editableInPlace(plan.unit, line)) {
    plan.contextEdits.set(start.line, [...(plan.contextEdits.get(start.line) ?? []), edit]);
    return true;
  }
  plan.out.push({ range: { start: pos(line.docLine, start.column + line.docColumnOffset), end: pos(line.docLine, end.column + line.docColumnOffset) }, newText: edit.newText });
  return true;
}

/**
 * Hunks left with nothing to change once their added lines are deleted: `git apply` rejects such a hunk,
 * so its header and context lines go too (the replier's lines between them stay).
 */
function droppedHunks(plan: Plan, file: PatchFile): Set<number> {
  const dropped = new Set<number>();
  const byHunk = new Map<number, UnitLine[]>();
  for (const line of plan.unit.lines) {
    if (line.hunk === undefined) continue;
    const list = byHunk.get(line.hunk);
    if (list) list.push(line);
    else byHunk.set(line.hunk, [line]);
  }
  const deleted = new Set(plan.deleted);
  file.hunks.forEach((hunk, h) => {
    const lines = byHunk.get(h) ?? [];
    const context = lines.filter((line) => !line.added);
    const unchanged = hunk.missingNewLines === 0 && context.length === hunk.oldCount && !plan.converted.has(h);
    if (!unchanged || !lines.every((line) => !line.added || deleted.has(line.docLine as number))) return;
    if (lines.length === context.length) return;
    dropped.add(h);
    plan.deleted.push(hunk.headerLine, ...context.map((line) => line.docLine as number));
  });
  return dropped;
}

/** A file whose every hunk is dropped leaves the patch: its `diff --git`…`+++` lines go too. */
function dropFileHeader(plan: Plan, file: PatchFile): void {
  const depth = plan.doc.patches[plan.unit.patch ?? -1]?.quoteDepth ?? 0;
  const end = file.hunks[0]?.headerLine ?? file.headerLine;
  for (let line = file.headerLine; line < end; line++) {
    if (splitQuote(plan.doc.docLines[line] ?? '').depth === depth) plan.deleted.push(line);
  }
}

/** Deletes document lines, one edit per run of adjacent lines, so the replier's lines between them stay. */
function lineDeletions(docLines: readonly string[], lines: number[]): DocumentEdit[] {
  const sorted = [...lines].sort((a, b) => a - b);
  const edits: DocumentEdit[] = [];
  const eol = (line: number): DocumentPosition => pos(line, (docLines[line] ?? '').length);
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i] as number;
    let last = first;
    while (sorted[i + 1] === last + 1) last = sorted[++i] as number;
    i++;
    if (last + 1 < docLines.length) edits.push({ range: { start: pos(first, 0), end: pos(last + 1, 0) }, newText: '' });
    else if (first > 0) edits.push({ range: { start: eol(first - 1), end: eol(last) }, newText: '' });
    else edits.push({ range: { start: pos(0, 0), end: eol(last) }, newText: '' });
  }
  return edits;
}

function before(a: DocumentPosition, b: DocumentPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function overlapping(edits: DocumentEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return sorted.some((edit, i) => i > 0 && before(edit.range.start, (sorted[i - 1] as DocumentEdit).range.end));
}

/**
 * Maps quick-fix edits made on a unit's text to edits of the opened document, keeping a patch applicable:
 * lines the patch adds are edited in place (whole-line deletions and added or removed line breaks also
 * fix the hunk header's new count and the start of later hunks of the file); a context line's base text
 * must stay, so an edit turns it into a `-`/`+` pair and deleting it turns it into a `-` line. Undefined
 * when any edit cannot be mapped faithfully (a synthesised line, a span over the replier's lines or over
 * context, overlapping edits): the caller then offers no fix.
 */
export function mapUnitEdits(doc: ParsedDocument, unit: SourceUnit, edits: readonly UnitEdit[]): DocumentEdit[] | undefined {
  const plan: Plan = {
    doc, unit, texts: linesOf(unit), out: [], deleted: [], removedPerHunk: new Map(), contextEdits: new Map(), converted: new Set(),
  };
  if (!edits.every((edit) => planEdit(plan, edit)) || !contextPairs(plan)) return undefined;
  if ([...plan.removedPerHunk.values()].some((removed) => removed !== 0)) {
    const file = unit.patch === undefined || unit.file === undefined ? undefined : doc.patches[unit.patch]?.files[unit.file];
    if (!file) return undefined;
    const dropped = droppedHunks(plan, file);
    if (dropped.size === file.hunks.length) dropFileHeader(plan, file);
    const headers = hunkHeaderEdits(doc.docLines, file, plan.removedPerHunk, dropped);
    if (!headers) return undefined;
    plan.out.push(...headers);
  }
  plan.out.push(...lineDeletions(doc.docLines, plan.deleted));
  return overlapping(plan.out) ? undefined : plan.out;
}

/** One quick-fix edit in unit coordinates → document edits; see mapUnitEdits. */
export function mapUnitEdit(doc: ParsedDocument, unit: SourceUnit, edit: UnitEdit): DocumentEdit[] | undefined {
  return mapUnitEdits(doc, unit, [edit]);
}
