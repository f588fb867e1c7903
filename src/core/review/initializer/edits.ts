import type { Node } from 'web-tree-sitter';
import type { UnitEdit } from '../rule';

function pos(point: { row: number; column: number }) {
  return { line: point.row, column: point.column };
}

/** Removes one list element: its whole line when it stands alone there, else the element and its comma. */
export function removeElement(item: Node, lines: readonly string[]): UnitEdit {
  const next = item.nextSibling;
  const end = next?.type === ',' ? next.endPosition : item.endPosition;
  const row = item.startPosition.row;
  const line = lines[row] ?? '';
  const alone = end.row === row && line.slice(0, item.startPosition.column).trim() === '' && line.slice(end.column).trim() === '';
  if (alone && item.endPosition.row === row) {
    return { range: { start: { line: row, column: 0 }, end: { line: row + 1, column: 0 } }, newText: '' };
  }
  const previous = item.previousSibling;
  if (next?.type !== ',' && previous?.type === ',') {
    return { range: { start: pos(previous.startPosition), end: pos(item.endPosition) }, newText: '' };
  }
  let endColumn = end.column;
  while (end.row === row && line[endColumn] === ' ') endColumn++;
  return { range: { start: pos(item.startPosition), end: { line: end.row, column: end.row === row ? endColumn : end.column } }, newText: '' };
}

