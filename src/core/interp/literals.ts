/** C string and character literal spellings to their values. */
import type { Node } from 'web-tree-sitter';

const simpleEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

/** Decodes the body of a literal (between the quotes). */
export function unescapeC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i] ?? '';
    if (next === 'x') {
      const hex = /^[0-9a-fA-F]+/.exec(body.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(parseInt(hex || '0', 16) & 0xff);
      i += hex.length;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))?.[0] ?? '0';
      out += String.fromCharCode(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else {
      out += simpleEscapes[next] ?? next;
    }
  }
  return out;
}

/** The text of a string literal or of adjacent literals (`"a" "b"`), escapes decoded. */
export function parseStringLiteral(node: Node): string {
  if (node.type === 'concatenated_string') {
    return node.namedChildren.filter((c): c is Node => c !== null && c.type === 'string_literal').map(parseStringLiteral).join('');
  }
  const text = node.text;
  const start = text.indexOf('"');
  return unescapeC(text.slice(start + 1, text.lastIndexOf('"')));
}

export function parseCharLiteral(text: string): number {
  const body = text.slice(text.indexOf("'") + 1, text.lastIndexOf("'"));
  return unescapeC(body).charCodeAt(0) || 0;
}
