import { decodeEncodedWords } from './encodedWords';

/** Header fields of a mail (lower-case names, first occurrence wins, folded lines joined). */
export type HeaderFields = Map<string, string>;

const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*):(?:[ \t]+|$)(.*)$/;
/** Headers git and mailers put at the top of a body to override the envelope (`From:` of the real author). */
const IN_BODY_HEADERS = new Set(['from', 'subject', 'date', 'message-id']);
/** A web archive's copy of a mail often starts with the bare subject line (`Re: [RFC V3 5/9] …`). */
const BARE_SUBJECT = /^(?:(?:re|fwd?|aw|sv)\s*:\s*\S|\[[^\]]*\]\s*\S)/i;
/** Bounds the work spent on a header block of a hostile input. */
const MAX_HEADER_LINES = 2000;

export interface HeaderBlock {
  fields: HeaderFields;
  /** Index of the first line after the block (after its blank terminator, if any). */
  next: number;
}

/**
 * Reads a header block from `lines[start..end)`. With `inBody`, only the few headers a body may carry are
 * accepted (so prose such as `Note: …` is not mistaken for one).
 */
export function readHeaderBlock(lines: readonly string[], start: number, end: number, inBody = false): HeaderBlock {
  const fields: HeaderFields = new Map();
  let i = start;
  // A byte-order mark in front of the first header is not part of its name.
  const lineAt = (n: number): string => (n === 0 ? (lines[0] ?? '').replace(/^\uFEFF/, '') : (lines[n] ?? ''));
  if (!inBody && i + 1 < end && BARE_SUBJECT.test(lineAt(i)) && HEADER_LINE.test(lineAt(i + 1))) {
    fields.set('subject', lineAt(i).trim());
    i++;
  }
  // Folded lines continue the previous header; for a repeated header (Received:, Cc:) they are dropped.
  let current: string | undefined;
  let repeated = false;
  const limit = Math.min(end, start + MAX_HEADER_LINES);
  for (; i < limit; i++) {
    const line = lineAt(i);
    if (line.trim() === '') {
      if (fields.size > 0) i++;
      break;
    }
    const folded = current !== undefined && (line.startsWith(' ') || line.startsWith('\t'));
    if (folded) {
      if (!repeated) fields.set(current as string, `${fields.get(current as string) ?? ''} ${line.trim()}`.trim());
      continue;
    }
    const match = HEADER_LINE.exec(line);
    const name = match?.[1]?.toLowerCase();
    if (!match || name === undefined || (inBody && !IN_BODY_HEADERS.has(name))) break;
    current = name;
    repeated = fields.has(name);
    if (!repeated) fields.set(name, (match[2] ?? '').trim());
  }
  return { fields, next: fields.size > 0 ? i : start };
}

/** A header's value with RFC 2047 encoded-words decoded. */
export function headerText(fields: HeaderFields, name: string): string | undefined {
  const value = fields.get(name);
  return value === undefined ? undefined : decodeEncodedWords(value);
}

/** `Re: Re: [RFC V3 5/9] x` → `[RFC V3 5/9] x`: the subject of the message being answered. */
export function stripReplyPrefix(subject: string): string {
  return subject.replace(/^(?:\s*(?:re|fwd?|aw|sv)\s*:\s*)+/i, '').trim();
}
