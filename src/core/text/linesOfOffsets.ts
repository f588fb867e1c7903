/**
 * The line of each offset (ascending offsets), with VS Code's line breaks (CRLF, LF, a lone CR), in one forward
 * pass: no split of the text and no line table. A 700 KB file with a few dozen offsets costs one native search per
 * line break before the last offset.
 */
export function linesOfOffsets(text: string, offsets: readonly number[]): number[] {
  const breaks = lineBreaks(text);
  const lines: number[] = [];
  let line = 0;
  let previous = 0;
  for (const offset of offsets) {
    if (offset < previous) throw new RangeError('offsets must ascend');
    previous = offset;
    while (breaks.endAt() <= offset) {
      line++;
      breaks.advance();
    }
    lines.push(line);
  }
  return lines;
}

/** The line breaks of `text` in order, found as they are asked for; `endAt()` is Infinity past the last. */
function lineBreaks(text: string) {
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  let end = Infinity;
  const find = () => {
    const at = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
    end = at === -1 ? Infinity : at + (at === cr && lf === cr + 1 ? 2 : 1);
  };
  find();
  return {
    endAt: () => end,
    advance() {
      if (lf !== -1 && lf < end) lf = text.indexOf('\n', end);
      if (cr !== -1 && cr < end) cr = text.indexOf('\r', end);
      find();
    },
  };
}
