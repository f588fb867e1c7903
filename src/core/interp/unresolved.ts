/** Calls to functions that neither the patch nor the kernel model provides, found before anything runs. */
import type { Node } from 'web-tree-sitter';
import { formatLocation, type CLocation } from './errors';
import type { Interpreter } from './interpreter';
import { macros } from './macros';

export interface UnresolvedCall {
  name: string;
  loc: CLocation;
  /** `mm/migrate_offc.c:17`, 1-based. */
  at: string;
  /** The function of the patch whose body makes the call. */
  caller: string;
}

function declaredNames(fn: Node): Set<string> {
  const names = new Set<string>();
  for (const d of fn.descendantsOfType(['identifier'])) {
    const parent = d?.parent;
    if (d && parent && /declarator$/.test(parent.type)) names.add(d.text);
  }
  return names;
}

export function unresolvedCalls(it: Interpreter): UnresolvedCall[] {
  const out: UnresolvedCall[] = [];
  for (const fn of it.program.functions.values()) {
    const definition = fn.body.parent ?? fn.body;
    const locals = declaredNames(definition);
    for (const call of fn.body.descendantsOfType('call_expression')) {
      const callee = call?.childForFieldName('function');
      if (!call || callee?.type !== 'identifier') continue;
      const name = callee.text;
      if (macros[name] || locals.has(name) || it.program.functions.has(name) || it.natives.has(name) || it.globals.has(name)) continue;
      if (/^list_for_each/.test(name) || it.program.types.defines.has(name)) continue;
      const loc = it.program.location(call, fn.unitIndex);
      out.push({ name, loc, at: formatLocation(loc), caller: fn.name });
    }
  }
  return out;
}
