import type { Finding } from '../review/finding';
import type { ReplyComment } from '../reply/types';
import { findingCommentText } from '../reply/findingComments';
import { locateAnchor } from './anchor';
import { findingKeys } from './keys';
import type { ReviewState, SavedComment } from './state';

/** A thread as the editor shows it: a group of hints on adjacent lines, or one the reviewer started. */
export interface ThreadModel {
  /** Stable id: `hint:` + the first member's key, or the saved thread's id. */
  id: string;
  kind: 'hint' | 'user';
  startLine: number;
  endLine: number;
  resolved: boolean;
  findings: Finding[];
  /** Keys of `findings`, same order. */
  keys: string[];
  /** The reviewer's own comments, oldest first. */
  comments: SavedComment[];
  /** The line it was written on is gone: shown where it was, marked outdated, kept until the reviewer deletes it. */
  outdated: boolean;
}

/**
 * Findings whose lines touch or follow each other become one thread, so a hint and its neighbour do not stack
 * two widgets on consecutive lines.
 */
export function groupFindings(findings: readonly Finding[], keys: readonly string[]): { findings: Finding[]; keys: string[] }[] {
  const order = findings.map((f, i) => i).sort((a, b) => findings[a]!.range.start.line - findings[b]!.range.start.line || a - b);
  const groups: { findings: Finding[]; keys: string[]; end: number }[] = [];
  for (const i of order) {
    const finding = findings[i]!;
    const last = groups[groups.length - 1];
    if (last && finding.range.start.line <= last.end + 1) {
      last.findings.push(finding);
      last.keys.push(keys[i]!);
      last.end = Math.max(last.end, finding.range.end.line);
    } else {
      groups.push({ findings: [finding], keys: [keys[i]!], end: finding.range.end.line });
    }
  }
  return groups.map(({ findings: f, keys: k }) => ({ findings: f, keys: k }));
}

/**
 * The threads for the current findings and saved state: a hint group is resolved when all its hints are, and
 * carries the replies saved under any of its hints; a reviewer's thread is re-anchored by content (anchor.ts);
 * replies to a hint that no longer exists stay visible as an outdated thread where the hint was.
 */
export function mergeThreads(findings: readonly Finding[], docLines: readonly string[], state: ReviewState): ThreadModel[] {
  const keys = findingKeys(findings, docLines);
  const resolved = new Set(state.resolvedHints);
  const hintThreads: ThreadModel[] = groupFindings(findings, keys).map((group) => ({
    id: `hint:${group.keys[0]}`,
    kind: 'hint',
    startLine: Math.min(...group.findings.map((f) => f.range.start.line)),
    endLine: Math.max(...group.findings.map((f) => f.range.end.line)),
    resolved: group.keys.every((k) => resolved.has(k)),
    findings: group.findings,
    keys: group.keys,
    comments: group.keys.flatMap((k) => state.hintReplies[k] ?? []).sort((a, b) => a.created - b.created),
    outdated: false,
  }));
  const current = new Set(keys);
  const orphanedReplies: ThreadModel[] = Object.entries(state.hintReplies)
    .filter(([key, replies]) => !current.has(key) && replies.length > 0)
    .map(([key, replies]) => {
      const anchor = state.hintAnchors[key];
      const line = anchor ? locateAnchor(docLines, anchor).line : 0;
      return {
        id: `hint:${key}`, kind: 'hint', startLine: line, endLine: line, resolved: resolved.has(key),
        findings: [], keys: [key], comments: replies, outdated: true,
      };
    });
  const userThreads: ThreadModel[] = state.threads.map((saved) => {
    const { line, outdated } = locateAnchor(docLines, saved);
    return {
      id: saved.id, kind: 'user', startLine: line, endLine: line, resolved: saved.resolved, findings: [], keys: [],
      comments: saved.comments, outdated,
    };
  });
  return [...hintThreads, ...orphanedReplies, ...userThreads].sort((a, b) => a.startLine - b.startLine);
}

/** The findings that are not resolved: what diagnostics should still show. */
export function unresolvedFindings(findings: readonly Finding[], docLines: readonly string[], state: ReviewState): Finding[] {
  const keys = findingKeys(findings, docLines);
  const resolved = new Set(state.resolvedHints);
  return findings.filter((_, i) => !resolved.has(keys[i]!));
}

/**
 * What goes into the reply: every open thread — a hint's text under its line (the hints the reviewer kept),
 * then the reviewer's comments in that thread. Resolved threads are left out.
 */
export function threadsAsReplyComments(threads: readonly ThreadModel[]): ReplyComment[] {
  const comments: ReplyComment[] = [];
  for (const thread of threads) {
    if (thread.resolved) continue;
    for (const finding of thread.findings) comments.push({ docLine: finding.range.start.line, text: findingCommentText(finding) });
    for (const comment of thread.comments) comments.push({ docLine: thread.endLine, author: comment.author, text: comment.body });
  }
  return comments;
}
