import { createReadStream } from 'node:fs';
import { isEnvelopeLine } from '../core/patch/mbox';
import type { Finding, Fix } from '../core/review/finding';
import type { DocumentRange } from '../core/patch/types';

/** Above this an mbox is read message by message, so neither its text nor its parse is held whole. */
export const STREAM_MBOX_BYTES = 8 * 1024 * 1024;

export interface StreamedMessage {
  text: string;
  /** 0-based line of the message's first line in the whole file. */
  firstLine: number;
}

/** True when the file's first bytes are an mbox envelope line (`From <sha> Mon Sep 17 …`). */
export function startsAsMbox(head: string): boolean {
  return isEnvelopeLine(head.split('\n', 1)[0] ?? '');
}

/**
 * The messages of an mbox file, one at a time, in linear time: a message ends before an envelope line that
 * follows a blank line, as the reader splits them. Throws with a one-line reason for bytes that are not UTF-8 text.
 */
export async function* mboxMessages(path: string): AsyncGenerator<StreamedMessage> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let message: string[] = [];
  let firstLine = 0;
  let line = 0;
  let previousBlank = true;
  const take = (text: string): StreamedMessage | undefined => {
    const isStart = previousBlank && isEnvelopeLine(text) && message.length > 0;
    previousBlank = text.trim() === '';
    let done: StreamedMessage | undefined;
    if (isStart) {
      done = { text: `${message.join('\n')}\n`, firstLine };
      firstLine = line;
      message = [];
    }
    message.push(text);
    // A lone CR is a line break to the reader (and the editor): count it as one, so positions line up.
    line += 1 + countLoneCr(text);
    return done;
  };
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    if (bytes.includes(0)) throw new Error('is binary (it contains NUL bytes)');
    pending += decode(decoder, bytes, true);
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      const done = take(text.endsWith('\r') ? text.slice(0, -1) : text);
      if (done) yield done;
    }
  }
  pending += decode(decoder, new Uint8Array(0), false);
  if (pending !== '') take(pending);
  if (message.length > 0) yield { text: `${message.join('\n')}\n`, firstLine };
}

function decode(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch {
    throw new Error('is not UTF-8 text');
  }
}

function countLoneCr(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) count++;
  return count;
}

function shiftRange(range: DocumentRange, lines: number): DocumentRange {
  return { start: { line: range.start.line + lines, column: range.start.column }, end: { line: range.end.line + lines, column: range.end.column } };
}

/** A message's findings (and, when asked, their fixes) placed in the whole file's lines. */
export function shiftFindings(findings: readonly Finding[], lines: number, fixesOf?: (finding: Finding) => Fix[]): { findings: Finding[]; fixes: Map<Finding, Fix[]> } {
  const fixes = new Map<Finding, Fix[]>();
  const shifted = findings.map((finding) => {
    const moved: Finding = { ...finding, range: shiftRange(finding.range, lines) };
    if (finding.related) moved.related = finding.related.map((r) => ({ ...r, range: shiftRange(r.range, lines) }));
    if (fixesOf) fixes.set(moved, fixesOf(finding).map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines) })) })));
    return moved;
  });
  return { findings: shifted, fixes };
}
