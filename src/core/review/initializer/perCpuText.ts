import type { Node } from 'web-tree-sitter';
import { withoutAttributes } from './declaredObject';

/**
 * `DEFINE_PER_CPU(vector_irq_t, vector_irq) = { [0 ... NR_VECTORS - 1] = NULL };` is beyond tree-sitter when the type
 * is a plain name (it reads `DEFINE_PER_CPU(…)[…] = NULL` and error nodes). Such a definition is read from its text:
 * the macro's last argument is the variable, and the initializer is all zero when only braces, commas, designators
 * and literal zeros remain.
 */
export interface PerCpuText {
  name: string;
  /** Offsets in the node's text: the end of the declarator (before ` =`) and the end of the initializer. */
  from: number;
  to: number;
  shown: string;
}

const zeroLiteral = /^(?:(?:0[xX]0*|0+)[uUlL]*|NULL|false|'\\0+')$/;

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Braces, commas, `.field =`, `[a] =`, `[a ... b] =` and literal zeros only. */
export function isZeroListText(value: string): boolean {
  const bare = value.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\[[^[\]=]*\]\s*=/g, ' ').replace(/\.\s*\w+\s*=/g, ' ');
  const tokens = bare.split(/[\s{},]+/).filter((token) => token !== '');
  return /^\s*\{/.test(bare) && tokens.every((token) => zeroLiteral.test(token)) || (tokens.length === 1 && zeroLiteral.test(tokens[0]!) && !/[{}]/.test(bare));
}

export function perCpuFromText(node: Node): PerCpuText | undefined {
  const text = node.text;
  const head = /^\s*(?:static\s+)?DEFINE_PER_CPU\w*\s*\(/.exec(text);
  if (!head) return undefined;
  const close = closingParen(text, head[0].length - 1);
  const end = text.trimEnd();
  if (close < 0 || !end.endsWith(';')) return undefined;
  const args = text.slice(head[0].length, close).split(',');
  const name = /^\s*(\w+)/.exec(args.at(-1) ?? '')?.[1];
  if (!name || args.length < 2 || /\[\s*\]/.test(args.at(-1) ?? '')) return undefined;
  const equals = text.indexOf('=', close);
  if (equals < 0 || withoutAttributes(text.slice(close + 1, equals)).trim() !== '') return undefined;
  const value = text.slice(equals + 1, end.length - 1).trim();
  if (!isZeroListText(value)) return undefined;
  let from = equals;
  while (from > close + 1 && /\s/.test(text[from - 1]!)) from--;
  const to = text.indexOf(value, equals) + value.length;
  return { name, from, to, shown: `= ${value}` };
}

/** Unit position of an offset into `node.text`. */
export function positionIn(node: Node, offset: number): { line: number; column: number } {
  const before = node.text.slice(0, offset);
  const newlines = before.split('\n');
  const line = node.startPosition.row + newlines.length - 1;
  const column = newlines.length === 1 ? node.startPosition.column + before.length : newlines.at(-1)!.length;
  return { line, column };
}
