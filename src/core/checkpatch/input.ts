import type { ParsedDocument } from '../patch/types';
import { quoteDepthOf, quoteStyleEatsSpace, stripQuoteLevels } from '../reply/unquote';

/** What checkpatch.pl is fed for one patch (or one C file) of the document, and where its lines came from. */
export interface CheckpatchInput {
  mode: 'patch' | 'file';
  text: string;
  /** docLines[i] is the document line of input line i + 1 (checkpatch counts from 1). */
  docLines: number[];
  /** For file mode: a name for the file (checkpatch looks at the extension). */
  fileName?: string;
  /** The patch this input is, for messages; undefined for a plain C file. */
  patch?: number;
}

/**
 * checkpatch reads patches as their author sent them: a quoted patch is unquoted (a previous replier's lines
 * dropped) and each patch of an mbox is checked on its own, so its line numbers map back to the document;
 * a cover letter is skipped.
 * A C file is checked with `--file`. Other documents give nothing to check.
 */
export function checkpatchInputs(parsed: ParsedDocument, fileName?: string): CheckpatchInput[] {
  if (parsed.kind === 'c') {
    return [{ mode: 'file', text: parsed.docLines.join('\n'), docLines: parsed.docLines.map((_, i) => i), fileName: cFileName(fileName) }];
  }
  // A cover letter (no diff) is not a patch to checkpatch: it would only say NOT_UNIFIED_DIFF.
  return parsed.patches.flatMap((patch, index) => (patch.files.length === 0 ? [] : [{ patch, index }])).map(({ patch, index }) => {
    const range = parsed.docLines.slice(patch.docStart, Math.min(patch.docEnd, parsed.docLines.length));
    const eatSpace = patch.quoteDepth === 0 || quoteStyleEatsSpace(range, patch.quoteDepth);
    const text: string[] = [];
    const docLines: number[] = [];
    range.forEach((line, i) => {
      if (quoteDepthOf(line) < patch.quoteDepth) return;
      text.push(stripQuoteLevels(line, patch.quoteDepth, eatSpace));
      docLines.push(patch.docStart + i);
    });
    return { mode: 'patch' as const, text: text.join('\n') + '\n', docLines, patch: index };
  });
}

function cFileName(fileName: string | undefined): string {
  const base = (fileName ?? 'input.c').split(/[\\/]/).pop() ?? 'input.c';
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '_');
  return /\.[ch]$/.test(safe) ? safe : `${safe}.c`;
}
