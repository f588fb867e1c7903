/** atomic_t / atomic64_t operations on the `counter` member (one CPU runs at a time in the model). */
import { convert, load, store } from '../access';
import { T, type CType, type IntType } from '../ctypes';
import { fail } from '../errors';
import { derefLvalue } from '../lvalues';

import { intValue, type NativeCall, type NativeFunction, type Value } from '../values';
import type { Lvalue } from '../lvalues';
import { arg, native } from './context';

function counter(p: Value): Lvalue {
  const v = derefLvalue(p);
  if (v.type.kind !== 'struct' || !v.type.fields?.some((f) => f.name === 'counter')) fail('invalid-pointer', 'atomic operation on something that is not an atomic_t');
  const t = v.type.fields.find((f) => f.name === 'counter')?.type ?? T.int;
  return { ref: { ...v.ref, path: [...v.ref.path, 'counter'] }, type: t };
}

function read(c: Lvalue): bigint {
  const v = load(c.ref);
  return v.k === 'int' ? v.v : 0n;
}

function write(c: Lvalue, v: bigint): void {
  store(c.ref, convert(intValue(v, T.llong), c.type));
}

/** The kernel builds with -fno-strict-overflow: atomic arithmetic wraps instead of being undefined. */
function wrapAdd(c: Lvalue, delta: bigint): bigint {
  const t = c.type as IntType;
  const next = BigInt.asIntN(t.bits, read(c) + delta);
  write(c, next);
  return next;
}

function numberArg(call: NativeCall, i: number): bigint {
  const v = arg(call, i);
  return v.k === 'int' ? v.v : fail('kernel', 'atomic operand is not an integer');
}

export function atomicBindings(): NativeFunction[] {
  const out: NativeFunction[] = [];
  for (const prefix of ['atomic', 'atomic64', 'atomic_long']) {
    const t = prefix === 'atomic' ? T.int : T.llong;
    const def = (op: string, impl: (call: NativeCall, c: Lvalue) => Value, ret: CType = t) => out.push(native(`${prefix}_${op}`, (call) => impl(call, counter(arg(call, 0))), ret));
    def('read', (_call, c) => intValue(read(c), t));
    def('set', (call, c) => (write(c, numberArg(call, 1)), intValue(0)), T.void);
    def('inc', (_call, c) => (wrapAdd(c, 1n), intValue(0)), T.void);
    def('dec', (_call, c) => (wrapAdd(c, -1n), intValue(0)), T.void);
    def('add', (call, c) => (wrapAdd(c, numberArg(call, 1)), intValue(0)), T.void);
    def('sub', (call, c) => (wrapAdd(c, -numberArg(call, 1)), intValue(0)), T.void);
    def('inc_return', (_call, c) => intValue(wrapAdd(c, 1n), t));
    def('dec_return', (_call, c) => intValue(wrapAdd(c, -1n), t));
    def('add_return', (call, c) => intValue(wrapAdd(c, numberArg(call, 1)), t));
    def('dec_and_test', (_call, c) => intValue(wrapAdd(c, -1n) === 0n ? 1 : 0, T.bool), T.bool);
    def('inc_not_zero', (_call, c) => (read(c) === 0n ? intValue(0, T.bool) : (wrapAdd(c, 1n), intValue(1, T.bool))), T.bool);
    def('xchg', (call, c) => {
      const old = read(c);
      write(c, numberArg(call, 1));
      return intValue(old, t);
    });
    def('cmpxchg', (call, c) => {
      const old = read(c);
      if (old === BigInt.asIntN(t.bits, numberArg(call, 1))) write(c, numberArg(call, 2));
      return intValue(old, t);
    });
    // atomic_try_cmpxchg(v, &old, new): on failure the current value is written back through `old`.
    def('try_cmpxchg', (call, c) => {
      const expected = derefLvalue(arg(call, 1));
      const want = load(expected.ref);
      const now = read(c);
      if (want.k === 'int' && BigInt.asIntN(t.bits, want.v) === now) {
        write(c, numberArg(call, 2));
        return intValue(1, T.bool);
      }
      store(expected.ref, convert(intValue(now, t), expected.type));
      return intValue(0, T.bool);
    }, T.bool);
  }
  return out;
}

