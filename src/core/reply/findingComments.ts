import type { Finding } from '../review/finding';
import type { ReplyComment } from './types';

/**
 * A finding as the reviewer would write it under the line: the rule's message, then the suggestion when it adds
 * something, indented on its own line as mail does with code (so it is never re-wrapped).
 */
export function findingCommentText(finding: Finding): string {
  const message = finding.message.trim();
  const suggestion = finding.suggestion?.trim();
  if (!suggestion || message.includes(suggestion)) return message;
  return `${message}\n\nSuggested:\n\n\t${suggestion.split('\n').join('\n\t')}`;
}

/** Every finding as a comment under its first line; findings on the same line stay separate comments. */
export function findingsAsComments(findings: Finding[]): ReplyComment[] {
  return findings.map((finding) => ({ docLine: finding.range.start.line, text: findingCommentText(finding) }));
}
