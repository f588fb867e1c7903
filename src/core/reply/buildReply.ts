import type { ParsedDocument } from '../patch/types';
import { attributionLines, findAttribution, replySubject, threadingHeaders } from './headers';
import { patchView, type ViewLine } from './quoteView';
import { parseTrailer } from './trailer';
import { trimQuote } from './trim';
import { DEFAULT_WIDTH, type BuiltReply, type ReplyComment, type ReplyOptions, type ReplyPlacement } from './types';
import { wrapText } from './wrap';

const DEFAULTS = { before: 3, after: 1, joinGap: 4 };

/**
 * The plain-text reply to one patch of the document: reply headers, an attribution line, the patch quoted
 * with `> ` and trimmed around the comments, each comment right under the line it concerns.
 * Comments on lines outside this patch are ignored; a comment on a line the quote leaves out (a previous
 * replier's remark) goes under the nearest quoted line above it, one on a mail header under the first line.
 */
export function buildReply(parsed: ParsedDocument, patchIndex: number, comments: ReplyComment[], options: ReplyOptions = {}): BuiltReply {
  const patch = parsed.patches[patchIndex];
  if (!patch) throw new Error(`the document has no patch number ${patchIndex + 1}`);
  const width = options.width ?? DEFAULT_WIDTH;
  const view = patchView(parsed, patchIndex);
  const byAnchor = anchorComments(view, comments, patch.docStart, patch.docEnd);
  const pieces = trimQuote(view, new Set([...byAnchor.keys()].filter((a) => a >= 0)), {
    before: options.before ?? DEFAULTS.before,
    after: options.after ?? DEFAULTS.after,
    joinGap: options.joinGap ?? DEFAULTS.joinGap,
  });

  const head: string[] = [];
  if (options.from) head.push(`From: ${options.from}`);
  if (patch.subject) head.push(`Subject: ${replySubject(patch.subject)}`);
  head.push(...threadingHeaders(patch), '');

  const body: string[] = [...attributionLines(findAttribution(parsed.docLines, patch), width)];
  const placements: ReplyPlacement[] = [];
  const writeComments = (anchor: number) => {
    for (const index of byAnchor.get(anchor) ?? []) {
      body.push('');
      placements.push({ comment: index, replyLine: head.length + body.length, anchorDocLine: view[anchor]?.docLine });
      body.push(...commentLines(comments[index]!.text, width));
      body.push('');
    }
  };
  writeComments(-1);
  for (const piece of pieces) {
    if (piece.kind === 'cut') body.push('', '[...]', '');
    else if (piece.kind === 'resume') body.push(quote(piece.header));
    else {
      body.push(quote(view[piece.index]!.text));
      writeComments(piece.index);
    }
  }
  body.push(...closing(options));
  // Mail is ASCII unless it says otherwise; a comment with `…` or a name with accents needs the charset.
  if (body.some((line) => [...line].some((ch) => ch.charCodeAt(0) > 0x7f))) {
    head.splice(head.length - 1, 0, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit');
  }
  const lines = [...head, ...tidy(body, placements, head.length)];
  return { patch: patchIndex, text: lines.join('\n') + '\n', placements };
}

/** Index of the view line each comment goes under (-1: above the quote, when nothing is quoted), in document order. */
function anchorComments(view: ViewLine[], comments: ReplyComment[], docStart: number, docEnd: number): Map<number, number[]> {
  const byAnchor = new Map<number, number[]>();
  const order = comments.map((c, i) => ({ c, i })).sort((a, b) => a.c.docLine - b.c.docLine || a.i - b.i);
  for (const { c, i } of order) {
    if (c.docLine < docStart || c.docLine >= docEnd || c.text.trim() === '') continue;
    // A comment on a mail header goes under the body's first line, so the reply still quotes something.
    let anchor = view.length > 0 ? 0 : -1;
    for (let v = 0; v < view.length && view[v]!.docLine <= c.docLine; v++) anchor = v;
    // The `-- ` signature and such after the diff: the comment concerns the diff's last line.
    while (anchor > 0 && view[anchor]!.role === 'other') anchor--;
    byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), i]);
  }
  return byAnchor;
}

function quote(text: string): string {
  return text === '' ? '>' : `> ${text}`.replace(/\s+$/, '');
}

/** A comment line starting with `>` would read as quoted text; a leading space keeps it the reviewer's. */
function commentLines(text: string, width: number): string[] {
  const lines = wrapText(text, width);
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.startsWith('>') ? ` ${line}` : line));
}

function closing(options: ReplyOptions): string[] {
  const out: string[] = [];
  if (options.trailer) {
    const checked = parseTrailer(options.trailer);
    if (!checked.ok) throw new Error(`trailer rejected: ${checked.reason}`);
    out.push('', checked.trailer);
  }
  if (options.signature?.trim()) out.push('', ...options.signature.trim().split(/\r?\n/).map((l) => l.replace(/\s+$/, '')));
  return out;
}

/**
 * No trailing whitespace, no runs of blank lines, no blank lines at either end; placements follow the shifts.
 */
function tidy(body: string[], placements: ReplyPlacement[], offset: number): string[] {
  const out: string[] = [];
  const newIndex: number[] = [];
  body.forEach((line, i) => {
    const clean = line.replace(/\s+$/, '');
    const blank = clean === '';
    if (blank && (out.length === 0 || out[out.length - 1] === '')) {
      newIndex[i] = out.length;
      return;
    }
    newIndex[i] = out.length;
    out.push(clean);
  });
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  for (const p of placements) p.replyLine = offset + newIndex[p.replyLine - offset]!;
  return out;
}
