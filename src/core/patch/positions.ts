import type { DocumentPosition, ParsedDocument, SourceUnit } from './types';

/** A position inside a SourceUnit's text (0-based line of `unit.lines`, UTF-16 column). */
export interface UnitPosition {
  unit: SourceUnit;
  line: number;
  column: number;
}

/** docLine → the unit line carrying it, built once per parsed document. */
const indexes = new WeakMap<ParsedDocument, Map<number, { unit: SourceUnit; line: number }>>();

function indexOf(doc: ParsedDocument): Map<number, { unit: SourceUnit; line: number }> {
  let index = indexes.get(doc);
  if (!index) {
    index = new Map();
    for (const unit of doc.units) {
      unit.lines.forEach((unitLine, line) => {
        if (unitLine.docLine !== undefined && !index?.has(unitLine.docLine)) index?.set(unitLine.docLine, { unit, line });
      });
    }
    indexes.set(doc, index);
  }
  return index;
}

/**
 * The unit position shown at a document position, or undefined when the document line carries no C
 * (a header, the reviewer's text) or the column falls in the quote markers / diff marker.
 */
export function documentToUnit(doc: ParsedDocument, line: number, column: number): UnitPosition | undefined {
  const hit = indexOf(doc).get(line);
  if (!hit) return undefined;
  const offset = hit.unit.lines[hit.line]?.docColumnOffset ?? 0;
  if (column < offset) return undefined;
  return { unit: hit.unit, line: hit.line, column: column - offset };
}

/** Where a unit position stands in the document; undefined for a synthesised line. */
export function unitToDocument(unit: SourceUnit, line: number, column: number): DocumentPosition | undefined {
  const unitLine = unit.lines[line];
  if (!unitLine || unitLine.docLine === undefined) return undefined;
  return { line: unitLine.docLine, column: column + unitLine.docColumnOffset };
}
