/** Loads, stores, conversions and pointer arithmetic over the typed memory model. */
import { pointerTo, sameType, structLayout, sizeOf, typeName, type CType, type PointerType } from './ctypes';
import { fail } from './errors';
import { convertInt } from './intOps';
import { cloneStore, makeStore, resolvePath, resolveRef, settleHeapType, type MemObject } from './memory';
import { intValue, nullPtr, type PathStep, type Ref, type Value } from './values';

export function zeroValue(t: CType): Value {
  if (t.kind === 'ptr') return nullPtr(t);
  if (t.kind === 'int' || t.kind === 'bool') return intValue(0, t);
  if (t.kind === 'struct' || t.kind === 'array') return { k: 'agg', t, store: makeStore(t, true, zeroValue) };
  return fail('unsupported', `a zero value of ${typeName(t)}`);
}

export function newStore(t: CType, zero: boolean) {
  return makeStore(t, zero, zeroValue);
}

/**
 * Points `ref` at what a `T *` designates: heap memory takes its type now, and a pointer to an array or
 * struct used as a pointer to its first element or member steps into it, as C's conversions allow.
 */
export function normalize(ref: Ref, pointee: CType): Ref {
  if (pointee.kind === 'void') return ref;
  if (!ref.obj.type) settleHeapType(ref.obj, pointee, zeroValue);
  if (isOnePast(ref)) return ref;
  let path = ref.path;
  for (let depth = 0; depth < 8 && ref.past === 0; depth++) {
    const { type } = resolvePath(ref.obj, path);
    if (sameType(type, pointee) || isCharLike(pointee)) break;
    if (type.kind === 'array') path = [...path, 0];
    else if (type.kind === 'struct' && type.fields?.[0]) path = [...path, type.fields[0].name];
    else break;
  }
  return path === ref.path ? ref : { ...ref, path };
}

/** A pointer just past an array's last element: valid to hold and compare, not to look into. */
function isOnePast(ref: Ref): boolean {
  const last = ref.path[ref.path.length - 1];
  if (typeof last !== 'number') return false;
  const parent = resolvePath(ref.obj, ref.path.slice(0, -1)).store;
  return parent.kind === 'array' && last === parent.items.length;
}

function isCharLike(t: CType): boolean {
  return t.kind === 'int' && t.bits === 8;
}

export function load(ref: Ref, as?: CType): Value {
  const { type, store } = resolveRef(as ? normalize(ref, as) : ref);
  if (store.kind !== 'scalar') return { k: 'agg', t: type as Extract<CType, { kind: 'struct' | 'array' }>, store: cloneStore(store) };
  if (store.value === undefined) fail('uninitialized-read', `read of uninitialized ${describeLocation(ref)}`);
  return store.value;
}

export function store(ref: Ref, value: Value): void {
  if (ref.obj.readonly) fail('invalid-pointer', `write to read-only ${ref.obj.describe()}`);
  const { type, store: target } = resolveRef(ref);
  if (target.kind === 'scalar') {
    target.value = convert(value, type);
    return;
  }
  if (value.k !== 'agg') fail('invalid-pointer', `assigning a ${value.k} to a ${typeName(type)}`);
  const copy = cloneStore(value.store);
  if (target.kind === 'struct' && copy.kind === 'struct') target.fields = copy.fields;
  else if (target.kind === 'array' && copy.kind === 'array') target.items = copy.items;
}

export function describeLocation(ref: Ref): string {
  let text = ref.obj.name;
  for (const step of ref.path) text += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return text;
}

/** Conversion as by assignment or cast to `to`. */
export function convert(v: Value, to: CType): Value {
  if (to.kind === 'void') return { k: 'void' };
  if (to.kind === 'int' || to.kind === 'bool') {
    if (v.k === 'int') return { k: 'int', t: to, v: convertInt(v.v, to) };
    if (v.k === 'ptr' || v.k === 'fn') return { k: 'int', t: to, v: convertInt(pointerAddress(v), to) };
    return fail('invalid-pointer', `converting a ${v.k === 'agg' ? typeName(v.t) : v.k} to ${typeName(to)}`);
  }
  if (to.kind === 'ptr') {
    if (v.k === 'ptr') return { ...v, t: to };
    if (v.k === 'fn') return { k: 'ptr', t: to, target: { kind: 'fn', fn: v.fn } };
    if (v.k === 'int') return v.v === 0n ? nullPtr(to) : { k: 'ptr', t: to, target: { kind: 'addr', addr: BigInt.asUintN(64, v.v) } };
    return fail('invalid-pointer', `converting a ${v.k} to ${typeName(to)}`);
  }
  if ((to.kind === 'struct' || to.kind === 'array') && v.k === 'agg') return v;
  if (to.kind === 'func' && v.k === 'fn') return v;
  return fail('unsupported', `conversion of a ${v.k} to ${typeName(to)}`);
}

