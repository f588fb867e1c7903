import { splitQuote } from './quote';

/** Who wrote the quoted message and when, from a reply's "On <date>, <name> wrote:" line. */
export interface Attribution {
  date?: string;
  from?: string;
}

/** The date ends at a clock time, an optional AM/PM and an optional zone (`17:47:40 +0000`, `5:47 PM`). */
const WITH_TIME = /^On\s+(.*?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?(?:\s*(?:[+-]\d{4}|\(?[A-Z]{2,5}\)?))?),?\s+(.+?)\s+wrote:\s*$/;
const WITHOUT_TIME = /^On\s+(.+),\s+(.+?)\s+wrote:\s*$/;
/** An attribution is written at most over a few lines right above the quote. */
const LOOK_BACK = 3;

/**
 * Finds the attribution just above `quoteStart` (the first line of the quote) at quote depth `depth`,
 * joining it when the mailer wrapped it over two or three lines.
 */
export function readAttribution(docLines: readonly string[], quoteStart: number, depth: number, floor: number): Attribution | undefined {
  const parts: string[] = [];
  let last = quoteStart - 1;
  // A blank line (or a bare `>`) often separates the attribution from the quote.
  if (last >= floor && splitQuote(docLines[last] as string).content.trim() === '') last--;
  for (let i = last; i >= Math.max(floor, last - LOOK_BACK + 1); i--) {
    const q = splitQuote(docLines[i] as string);
    if (q.depth !== depth || q.content.trim() === '') break;
    parts.unshift(q.content.trim());
    if (/^On\s/.test(q.content)) break;
  }
  const text = parts.join(' ');
  if (!/wrote:\s*$/.test(text)) return undefined;
  const m = WITH_TIME.exec(text) ?? WITHOUT_TIME.exec(text);
  if (!m) return { from: text.replace(/\s*wrote:\s*$/, '') };
  return { date: m[1]?.trim(), from: m[2]?.trim() };
}
