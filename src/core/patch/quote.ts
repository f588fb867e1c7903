/** A document line split into its e-mail quote markers and the quoted text. */
export interface QuotedLine {
  /** Number of `>` markers (`> `, `>>`, `> >` all count the same way). */
  depth: number;
  /** Characters in front of `content` on the document line. */
  prefixLength: number;
  content: string;
}

const GT = 62;
const SPACE = 32;

/**
 * Reads the quote markers at the start of `line`. Mail clients write `> `, `>>`, `> >` or a bare `>` for an
 * empty quoted line. `eatSpace` says whether the single space after the last marker belongs to the quote
 * (`> +foo`) or to the quoted text (a client that quotes with a bare `>` turns the context line ` foo`
 * into `> foo`).
 */
export function splitQuote(line: string, eatSpace = true): QuotedLine {
  let i = 0;
  let depth = 0;
  while (i < line.length) {
    const code = line.charCodeAt(i);
    if (code === GT) {
      depth++;
      i++;
    } else if (depth > 0 && code === SPACE && line.charCodeAt(i + 1) === GT) {
      i++;
    } else {
      break;
    }
  }
  if (depth > 0 && eatSpace && line.charCodeAt(i) === SPACE) i++;
  return { depth, prefixLength: i, content: i === 0 ? line : line.slice(i) };
}

/** True when the quote markers of `line` are followed by a space: the quoting style of a quoted patch. */
export function quoteUsesSpace(line: string): boolean {
  const bare = splitQuote(line, false);
  return bare.depth > 0 && line.charCodeAt(bare.prefixLength) === SPACE;
}