export function truthy(v: Value): boolean {
  if (v.k === 'int') return v.v !== 0n;
  if (v.k === 'ptr') return v.target.kind !== 'null';
  if (v.k === 'fn') return true;
  return fail('invalid-pointer', `a ${v.k} used as a condition`);
}

const KERNEL_BASE = 0xffff888000000000n;
const FUNCTION_BASE = 0xffffffff81000000n;

/** A stable synthetic address for `%px` and pointer-to-integer casts; never used to reach memory. */
export function pointerAddress(v: Value): bigint {
  if (v.k === 'fn') return FUNCTION_BASE + BigInt(hashName(v.fn.name)) * 16n;
  if (v.k !== 'ptr') return 0n;
  switch (v.target.kind) {
    case 'null': return 0n;
    case 'addr': return v.target.addr;
    case 'fn': return FUNCTION_BASE + BigInt(hashName(v.target.fn.name)) * 16n;
    case 'obj': return KERNEL_BASE + BigInt(v.target.ref.obj.id) * 0x10000n + BigInt(byteOffset(v.target.ref));
  }
}

function hashName(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 0xfffff;
  return h;
}

export function byteOffset(ref: Ref): number {
  let offset = 0;
  let type = ref.obj.type;
  for (const step of ref.path) {
    if (!type) break;
    if (typeof step === 'number' && type.kind === 'array') {
      offset += step * sizeOf(type.of);
      type = type.of;
    } else if (typeof step === 'string' && type.kind === 'struct') {
      offset += structLayout(type).offsets.get(step) ?? 0;
      type = type.fields?.find((f) => f.name === step)?.type;
    }
  }
  return offset + (type ? ref.past * sizeOf(type) : 0);
}

/** `p + n` for a pointer into an object: moves within the enclosing array, or 0..1 past a lone object. */
export function pointerAdd(ref: Ref, n: number, pointee: CType): Ref {
  if (n === 0) return ref;
  const r = normalize(ref, pointee);
  const last = r.path[r.path.length - 1];
  if (typeof last === 'number' && r.past === 0) {
    const parent = resolvePath(r.obj, r.path.slice(0, -1));
    const length = parent.store.kind === 'array' ? parent.store.items.length : 0;
    const index = last + n;
    if (index < 0 || index > length) fail('out-of-bounds', `pointer arithmetic moves to index ${index} of ${r.obj.describe()} (length ${length})`);
    return { ...r, path: [...r.path.slice(0, -1), index] };
  }
  const past = r.past + n;
  if (past < 0 || past > 1) fail('out-of-bounds', `pointer arithmetic leaves ${r.obj.describe()} (offset ${past} elements)`);
  return { ...r, past };
}

/** `p - q` in elements; both must point into the same array. */
export function pointerDiff(a: Ref, b: Ref): number {
  if (a.obj !== b.obj) fail('invalid-pointer', `subtracting pointers into different objects (${a.obj.name}, ${b.obj.name})`);
  return indexOf(a) - indexOf(b);
}

function indexOf(r: Ref): number {
  const last = r.path[r.path.length - 1];
  return (typeof last === 'number' ? last : 0) + r.past;
}

/** An ordering key for relational comparison of pointers into one object. */
export function pointerOrder(a: Ref, b: Ref): [number, number] {
  if (a.obj !== b.obj) fail('invalid-pointer', `comparing pointers into different objects (${a.obj.name}, ${b.obj.name})`);
  return [byteOffset(a), byteOffset(b)];
}

export function refTo(obj: MemObject, path: PathStep[] = []): Ref {
  return { obj, path, past: 0 };
}

/** The pointer an array expression decays to: its first element. */
export function decayArray(ref: Ref, type: CType): { ref: Ref; t: PointerType } {
  if (type.kind !== 'array') return { ref, t: pointerTo(type) };
  return { ref: { ...ref, path: [...ref.path, 0] }, t: pointerTo(type.of) };
}

