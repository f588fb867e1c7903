/**
 * Line-preserving rewrites of kernel macros that tree-sitter cannot parse as C (a loop macro followed by its
 * body, `DEFINE_MUTEX(x);` at file scope, a type as a macro argument). The rewritten text keeps every line
 * where it was, so locations still map through SourceUnit.lines.
 */

/** Macros that take a type argument, with its position; the argument becomes `(TYPE *)0`, which parses. */
const typeArgumentMacros: Record<string, number> = {
  container_of: 1, list_entry: 1, list_first_entry: 1, list_last_entry: 1, list_first_entry_or_null: 1,
  list_next_entry: -1, min_t: 0, max_t: 0, clamp_t: 0,
};

/** Annotations that carry no semantics for the interpreter; blanked to spaces so columns stay put. */
const annotations = /\b(__maybe_unused|__always_unused|__init|__exit|__initdata|__read_mostly|__rcu|__iomem|__user|__force|__must_check|__always_inline|noinline|__cold|__percpu|__ro_after_init)\b/g;

export function preprocessKernelC(text: string): string {
  let out = text.replace(annotations, (m) => ' '.repeat(m.length));
  out = rewriteCalls(out, /\b(list_for_each_entry\w*|list_for_each\w*)\s*\(/g, (name, args) => `for (${name}(${args});;)`);
  out = rewriteCalls(out, /\b(container_of|list_entry|list_first_entry|list_last_entry|list_first_entry_or_null|min_t|max_t|clamp_t)\s*\(/g,
    (name, args) => `${name}(${wrapTypeArgument(args, typeArgumentMacros[name] ?? -1)})`);
  out = out.replace(/\bDEFINE_MUTEX\s*\(\s*(\w+)\s*\)/g, 'struct mutex $1');
  out = out.replace(/\bDEFINE_(?:STATIC_)?SRCU\s*\(\s*(\w+)\s*\)/g, 'struct srcu_struct $1');
  out = out.replace(/\bDEFINE_SPINLOCK\s*\(\s*(\w+)\s*\)/g, 'spinlock_t $1');
  out = out.replace(/\bLIST_HEAD\s*\(\s*(\w+)\s*\)/g, 'struct list_head $1 = { &$1, &$1 }');
  out = out.replace(/\bDEFINE_STATIC_CALL\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)/g, 'struct static_call_key __SCK__$1 = { .func = $2 }');
  out = out.replace(/\bATOMIC(?:64)?_INIT\s*\(/g, (m) => '{' + ' '.repeat(m.length - 2) + '(');
  return closeAtomicInit(out);
}

/** `ATOMIC_INIT(v)` became `{      (v)`; its closing parenthesis turns into `}` so the result is `{ (v) }`. */
function closeAtomicInit(text: string): string {
  let out = '';
  let index = 0;
  const opener = /\{ +\(/g;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(text, open);
    if (close < 0) break;
    out += text.slice(index, close) + ')}';
    index = close + 1;
    opener.lastIndex = close + 1;
  }
  return out + text.slice(index);
}

function rewriteCalls(text: string, pattern: RegExp, replace: (name: string, args: string) => string): string {
  let out = '';
  let index = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(text, open);
    if (close < 0) break;
    out += text.slice(index, m.index) + replace(m[1] as string, text.slice(open + 1, close));
    index = close + 1;
    pattern.lastIndex = close + 1;
  }
  return out + text.slice(index);
}

/** Index of the `)` matching the `(` at `open`, skipping strings and character constants; -1 if unbalanced. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits an argument list at its top-level commas. */
export function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(args.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(args.slice(start));
  return parts;
}

function wrapTypeArgument(args: string, position: number): string {
  if (position < 0) return args;
  const parts = splitArguments(args);
  const arg = parts[position];
  if (arg === undefined || /^\s*\(.*\*\s*\)\s*0\s*$/s.test(arg)) return args;
  const lead = /^\s*/.exec(arg)?.[0] ?? '';
  const trail = /\s*$/.exec(arg)?.[0] ?? '';
  parts[position] = `${lead}(${arg.trim()} *)0${trail}`;
  return parts.join(',');
}
