/** Strings, kmalloc/kfree and ERR_PTR helpers, all through the memory model so misuse is caught. */
import { convert, load, newStore, normalize, pointerAddress, refTo, store } from '../access';
import { pointerTo, sizeOf, T, typeName } from '../ctypes';
import { readBytes, writeBytes } from '../cstring';
import { fail } from '../errors';
import { derefLvalue } from '../lvalues';
import { MemObject, resolvePath } from '../memory';
import { intValue, objPtr, type NativeCall, type NativeFunction, type Value } from '../values';
import { arg, native } from './context';

const E2BIG = 7;
const MAX_ERRNO = 4095n;

function n(call: NativeCall, i: number): number {
  const v = arg(call, i);
  return v.k === 'int' ? Number(v.v) : fail('kernel', `argument ${i + 1} is not an integer`);
}

function alloc(call: NativeCall, bytes: number, zeroed: boolean): Value {
  if (bytes <= 0) return { k: 'ptr', t: pointerTo(T.void), target: { kind: 'addr', addr: 16n } }; // ZERO_SIZE_PTR
  const obj = new MemObject(`kmalloc(${bytes})@${call.loc ? call.loc.line + 1 : '?'}`, undefined, undefined, 'heap', bytes, zeroed);
  return objPtr(refTo(obj), pointerTo(T.void));
}

function kfree(call: NativeCall): Value {
  const p = arg(call, 0);
  if (p.k !== 'ptr' || p.target.kind === 'null') return { k: 'void' };
  if (p.target.kind !== 'obj') fail('invalid-pointer', 'kfree() of a pointer that kmalloc() did not return');
  const obj = p.target.ref.obj;
  if (obj.storage !== 'heap') fail('invalid-pointer', `kfree() of ${obj.describe()}, which is not heap memory`);
  if (!obj.alive) fail('use-after-free', `double kfree() of ${obj.describe()}`);
  if (p.target.ref.path.some((s) => s !== 0)) fail('invalid-pointer', `kfree() of a pointer into the middle of ${obj.describe()}`);
  obj.alive = false;
  obj.freedAt = call.loc;
  return { k: 'void' };
}

function strscpy(call: NativeCall): Value {
  const count = n(call, 2);
  if (count <= 0) return intValue(-E2BIG, T.long);
  const src = readBytes(arg(call, 1), count);
  const truncated = src.length >= count;
  const bytes = truncated ? src.slice(0, count - 1) : src;
  writeBytes(arg(call, 0), bytes);
  return intValue(truncated ? -E2BIG : bytes.length, T.long);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** memcpy/memset on typed memory: whole objects of one type, or bytes of char arrays. */
function memcpy(call: NativeCall): Value {
  const size = n(call, 2);
  const dst = arg(call, 0);
  if (size === 0) return dst;
  const d = derefLvalue(dst);
  const s = derefLvalue(arg(call, 1));
  if (d.type.kind === 'int' && d.type.bits === 8) {
    writeBytes(dst, readRaw(arg(call, 1), size).slice(0, size));
    return dst;
  }
  if (sizeOf(d.type) !== size || typeName(d.type) !== typeName(s.type)) {
    fail('unsupported', `memcpy() of ${size} bytes from a ${typeName(s.type)} to a ${typeName(d.type)} is not modelled (typed memory)`);
  }
  store(d.ref, load(s.ref));
  return dst;
}

function readRaw(p: Value, size: number): number[] {
  const out: number[] = [];
  const lv = derefLvalue(p);
  const parent = resolvePath(lv.ref.obj, lv.ref.path.slice(0, -1));
  const start = Number(lv.ref.path.at(-1) ?? 0);
  if (parent.store.kind !== 'array' || start + size > parent.store.items.length) fail('out-of-bounds', `reading ${size} bytes past the end of ${lv.ref.obj.describe()}`);
  for (let i = 0; i < size; i++) {
    const v = load({ ...lv.ref, path: [...lv.ref.path.slice(0, -1), start + i] });
    out.push(v.k === 'int' ? Number(BigInt.asUintN(8, v.v)) : 0);
  }
  return out;
}

function memset(call: NativeCall): Value {
  const dst = arg(call, 0);
  const size = n(call, 2);
  const byte = n(call, 1) & 0xff;
  if (size === 0) return dst;
  const d = derefLvalue(dst);
  if (d.type.kind === 'int' && d.type.bits === 8) {
    const lv = normalize(d.ref, T.char);
    const start = Number(lv.path.at(-1) ?? 0);
    for (let i = 0; i < size; i++) store({ ...lv, path: [...lv.path.slice(0, -1), start + i] }, intValue(byte, T.char));
    return dst;
  }
  if (byte !== 0 || size !== sizeOf(d.type)) fail('unsupported', `memset() of ${size} bytes with ${byte} on a ${typeName(d.type)} is not modelled`);
  store(d.ref, { k: 'agg', t: d.type as never, store: newStore(d.type, true) });
  return dst;
}

function isErr(v: Value): boolean {
  const a = BigInt.asIntN(64, pointerAddress(v));
  return a < 0n && a >= -MAX_ERRNO;
}

export function memoryBindings(): NativeFunction[] {
  const voidPtr = pointerTo(T.void);
  return [
    native('strscpy', strscpy, T.long),
    native('strlen', (call) => intValue(readBytes(arg(call, 0)).length, T.ulong), T.ulong),
    native('strnlen', (call) => intValue(readBytes(arg(call, 0), n(call, 1)).length, T.ulong), T.ulong),
    native('strcmp', (call) => intValue(compare(readBytes(arg(call, 0)), readBytes(arg(call, 1))))),
    native('strncmp', (call) => intValue(compare(readBytes(arg(call, 0), n(call, 2)), readBytes(arg(call, 1), n(call, 2))))),
    native('sysfs_streq', (call) => intValue(compare(readBytes(arg(call, 0)), readBytes(arg(call, 1))) === 0 ? 1 : 0, T.bool), T.bool),
    native('memcpy', memcpy, voidPtr),
    native('memset', memset, voidPtr),
    native('kmalloc', (call) => alloc(call, n(call, 0), false), voidPtr),
    native('kzalloc', (call) => alloc(call, n(call, 0), true), voidPtr),
    native('kvzalloc', (call) => alloc(call, n(call, 0), true), voidPtr),
    native('kmalloc_array', (call) => alloc(call, n(call, 0) * n(call, 1), false), voidPtr),
    native('kcalloc', (call) => alloc(call, n(call, 0) * n(call, 1), true), voidPtr),
    native('kfree', kfree, T.void),
    native('kvfree', kfree, T.void),
    native('ERR_PTR', (call) => convert(convert(arg(call, 0), T.long), voidPtr), voidPtr),
    native('ERR_CAST', (call) => convert(arg(call, 0), voidPtr), voidPtr),
    native('PTR_ERR', (call) => intValue(BigInt.asIntN(64, pointerAddress(arg(call, 0))), T.long), T.long),
    native('IS_ERR', (call) => intValue(isErr(arg(call, 0)) ? 1 : 0, T.bool), T.bool),
    native('IS_ERR_OR_NULL', (call) => {
      const v = arg(call, 0);
      return intValue(isErr(v) || (v.k === 'ptr' && v.target.kind === 'null') ? 1 : 0, T.bool);
    }, T.bool),
    native('PTR_ERR_OR_ZERO', (call) => intValue(isErr(arg(call, 0)) ? BigInt.asIntN(64, pointerAddress(arg(call, 0))) : 0n), T.int),
  ];
}
