/**
 * Kernel macros that look at their arguments' names or types (container_of, ARRAY_SIZE, static_call,
 * WRITE_ONCE, min/max…), evaluated as special forms rather than as function calls.
 */
import type { Node } from 'web-tree-sitter';
import { field } from './syntax';
import { convert, load, store, truthy } from './access';
import { T, typeName, type CType } from './ctypes';
import { CRuntimeError, fail } from './errors';
import type { Exec, Interpreter } from './interpreter';
import { commonType } from './intOps';
import { containerOf, derefLvalue, functionOf, type Lvalue } from './lvalues';
import { binary } from './operators';
import { staticType } from './staticType';
import { intValue, VOID, type Value } from './values';

export interface Macro {
  value(it: Interpreter, args: Node[], node: Node): Exec<Value>;
  lvalue?(it: Interpreter, args: Node[], node: Node): Exec<Lvalue>;
}

function arg(args: Node[], i: number, macro: string): Node {
  const a = args[i];
  if (!a) fail('unsupported', `${macro}() needs at least ${i + 1} arguments`);
  return a;
}

/** The type a `(TYPE *)0` argument carries (preprocessing wraps type arguments that way). */
function typeArgument(it: Interpreter, node: Node): CType {
  if (node.type !== 'cast_expression') fail('unsupported', `expected a type argument, got "${node.text}"`);
  const t = it.program.types.typeDescriptor(field(node, 'type') as Node);
  return t.kind === 'ptr' ? t.to : t;
}

function memberPath(node: Node): string[] {
  return node.text.split('.').map((s) => s.trim());
}

function* containerOfMacro(it: Interpreter, args: Node[], through?: 'next' | 'prev'): Exec<Value> {
  let p = yield* it.expression(arg(args, 0, 'container_of'));
  if (through) {
    const head = derefLvalue(p);
    p = load({ ...head.ref, path: [...head.ref.path, through] });
  }
  return containerOf(p, typeArgument(it, arg(args, 1, 'container_of')), memberPath(arg(args, 2, 'container_of')));
}

function* minMax(it: Interpreter, args: Node[], pick: '<' | '>', type?: CType): Exec<Value> {
  let a = yield* it.expression(arg(args, 0, 'min'));
  let b = yield* it.expression(arg(args, 1, 'min'));
  if (type) {
    a = convert(a, type);
    b = convert(b, type);
  } else if (a.k === 'int' && b.k === 'int') {
    const t = commonType(a.t, b.t);
    a = convert(a, t);
    b = convert(b, t);
  }
  return truthy(binary(pick, a, b)) ? a : b;
}

function staticCallKey(it: Interpreter, nameNode: Node): Lvalue {
  const found = it.lookup(`__SCK__${nameNode.text}`);
  if (!found || !('obj' in found)) {
    throw new CRuntimeError('unknown-function', `static call ${nameNode.text} is not defined by the patch or the kernel model`, it.location(nameNode), `static_call(${nameNode.text})`);
  }
  return { ref: { obj: found.obj, path: ['func'], past: 0 }, type: { kind: 'ptr', to: T.void } };
}

function* warnOn(it: Interpreter, args: Node[], node: Node, fatal: boolean): Exec<Value> {
  const cond = truthy(yield* it.expression(arg(args, 0, 'WARN_ON')));
  if (cond) {
    const loc = it.location(node);
    if (fatal) throw new CRuntimeError('kernel', `BUG_ON(${args[0]?.text}) triggered`, loc);
    it.emitLog('warn', `WARNING: ${loc.path}:${loc.line + 1}: ${node.text}`, loc);
  }
  return intValue(cond ? 1 : 0, T.bool);
}

function* exchange(it: Interpreter, args: Node[], compare: boolean): Exec<Value> {
  const target = derefLvalue(yield* it.expression(arg(args, 0, 'xchg')));
  const old = load(target.ref);
  const expected = compare ? yield* it.expression(arg(args, 1, 'cmpxchg')) : undefined;
  const next = yield* it.expression(arg(args, compare ? 2 : 1, 'xchg'));
  if (!expected || truthy(binary('==', old, expected))) store(target.ref, convert(next, target.type));
  return old;
}

/** A macro whose value needs no evaluation (constants, compile-time checks). */
// eslint-disable-next-line require-yield
function* immediate(value: () => Value): Exec<Value> {
  return value();
}

