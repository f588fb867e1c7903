/** Values and objects as short text for the stepper's locals view (never HTML: the panel inserts it as text). */
import { typeName, type CType } from './ctypes';
import type { MemObject, Store } from './memory';
import type { Ref, Value } from './values';

const MAX_ITEMS = 8;

export function renderRef(ref: Ref): string {
  const path = ref.path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
  return `&${ref.obj.name}${path}${ref.past ? ' + 1' : ''}${ref.obj.alive ? '' : ' (freed)'}`;
}

export function renderValue(v: Value | undefined): string {
  if (!v) return '<uninitialized>';
  switch (v.k) {
    case 'int':
      return v.t.kind === 'bool' ? (v.v ? 'true' : 'false') : v.v.toString();
    case 'ptr':
      switch (v.target.kind) {
        case 'null': return 'NULL';
        case 'fn': return v.target.fn.name;
        case 'addr': return `0x${v.target.addr.toString(16)}`;
        case 'obj': return renderRef(v.target.ref);
      }
      break;
    case 'fn':
      return v.fn.name;
    case 'agg':
      return renderStore(v.store, v.t, 0);
    case 'void':
      return 'void';
  }
  return '?';
}

function isChar(t: CType): boolean {
  return t.kind === 'int' && t.bits === 8;
}

export function renderStore(store: Store | undefined, type: CType | undefined, depth: number): string {
  if (!store || !type) return '<untyped>';
  if (store.kind === 'scalar') return renderValue(store.value);
  if (depth > 2) return '{…}';
  if (store.kind === 'array' && type.kind === 'array') {
    if (isChar(type.of)) return renderChars(store);
    const items = store.items.slice(0, MAX_ITEMS).map((s) => renderStore(s, type.of, depth + 1));
    return `{${items.join(', ')}${store.items.length > MAX_ITEMS ? ', …' : ''}}`;
  }
  if (store.kind === 'struct' && type.kind === 'struct') {
    const parts = (type.fields ?? []).map((f) => `.${f.name} = ${renderStore(store.fields.get(f.name), f.type, depth + 1)}`);
    return `{${parts.join(', ')}}`;
  }
  return typeName(type);
}

function renderChars(store: Extract<Store, { kind: 'array' }>): string {
  let text = '';
  for (const item of store.items) {
    if (item.kind !== 'scalar' || !item.value || item.value.k !== 'int') return text ? JSON.stringify(text) + '…' : '<uninitialized>';
    if (item.value.v === 0n) return JSON.stringify(text);
    text += String.fromCharCode(Number(item.value.v));
  }
  return JSON.stringify(text) + ' (no NUL)';
}

export function renderObject(obj: MemObject): string {
  if (!obj.alive) return '<dead>';
  return renderStore(obj.store, obj.type, 0);
}

