import { readAttribution } from './attribution';
import { HUNK_HEADER, readDiff, type ReadFile } from './diffReader';
import { headerText, readHeaderBlock, stripReplyPrefix, type HeaderFields } from './mailHeaders';
import { isEscapedFrom, type MessageRange } from './mbox';
import { quoteUsesSpace, splitQuote } from './quote';
import type { PatchInfo, ReplyInfo } from './types';

/** What one message (or the whole document when it is not an mbox) carries. */
export interface MessageResult {
  /** Undefined when the message holds neither mail headers nor a diff. */
  patch?: PatchInfo;
  files: ReadFile[];
  /** Set when the diff is quoted: the headers of the reply itself. */
  reply?: ReplyInfo;
  hasHeaders: boolean;
  foreignLines: number;
  notes: string[];
}

interface DiffStart {
  line: number;
  depth: number;
  eatSpace: boolean;
}

function findDiffStart(docLines: readonly string[], start: number, end: number): DiffStart | undefined {
  for (let i = start; i < end; i++) {
    const line = docLines[i] as string;
    const q = splitQuote(line);
    const c = q.content;
    let found = c.startsWith('diff --git ') || (c.startsWith('@@ -') && HUNK_HEADER.test(c));
    if (!found && (c.startsWith('--- ') || c.startsWith('+++ ')) && i + 1 < end) {
      // `--- a/x` + `+++ b/x`, or a reply that quotes from `+++ b/x` on.
      const next = splitQuote(docLines[i + 1] as string);
      found = next.depth === q.depth && next.content.startsWith(c.startsWith('--- ') ? '+++ ' : '@@ -');
    }
    if (found) return { line: i, depth: q.depth, eatSpace: q.depth === 0 || quoteUsesSpace(line) };
  }
  return undefined;
}

/** The body lines at the patch's quote depth, unquoted; `>From ` un-escaped in an mbox. */
function patchBodyLines(docLines: readonly string[], start: number, end: number, depth: number, mbox: boolean): { lines: string[]; first: number } {
  const lines: string[] = [];
  let first = -1;
  for (let i = start; i < end; i++) {
    const line = docLines[i] as string;
    if (depth === 0) {
      lines.push(mbox && isEscapedFrom(line) ? line.slice(1) : line);
      continue;
    }
    const q = splitQuote(line);
    if (q.depth !== depth) continue;
    if (first < 0) first = i;
    lines.push(q.content);
  }
  return { lines, first: first < 0 ? start : first };
}

/** The commit message: prose after in-body headers, up to git's `---` line before the diffstat. */
function commitMessage(lines: readonly string[], from: number): string {
  const prose: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    // git's `---` before the diffstat, or the `-- ` signature closing a cover letter.
    if (line.trimEnd() === '---' || line === '-- ') break;
    prose.push(line);
  }
  return prose.join('\n').trim();
}

/**
 * The Message-ID of the mail quoted at `depth`: a reply's References end with its parent (depth 1), the
 * grandparent before it (depth 2), and so on; In-Reply-To names the parent when References is missing.
 */
function quotedMessageId(fields: HeaderFields, depth: number): string | undefined {
  const references = fields.get('references')?.match(/<[^<>\s]+>/g) ?? [];
  const inReplyTo = fields.get('in-reply-to')?.match(/<[^<>\s]+>/)?.[0];
  if (references.length === 0) return depth === 1 ? inReplyTo : undefined;
  return references[references.length - depth];
}

function replyInfo(fields: HeaderFields): ReplyInfo {
  return {
    subject: headerText(fields, 'subject'),
    from: headerText(fields, 'from'),
    date: fields.get('date'),
    messageId: fields.get('message-id'),
    inReplyTo: fields.get('in-reply-to'),
    references: fields.get('references'),
  };
}

export function readMessage(docLines: readonly string[], range: MessageRange): MessageResult {
  const notes: string[] = [];
  const top = readHeaderBlock(docLines, range.start + (range.hasEnvelope ? 1 : 0), range.end);
  const hasHeaders = top.fields.size > 0;
  const encoding = top.fields.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable' || encoding === 'base64') {
    notes.push(`a message at line ${range.start + 1} is ${encoding}-encoded; its patch is read as written, not decoded.`);
  }
  const diff = findDiffStart(docLines, top.next, range.end);
  const depth = diff?.depth ?? 0;
  // Empty lines closing a message are the mbox separator or the final newline, never hunk lines.
  let diffEnd = range.end;
  while (diff && diffEnd > diff.line + 1 && docLines[diffEnd - 1] === '') diffEnd--;
  const read = diff ? readDiff(docLines, diff.line, diffEnd, diff) : { files: [], foreignLines: 0, notes: [] };
  notes.push(...read.notes);
  if (!diff && !hasHeaders) return { files: [], hasHeaders, foreignLines: 0, notes };
  const body = patchBodyLines(docLines, top.next, diff?.line ?? range.end, depth, range.hasEnvelope);
  const inBody = readHeaderBlock(body.lines, 0, body.lines.length, true);

  const quoted = depth > 0;
  const attribution = quoted ? readAttribution(docLines, body.first, depth - 1, top.next) : undefined;
  const topSubject = headerText(top.fields, 'subject');
  const patch: PatchInfo = {
    subject: headerText(inBody.fields, 'subject') ?? (quoted && topSubject !== undefined ? stripReplyPrefix(topSubject) : topSubject),
    from: headerText(inBody.fields, 'from') ?? (quoted ? attribution?.from : headerText(top.fields, 'from')),
    date: inBody.fields.get('date') ?? (quoted ? attribution?.date : top.fields.get('date')),
    messageId: inBody.fields.get('message-id') ?? (quoted ? quotedMessageId(top.fields, depth) : top.fields.get('message-id')),
    inReplyTo: quoted ? undefined : top.fields.get('in-reply-to'),
    message: commitMessage(body.lines, inBody.next),
    docStart: range.start,
    docEnd: range.end,
    files: read.files.map((file) => file.info),
    quoteDepth: depth,
  };
  return { patch, files: read.files, reply: quoted ? replyInfo(top.fields) : undefined, hasHeaders, foreignLines: read.foreignLines, notes };
}