const passThrough: Macro = { value: (it, args) => it.expression(arg(args, 0, 'macro')), lvalue: (it, args) => it.lvalue(arg(args, 0, 'macro')) };

export const macros: Record<string, Macro> = {
  container_of: { value: (it, args) => containerOfMacro(it, args) },
  list_entry: { value: (it, args) => containerOfMacro(it, args) },
  list_first_entry: { value: (it, args) => containerOfMacro(it, args, 'next') },
  list_last_entry: { value: (it, args) => containerOfMacro(it, args, 'prev') },
  list_first_entry_or_null: {
    *value(it, args) {
      const head = derefLvalue(yield* it.expression(arg(args, 0, 'list_first_entry_or_null')));
      const next = load({ ...head.ref, path: [...head.ref.path, 'next'] });
      if (next.k === 'ptr' && next.target.kind === 'obj' && next.target.ref.obj === head.ref.obj && next.target.ref.path.join('.') === head.ref.path.join('.')) {
        return convert(intValue(0), { kind: 'ptr', to: typeArgument(it, arg(args, 1, 'list_first_entry_or_null')) });
      }
      return yield* containerOfMacro(it, args, 'next');
    },
  },
  list_next_entry: {
    *value(it, args) {
      const posNode = arg(args, 0, 'list_next_entry');
      const posType = staticType(it, posNode);
      if (posType.kind !== 'ptr') fail('unsupported', `list_next_entry() of a ${typeName(posType)}`);
      const entry = derefLvalue(yield* it.expression(posNode));
      const member = memberPath(arg(args, 1, 'list_next_entry'));
      const next = load({ ...entry.ref, path: [...entry.ref.path, ...member, 'next'] });
      return containerOf(next, posType.to, member);
    },
  },
  ARRAY_SIZE: {
    value: (it, args) => immediate(() => {
      const t = staticType(it, arg(args, 0, 'ARRAY_SIZE'));
      if (t.kind !== 'array' || t.length === undefined) fail('unsupported', `ARRAY_SIZE() of a ${typeName(t)}, not an array`);
      return intValue(t.length, T.ulong);
    }),
  },
  min: { value: (it, args) => minMax(it, args, '<') },
  max: { value: (it, args) => minMax(it, args, '>') },
  min_t: { value: (it, args) => minMax(it, args.slice(1), '<', typeArgument(it, arg(args, 0, 'min_t'))) },
  max_t: { value: (it, args) => minMax(it, args.slice(1), '>', typeArgument(it, arg(args, 0, 'max_t'))) },
  READ_ONCE: passThrough,
  likely: passThrough,
  unlikely: passThrough,
  smp_load_acquire: { value: function* (it, args) { return rvalue(derefLvalue(yield* it.expression(arg(args, 0, 'smp_load_acquire')))); } },
  WRITE_ONCE: {
    *value(it, args) {
      const lv = yield* it.lvalue(arg(args, 0, 'WRITE_ONCE'));
      store(lv.ref, convert(yield* it.expression(arg(args, 1, 'WRITE_ONCE')), lv.type));
      return VOID;
    },
  },
  WARN_ON: { value: (it, args, node) => warnOn(it, args, node, false) },
  WARN_ON_ONCE: { value: (it, args, node) => warnOn(it, args, node, false) },
  BUG_ON: { value: (it, args, node) => warnOn(it, args, node, true) },
  BUILD_BUG_ON: { value: () => immediate(() => VOID) },
  IS_ENABLED: { value: () => immediate(() => intValue(1)) },
  xchg: { value: (it, args) => exchange(it, args, false) },
  cmpxchg: { value: (it, args) => exchange(it, args, true) },
  static_call: { value: (it, args) => immediate(() => load(staticCallKey(it, arg(args, 0, 'static_call')).ref)) },
  static_call_query: { value: (it, args) => immediate(() => load(staticCallKey(it, arg(args, 0, 'static_call_query')).ref)) },
  static_call_update: {
    *value(it, args) {
      const key = staticCallKey(it, arg(args, 0, 'static_call_update'));
      const target = yield* it.expression(arg(args, 1, 'static_call_update'));
      functionOf(target);
      store(key.ref, convert(target, key.type));
      it.hooks.staticCallUpdated?.(arg(args, 0, 'static_call_update').text, functionOf(target));
      return VOID;
    },
  },
};

function rvalue(lv: Lvalue): Value {
  return load(lv.ref);
}
