/**
 * Splits an opened document into the lines every docLine refers to. A CR before LF is dropped so that
 * columns count what an editor shows; a lone CR is kept as text (editors that treat it as a break are rare
 * for patches, and keeping it preserves the mapping identity).
 */
export function splitDocumentLines(text: string): { lines: string[]; crlf: number } {
  const lines = text.split('\n');
  let crlf = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith('\r')) {
      lines[i] = line.slice(0, -1);
      crlf++;
    }
  }
  return { lines, crlf };
}
