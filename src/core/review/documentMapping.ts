import { mapUnitEdits } from '../patch';
import type { DocumentPosition, DocumentRange, ParsedDocument, SourceUnit } from '../patch/types';
import { visibleText } from '../text/visibleText';
import type { Finding, Fix, Severity } from './finding';
import type { UnitFinding, UnitFix, UnitRange } from './rule';

/** Where a unit position stands in the opened document; synthesised lines borrow the nearest real line. */
export function mapUnitPosition(doc: ParsedDocument, unit: SourceUnit, position: DocumentPosition): DocumentPosition {
  for (let line = Math.min(position.line, unit.lines.length - 1); line >= 0; line--) {
    const unitLine = unit.lines[line];
    if (unitLine?.docLine === undefined) continue;
    const docText = doc.docLines[unitLine.docLine] ?? '';
    if (line !== position.line) return { line: unitLine.docLine, column: docText.length };
    return { line: unitLine.docLine, column: Math.min(unitLine.docColumnOffset + position.column, docText.length) };
  }
  return { line: 0, column: 0 };
}

export function mapUnitRange(doc: ParsedDocument, unit: SourceUnit, range: UnitRange): DocumentRange {
  const start = mapUnitPosition(doc, unit, range.start);
  const end = mapUnitPosition(doc, unit, range.end);
  const ordered = end.line > start.line || (end.line === start.line && end.column >= start.column);
  return { start, end: ordered ? end : start };
}

/** A fix in document terms, or undefined when the patch reader cannot map its edits faithfully. */
export function mapUnitFix(doc: ParsedDocument, unit: SourceUnit, fix: UnitFix): Fix | undefined {
  const mapped = fix.unitEdits.length > 0 ? mapUnitEdits(doc, unit, fix.unitEdits) : [];
  if (!mapped) return undefined;
  const edits = [...mapped, ...(fix.documentEdits ?? [])];
  if (edits.length === 0) return undefined;
  return { title: visibleText(fix.title), kind: fix.kind, edits, ...(fix.isPreferred ? { isPreferred: true } : {}) };
}

/**
 * visibleText() of finding messages, remembered: a re-review hands on hundreds of unchanged findings whose message is
 * the very string already shown (its hash is kept with it, so the lookup costs less than the scan). Cleared when full.
 */
const shown = new Map<string, string>();
const MAX_SHOWN_KEPT = 20000;

function visibleMessage(message: string): string {
  let visible = shown.get(message);
  if (visible === undefined) {
    if (shown.size >= MAX_SHOWN_KEPT) shown.clear();
    shown.set(message, (visible = visibleText(message)));
  }
  return visible;
}

const severityRank: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** A finding's own severity may soften the rule's, never raise it. */
function milder(configured: Severity, own: Severity | undefined): Severity {
  return own !== undefined && severityRank[own] < severityRank[configured] ? own : configured;
}

export function mapUnitFinding(doc: ParsedDocument, unit: SourceUnit, rule: string, severity: Severity, found: UnitFinding): Finding {
  const finding: Finding = { rule, severity: milder(severity, found.severity), message: visibleMessage(found.message), range: mapUnitRange(doc, unit, found.range) };
  // Messages quote document text: bidi and zero-width characters are written out, never passed on to a view.
  if (found.suggestion !== undefined) finding.suggestion = visibleText(found.suggestion);
  if (unit.origin !== 'whole-file') {
    finding.sourcePath = unit.path;
    const sourceLine = postImageLine(doc, unit, found.range.start.line);
    if (sourceLine !== undefined) finding.sourceLine = sourceLine;
  }
  if (found.related?.length) {
    finding.related = found.related.map((item) => ({ range: mapUnitRange(doc, unit, item.range), message: visibleMessage(item.message) }));
  }
  if (found.tags?.length) finding.tags = [...found.tags];
  // Fixes are mapped only when asked for (ReviewResult.fixes): mapping every fix up front made reviews quadratic.
  return finding;
}

/**
 * The 0-based line in the file after the patch: a hunk's lines count from its `@@ +start` on, but only when the
 * document holds every new-side line the header promises. A reply that cut a hunk may have cut it anywhere (the
 * seed's reviewer dropped the top of migrate_offc.c), so counting would name a wrong line: undefined instead.
 */
export function postImageLine(doc: ParsedDocument, unit: SourceUnit, line: number): number | undefined {
  const hunk = unit.lines[line]?.hunk;
  if (unit.patch === undefined || hunk === undefined) return unit.origin === 'whole-file' ? line : undefined;
  const file = unit.file !== undefined ? doc.patches[unit.patch]?.files[unit.file] : undefined;
  const info = file?.hunks[hunk];
  if (!info || info.missingNewLines > 0) return undefined;
  let first = line;
  while (first > 0 && unit.lines[first - 1]?.hunk === hunk) first--;
  return Math.max(0, info.newStart - 1) + (line - first);
}
