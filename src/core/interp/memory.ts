/**
 * Memory as typed objects. Each object holds a tree of stores (struct members, array elements, scalars);
 * a pointer is an object plus a path into that tree, so NULL, freed, out-of-range and uninitialized
 * accesses are all visible instead of silently reading neighbouring bytes.
 */
import { arrayOf, sizeOf, typeName, type CType } from './ctypes';
import { fail, type CLocation } from './errors';
import type { PathStep, Ref, Value } from './values';

export interface ScalarStore {
  kind: 'scalar';
  /** Undefined until written: reading it is an uninitialized read. */
  value: Value | undefined;
}

export interface StructStore {
  kind: 'struct';
  fields: Map<string, Store>;
}

export interface ArrayStore {
  kind: 'array';
  items: Store[];
}

export type Store = ScalarStore | StructStore | ArrayStore;

export type Storage = 'global' | 'static' | 'local' | 'heap' | 'literal' | 'kernel';

let nextId = 1;

export class MemObject {
  readonly id = nextId++;
  alive = true;
  freedAt: CLocation | undefined;
  /** A model object this one stands for (a folio, a DMA channel): bindings keep their own state here. */
  host: unknown;

  constructor(
    readonly name: string,
    /** Undefined for heap memory not yet accessed: its type is set by the first typed access (C's effective type). */
    public type: CType | undefined,
    public store: Store | undefined,
    readonly storage: Storage,
    readonly bytes: number,
    /** kzalloc'd heap memory takes zeroes once it is typed. */
    readonly zeroed = false,
    readonly readonly = false,
  ) {}

  describe(): string {
    return `${this.storage === 'heap' ? 'heap object' : this.storage === 'literal' ? 'string literal' : 'object'} "${this.name}"`;
  }
}

/** A fresh store for `type`; `zero` makes every scalar 0 (static storage, kzalloc), else uninitialized. */
export function makeStore(type: CType, zero: boolean, zeroValue: (t: CType) => Value): Store {
  switch (type.kind) {
    case 'struct': {
      const fields = new Map<string, Store>();
      if (!type.fields) fail('unsupported', `${typeName(type)} has no definition in the patch or the kernel prelude`);
      for (const f of type.fields) fields.set(f.name, makeStore(f.type, zero, zeroValue));
      return { kind: 'struct', fields };
    }
    case 'array': {
      const items: Store[] = [];
      for (let i = 0; i < (type.length ?? 0); i++) items.push(makeStore(type.of, zero, zeroValue));
      return { kind: 'array', items };
    }
    default:
      return { kind: 'scalar', value: zero ? zeroValue(type) : undefined };
  }
}

export function cloneStore(store: Store): Store {
  switch (store.kind) {
    case 'scalar':
      return { kind: 'scalar', value: store.value };
    case 'struct':
      return { kind: 'struct', fields: new Map([...store.fields].map(([k, v]) => [k, cloneStore(v)])) };
    case 'array':
      return { kind: 'array', items: store.items.map(cloneStore) };
  }
}

/** Types a heap object on its first access through a `T *`: as T, or as an array of T when it holds several. */
export function settleHeapType(obj: MemObject, accessType: CType, zeroValue: (t: CType) => Value): void {
  if (obj.type) return;
  const size = Math.max(1, sizeOf(accessType));
  const count = Math.floor(obj.bytes / size);
  if (count < 1) {
    fail('out-of-bounds', `${obj.describe()} has ${obj.bytes} bytes, too small for a ${typeName(accessType)} (${size} bytes)`);
  }
  obj.type = count === 1 ? accessType : arrayOf(accessType, count);
  obj.store = makeStore(obj.type, obj.zeroed, zeroValue);
}

export function checkAlive(obj: MemObject): void {
  if (!obj.alive) {
    const where = obj.freedAt ? ` (freed at ${obj.freedAt.path}:${obj.freedAt.line + 1})` : '';
    fail('use-after-free', `access to ${obj.describe()} after it was freed${where}`);
  }
}

/** The type and store a path names, checking bounds on each array step. */
export function resolvePath(obj: MemObject, path: PathStep[]): { type: CType; store: Store } {
  checkAlive(obj);
  if (!obj.type || !obj.store) fail('uninitialized-read', `${obj.describe()} is used before it has a type`);
  let type: CType = obj.type;
  let store: Store = obj.store;
  for (const step of path) {
    if (typeof step === 'number') {
      if (type.kind !== 'array' || store.kind !== 'array') fail('invalid-pointer', `indexing into a ${typeName(type)}`);
      if (step < 0 || step >= store.items.length) {
        fail('out-of-bounds', `index ${step} is outside ${obj.describe()}'s ${typeName(type)} (valid 0..${store.items.length - 1})`);
      }
      type = type.of;
      store = store.items[step] as Store;
    } else {
      if (type.kind !== 'struct' || store.kind !== 'struct') fail('invalid-pointer', `member "${step}" of a ${typeName(type)}`);
      const field = type.fields?.find((f) => f.name === step);
      const next = store.fields.get(step);
      if (!field || !next) fail('invalid-pointer', `${typeName(type)} has no member named "${step}"`);
      type = field.type;
      store = next;
    }
  }
  return { type, store };
}

/** The object a ref designates, refusing the one-past-the-end position. */
export function resolveRef(ref: Ref): { type: CType; store: Store } {
  if (ref.past !== 0) fail('out-of-bounds', `dereference one past the end of ${ref.obj.describe()}`);
  return resolvePath(ref.obj, ref.path);
}

