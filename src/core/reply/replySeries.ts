import type { ParsedDocument } from '../patch/types';
import { buildReply } from './buildReply';
import type { BuiltReply, ReplyComment, ReplyOptions } from './types';

/** The separator `git format-patch` writes between messages; `git send-email` and mail tools read it as mbox. */
const MBOX_FROM = 'From offload-review Mon Sep 17 00:00:00 2001';

/**
 * One reply per patch that has comments (an mbox series gets one per commented patch); a document with a single
 * patch always gets its reply, comments or not. Empty when the document holds no patch at all.
 */
export function buildReplies(parsed: ParsedDocument, comments: ReplyComment[], options: ReplyOptions = {}): BuiltReply[] {
  const patches = parsed.patches;
  if (patches.length === 0) return [];
  if (patches.length === 1) return [buildReply(parsed, 0, comments, options)];
  const commented = patches
    .map((patch, index) => ({ index, has: comments.some((c) => c.docLine >= patch.docStart && c.docLine < patch.docEnd) }))
    .filter((p) => p.has);
  return commented.map(({ index }) => buildReply(parsed, index, comments, options));
}

/** A single reply as is; several as an mbox, each message after a `From ` separator line. */
export function joinReplies(replies: BuiltReply[]): string {
  if (replies.length === 1) return replies[0]!.text;
  return replies.map((reply) => `${MBOX_FROM}\n${reply.text}`).join('\n');
}
