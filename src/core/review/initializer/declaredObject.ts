import type { Node } from 'web-tree-sitter';

/**
 * What redundant-initializer needs to know about the object an initializer belongs to. Kernel declarations carry
 * attributes (`__read_mostly`, `__initdata`, `__aligned(8)`) and per-CPU macros that tree-sitter, which does not
 * expand macros, parses into odd shapes: the name and the array shape are therefore read from the declaration's text.
 */
export interface DeclaredObject {
  /** The variable's name (never an attribute). */
  name: string;
  /** File scope or `static`: C zero-fills the whole object. */
  staticStorage: boolean;
  /** `T a[] = { … }`: the initializer decides the length, so no element may go. */
  unsizedArray: boolean;
  /** The object itself is const (`T *const p`, `const int n`): an initializer-less const is a trap, never suggested. */
  constObject: boolean;
  /** Defined with `DEFINE_PER_CPU*()`. */
  perCpu: boolean;
  /** Where the text ` = value` starts (the end of the declarator), in unit coordinates. */
  equalsFrom: { row: number; column: number };
  value: Node;
}

const attributeWithArguments = /\b__\w+\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)/g;
/** The kernel's attribute words without arguments; other `__names` may be the variable itself (`__empty_callchain`). */
const attributeWord = new RegExp('\\b(?:____\\w+|__(?:read_mostly|ro_after_init|lsm_ro_after_init|init\\w*|exit\\w*|ref\\w*|percpu|maybe_unused|used'
  + '|unused|always_unused|weak|visible|iomem|user|rcu|force|packed|cacheline\\w*|page_aligned\\w*|nosave\\w*|meminit\\w*|cpuinit\\w*'
  + '|devinit\\w*|bss\\w*|tracepoint_string|data_racy|private|noinit\\w*|kprobes|latent_entropy|randomize_layout|designated_init'
  + '|aligned_largest|may_alias|noreturn|read_mostly_\\w*|jiffy_arch_data|nocfi|noclone|no_kasan\\w*))\\b', 'g');
const comments = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const notNames = new Set(['const', 'volatile', 'static', 'extern', 'struct', 'union', 'enum', 'unsigned', 'signed', 'int', 'char',
  'short', 'long', 'void', 'bool', 'float', 'double', 'register', 'inline', 'restrict', 'typeof']);

/** The declarator text with comments and `__attribute__`-like words removed. */
export function withoutAttributes(text: string): string {
  return text.replace(comments, ' ').replace(attributeWithArguments, ' ').replace(attributeWord, ' ');
}

function balancedArguments(text: string, open: number): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) {
        parts.push(text.slice(start, i));
        return parts;
      }
    } else if (ch === ',' && depth === 1) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return undefined;
}

export interface DeclaratorShape {
  name: string;
  unsizedArray: boolean;
  constObject: boolean;
  perCpu: boolean;
  staticKeyword: boolean;
  /** `extern` or `typedef`: no object is defined here. */
  notDefinition: boolean;
}

/**
 * Reads the declared name and shape from the text before `=` of one declarator (`static const struct x *tbl[] __initdata`,
 * `DEFINE_PER_CPU(int, counts[NR]) __aligned(8)`, `void (*hook)(int)`, `int a = 1, b`).
 */
export function declaratorShape(before: string): DeclaratorShape | undefined {
  const text = withoutAttributes(before);
  const lastComma = topLevelComma(text);
  const own = lastComma >= 0 ? text.slice(lastComma + 1) : text;
  const staticKeyword = /\bstatic\b/.test(text);
  const notDefinition = /\b(extern|typedef)\b/.test(text);
  const perCpu = /\bDEFINE_PER_CPU\w*\s*\(/.exec(text);
  if (perCpu) {
    const args = balancedArguments(text, perCpu.index + perCpu[0].length - 1);
    const last = args?.at(-1)?.trim();
    const name = last ? /^(\w+)/.exec(last)?.[1] : undefined;
    if (!name || args!.length < 2) return undefined;
    return { name, unsizedArray: /\[\s*\]/.test(last!), constObject: /\bconst\s*$/.test(args![0]!.trim()) || !args![0]!.includes('*') && /\bconst\b/.test(args![0]!),
      perCpu: true, staticKeyword, notDefinition };
  }
  const pointerToFunction = /\(\s*\*+\s*(?:const\s+)?(\w+)\s*\)/.exec(own);
  const flat = own.replace(/\[[^\]]*\]/g, (group) => (/^\[\s*\]$/.test(group) ? '[]' : '[N]'));
  let name = pointerToFunction?.[1];
  if (!name) {
    // The word after `struct`/`union`/`enum` is a tag, not the variable.
    const bare = flat.replace(/\[N\]|\[\]/g, ' ').replace(/\b(?:struct|union|enum)\s+\w+/g, ' ');
    const words = [...bare.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((w) => !notNames.has(w));
    name = words.at(-1);
  }
  if (!name) return undefined;
  const after = flat.slice(flat.lastIndexOf(name) + name.length);
  const beforeName = flat.slice(0, flat.lastIndexOf(name));
  const star = beforeName.lastIndexOf('*');
  const constObject = star >= 0 ? /\bconst\b/.test(beforeName.slice(star)) : /\bconst\b/.test(beforeName);
  return { name, unsizedArray: /^\s*\[\]/.test(after), constObject, perCpu: false, staticKeyword, notDefinition };
}

/** The last comma outside brackets and braces: `int a = {1, 2}, b` → the one before `b`. */
function topLevelComma(text: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) found = i;
  }
  return found;
}
