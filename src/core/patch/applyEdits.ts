import { lineStartsOf } from '../text/lineOfOffset';
import type { DocumentEdit, DocumentPosition } from './types';

function offsetAt(lineStarts: readonly number[], text: string, position: DocumentPosition): number {
  const start = lineStarts[position.line];
  if (start === undefined) return text.length;
  const next = lineStarts[position.line + 1];
  const lineEnd = next === undefined ? text.length : next - 1;
  return Math.min(start + position.column, lineEnd);
}

/**
 * Applies non-overlapping document edits to LF text (what the CLI's fix mode and tests need; editors apply
 * DocumentEdits themselves). Edits are applied from the end so earlier offsets stay valid.
 */
export function applyDocumentEdits(text: string, edits: readonly DocumentEdit[]): string {
  const lineStarts = lineStartsOf(text);
  const spans = edits
    .map((edit) => ({ from: offsetAt(lineStarts, text, edit.range.start), to: offsetAt(lineStarts, text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.from - a.from || b.to - a.to);
  let out = text;
  for (const span of spans) out = out.slice(0, span.from) + span.newText + out.slice(span.to);
  return out;
}
