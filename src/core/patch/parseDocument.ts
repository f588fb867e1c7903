import { looksBinary, looksLikeC } from './detect';
import { splitDocumentLines } from './docLines';
import { splitMessages } from './mbox';
import { readMessage, type MessageResult } from './message';
import type { InputKind, ParsedDocument, PatchInfo, SourceUnit } from './types';
import { lostTabNote, newTextFileUnit, postImageUnit, wholeFileUnit } from './units';

function unknown(docLines: string[], notes: string[]): ParsedDocument {
  return { kind: 'unknown', docLines, patches: [], units: [], notes };
}

function kindOf(results: MessageResult[], envelopes: number): InputKind {
  const withDiff = results.filter((r) => r.files.length > 0);
  if (envelopes > 1 && results.some((r) => r.hasHeaders)) return 'mbox';
  if (withDiff.some((r) => (r.patch?.quoteDepth ?? 0) > 0)) return 'quoted-reply';
  if (withDiff.some((r) => r.hasHeaders)) return 'format-patch';
  return withDiff.length > 0 ? 'diff' : 'unknown';
}

function read(text: string, fileName: string | undefined): ParsedDocument {
  const { lines: docLines, crlf } = splitDocumentLines(text);
  const notes: string[] = [];
  if (!/\S/.test(text)) return unknown(docLines, ['the document is empty.']);
  if (looksBinary(text)) return unknown(docLines, ['the document holds binary data: it is neither a patch nor C source.']);
  if (crlf > 0) notes.push(`${crlf} CRLF line ends read as LF.`);

  const ranges = splitMessages(docLines);
  const results = ranges.map((range) => readMessage(docLines, range));
  const kind = kindOf(results, ranges.filter((range) => range.hasEnvelope).length);
  if (kind === 'unknown') {
    // A file named .c or .h that holds no diff is C even when mostly tables of numbers the sniffing cannot read.
    if (looksLikeC(docLines) || /\.[ch]$/i.test(fileName ?? '')) {
      const unit = wholeFileUnit(docLines, fileName ?? 'untitled.c', text.includes('\r') ? docLines.join('\n') : text);
      return { kind: 'c', docLines, patches: [], units: [unit], notes };
    }
    return unknown(docLines, [...notes, 'no diff and no C source found: nothing to review.']);
  }

  const patches: PatchInfo[] = [];
  const units: SourceUnit[] = [];
  const textUnits: SourceUnit[] = [];
  let foreignLines = 0;
  for (const result of results) {
    if (!result.patch || (kind !== 'mbox' && result.files.length === 0)) continue;
    const patchIndex = patches.push(result.patch) - 1;
    notes.push(...result.notes);
    foreignLines += result.foreignLines;
    result.files.forEach((file, fileIndex) => {
      const unit = postImageUnit(file, patchIndex, fileIndex);
      if (unit) units.push(unit);
      const textUnit = newTextFileUnit(file, patchIndex, fileIndex);
      if (textUnit) textUnits.push(textUnit);
    });
  }
  for (const unit of units) {
    const note = lostTabNote(unit);
    if (note) notes.push(note);
  }
  if (foreignLines > 0) notes.push(`${foreignLines} lines of the reply inside quoted hunks were skipped.`);
  const reply = kind === 'quoted-reply' ? results.find((r) => r.reply)?.reply : undefined;
  return { kind, docLines, patches, units, notes, ...(textUnits.length ? { textUnits } : {}), ...(reply ? { reply } : {}) };
}

/**
 * Reads any text the user opened: plain C, a unified diff, a git format-patch mail, an mbox series or a
 * reply quoting a patch. The kind comes from the content; `fileName` only names a plain C unit. Never
 * throws: input it cannot read gives kind 'unknown' and a note saying why.
 */
export function parseDocument(text: string, fileName?: string): ParsedDocument {
  const source = typeof text === 'string' ? text : String(text ?? '');
  try {
    return read(source, fileName);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return unknown(splitDocumentLines(source).lines, [`the document could not be read (${reason}).`]);
  }
}
