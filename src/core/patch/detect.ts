/** Content sniffing: is a document binary, and does a document without a diff read as C? */

/** Enough of the document to judge; a 20 MB file is not scanned whole. */
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_LINES = 2000;

/** NUL, or more than 1% control characters other than tab, LF, CR, FF and ESC, in the sample. */
export function looksBinary(text: string): boolean {
  const end = Math.min(text.length, SAMPLE_CHARS);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0 || code === 0xfffd) return true;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12 && code !== 27) control++;
  }
  return control > end / 100;
}

const DIRECTIVE = /^\s*#\s*(?:include|define|undef|ifn?def|if|elif|else|endif|pragma|error|warning)\b/;
const STATEMENT_END = /[;{}]\s*(?:\/\/.*|\/\*.*\*\/\s*)?$/;
const COMMENT = /^\s*(?:\/\*|\*|\/\/)/;
const DECLARATION = /^\s*(?:static|extern|const|struct|union|enum|typedef|void|int|unsigned|signed|char|long|short|bool|u8|u16|u32|u64|s32|s64|size_t|return|if|else|for|while|do|switch|case|default|break|continue|goto|EXPORT_SYMBOL\w*|DEFINE_\w+|MODULE_\w+)\b/;
const LABEL = /^[A-Za-z_]\w*:\s*$/;
const TRAILING_COMMENT = /\s*(?:\/\*.*\*\/|\/\/.*)\s*$/;
/** A row of an initializer table: literals and names separated by commas, ending with one. */
const DATA_ROW = /^\s*(?:[-+~]?(?:0[xX][0-9a-fA-F]+|\d+|'.'|[A-Z_][A-Z0-9_]*)[uUlL]*\s*,\s*)+$/;

/**
 * Most non-blank lines are preprocessor lines, comments, statements, braces or declarations, and at least
 * one is a directive or ends a statement. Prose (an e-mail without a patch) fails the ratio.
 */
export function looksLikeC(lines: readonly string[]): boolean {
  let nonBlank = 0;
  let cLike = 0;
  let strong = 0;
  let inComment = false;
  for (let i = 0; i < lines.length && nonBlank < SAMPLE_LINES; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    nonBlank++;
    if (inComment) {
      cLike++;
      // Code inside an unterminated comment still says the file is C.
      if (!/^\s*\*/.test(line) && (DIRECTIVE.test(line) || STATEMENT_END.test(line))) strong++;
      if (line.includes('*/')) inComment = false;
      continue;
    }
    if (COMMENT.test(line)) {
      cLike++;
      if (line.includes('/*') && !line.includes('*/')) inComment = true;
      continue;
    }
    const directive = DIRECTIVE.test(line);
    const statement = STATEMENT_END.test(line);
    if (directive || statement) strong++;
    // Table rows carry their meaning in a trailing comment (`0x05, 0x01,  /* Usage Page */`): judge the code before it.
    const code = line.replace(TRAILING_COMMENT, '');
    if (directive || statement || DECLARATION.test(code) || LABEL.test(code) || /^\s+\S.*[,(&|+\-*/=]\s*$/.test(code) || DATA_ROW.test(code)) cLike++;
  }
  return nonBlank > 0 && strong > 0 && cLike / nonBlank >= 0.6;
}
