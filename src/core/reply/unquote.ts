import { splitQuote } from '../patch/quote';

export function quoteDepthOf(line: string): number {
  return splitQuote(line, false).depth;
}

/**
 * Removes exactly `levels` quote markers, keeping deeper ones: `> > x` and `>> x` at one level give `> x`.
 * `eatSpace` drops the one space after the last removed marker (the `> ` style); a client that quotes with a
 * bare `>` keeps the diff's leading space in the text.
 */
export function stripQuoteLevels(line: string, levels: number, eatSpace: boolean): string {
  let i = 0;
  for (let level = 0; level < levels; level++) {
    if (level > 0 && line.charAt(i) === ' ' && line.charAt(i + 1) === '>') i++;
    if (line.charAt(i) !== '>') return line.slice(i);
    i++;
  }
  if (levels > 0 && eatSpace && line.charAt(i) === ' ') i++;
  return line.slice(i);
}

/**
 * Decides whether a quoted patch was quoted as `> ` (the space belongs to the quote) or as a bare `>`: with `> `
 * nearly every non-empty quoted line has a space after its markers; with `>` only the context lines do.
 */
export function quoteStyleEatsSpace(lines: string[], depth: number): boolean {
  let spaced = 0;
  let bare = 0;
  for (const line of lines) {
    if (quoteDepthOf(line) !== depth) continue;
    const rest = stripQuoteLevels(line, depth, false);
    if (rest === '') continue;
    if (rest.startsWith(' ')) spaced++;
    else bare++;
  }
  return spaced >= bare;
}
