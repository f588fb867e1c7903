/**
 * Wraps prose at `width` columns, as mail readers expect. A paragraph's lines are joined and refilled; lines
 * that are code or structure (indented, a list item, a trailer such as `Reviewed-by:`) keep their own line,
 * and a word longer than the width (a URL) stands alone rather than being broken.
 */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(...fill(paragraph.join(' '), width));
    paragraph = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line === '') {
      flush();
      out.push('');
    } else if (isVerbatim(line)) {
      flush();
      out.push(line);
    } else if (isListItem(line)) {
      flush();
      paragraph.push(line);
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return out;
}

function isVerbatim(line: string): boolean {
  return /^[\t ]/.test(line) || /^[A-Z][A-Za-z-]*-by: /.test(line) || /^(Fixes|Link|Closes|Cc): /.test(line);
}

function isListItem(line: string): boolean {
  return /^([-*] |\d+[.)] )/.test(line);
}

function fill(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
