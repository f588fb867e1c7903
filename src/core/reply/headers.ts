import { headerText, readHeaderBlock } from '../patch/mailHeaders';
import type { PatchInfo } from '../patch/types';
import { quoteDepthOf } from './unquote';

/** `Re: ` once, whatever reply prefixes (`Re:`, `RE:`, `Aw:`, `Re[2]:`) the subject already carries. */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^Subject:\s*/i, '').replace(/^(\s*(re|aw|sv|antw)(\[\d+\])?:\s*)+/i, '').trim();
  return `Re: ${bare}`;
}

export function angleId(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

/** `In-Reply-To:` and `References:` for answering a message with this Message-ID (and its own parent). */
export function threadingHeaders(patch: PatchInfo): string[] {
  if (!patch.messageId) return [];
  const id = angleId(patch.messageId);
  const parents = patch.inReplyTo ? [angleId(patch.inReplyTo)] : [];
  return [`In-Reply-To: ${id}`, `References: ${[...parents, id].join(' ')}`];
}

export interface Attribution {
  date?: string;
  author?: string;
}

/**
 * Who sent the patch and when. The reply answers the sender, not the commit's author that an in-body `From:`
 * names (which PatchInfo.from prefers): for a mail that is its own header block; for a patch quoted in someone's
 * reply it is that reply's attribution line ("On DATE, AUTHOR wrote:", possibly split over two lines).
 */
export function findAttribution(docLines: string[], patch: PatchInfo): Attribution {
  const found = patch.quoteDepth > 0 ? attributionAbove(docLines, patch) : mailSender(docLines, patch);
  return found ?? { date: patch.date, author: patch.from };
}

function mailSender(docLines: string[], patch: PatchInfo): Attribution | undefined {
  const start = /^From \S/.test(docLines[patch.docStart] ?? '') ? patch.docStart + 1 : patch.docStart;
  const { fields } = readHeaderBlock(docLines, start, patch.docEnd);
  const author = headerText(fields, 'from');
  return author ? { author, date: headerText(fields, 'date') ?? patch.date } : undefined;
}

function attributionAbove(docLines: string[], patch: PatchInfo): Attribution | undefined {
  const firstQuoted = firstLineAtDepth(docLines, patch);
  for (let i = firstQuoted - 1; i >= Math.max(0, firstQuoted - 4); i--) {
    const line = docLines[i]!.trim();
    if (!/wrote:$/.test(line)) continue;
    const previous = i > 0 ? docLines[i - 1]!.trim() : '';
    if (/^On /.test(previous) && !/^On /.test(line) && quoteDepthOf(previous) < patch.quoteDepth) {
      return { date: previous.slice(3).replace(/,$/, ''), author: line.replace(/\s*wrote:$/, '') };
    }
    return parseOneLine(line);
  }
  return undefined;
}

function firstLineAtDepth(docLines: string[], patch: PatchInfo): number {
  for (let i = patch.docStart; i < Math.min(patch.docEnd, docLines.length); i++) {
    if (quoteDepthOf(docLines[i]!) >= patch.quoteDepth) return i;
  }
  return patch.docStart;
}

function parseOneLine(line: string): Attribution | undefined {
  const withTime = /^On (.*?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[AP]M))?(?: [+-]\d{4}| [A-Z]{2,5})?),? (.+?) wrote:$/.exec(line);
  if (withTime) return { date: withTime[1], author: withTime[2] };
  const lastComma = /^On (.+), ([^,]+?) wrote:$/.exec(line);
  if (lastComma) return { date: lastComma[1], author: lastComma[2] };
  const authorOnly = /^(.+?) wrote:$/.exec(line);
  return authorOnly ? { author: authorOnly[1] } : undefined;
}

/** "On DATE, AUTHOR wrote:", split after the date like common mail clients when it would pass `width`. */
export function attributionLines(attribution: Attribution, width: number): string[] {
  const { date, author } = attribution;
  if (!author && !date) return [];
  if (!date) return [`${author} wrote:`];
  if (!author) return [`On ${date}, you wrote:`];
  const one = `On ${date}, ${author} wrote:`;
  return one.length <= width ? [one] : [`On ${date},`, `${author} wrote:`];
}
