/**
 * Splits an mbox into messages. A message starts at a `From ` envelope line (`From <sha> Mon Sep 17
 * 00:00:00 2001` from git format-patch, `From user@host Thu Oct  2 07:10:26 2025` from mailers) at the top
 * of the document or after a blank line; body lines that began with `From ` were escaped as `>From `.
 */
const ENVELOPE = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}/;
const ESCAPED_FROM = /^>+From /;
/** A byte-order mark some editors write at the start of a saved mail. */
const BOM = 0xfeff;

export function isEnvelopeLine(line: string): boolean {
  const text = line.charCodeAt(0) === BOM ? line.slice(1) : line;
  return text.startsWith('From ') && ENVELOPE.test(text);
}

/** `>From ` (mboxrd escaping of a body line that began with `From `). */
export function isEscapedFrom(line: string): boolean {
  return line.startsWith('>') && ESCAPED_FROM.test(line);
}

export interface MessageRange {
  start: number;
  end: number;
  /** True when the range begins with an envelope line. */
  hasEnvelope: boolean;
}

export function splitMessages(lines: readonly string[]): MessageRange[] {
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if ((i === 0 || (lines[i - 1] as string).trim() === '') && isEnvelopeLine(line)) starts.push(i);
  }
  if (starts.length === 0) return [{ start: 0, end: lines.length, hasEnvelope: false }];
  const ranges: MessageRange[] = [];
  const first = starts[0] as number;
  if (first > 0 && lines.slice(0, first).some((line) => line.trim() !== '')) {
    ranges.push({ start: 0, end: first, hasEnvelope: false });
  }
  starts.forEach((start, index) => {
    ranges.push({ start, end: starts[index + 1] ?? lines.length, hasEnvelope: true });
  });
  return ranges;
}
