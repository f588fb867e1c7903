/** struct list_head operations and the folio helpers, on the memory model (LIST_POISON after list_del). */
import { load, store } from '../access';
import { T } from '../ctypes';
import { fail } from '../errors';
import { derefLvalue } from '../lvalues';
import { samePointer } from '../operators';
import { intValue, VOID, type NativeCall, type NativeFunction, type PtrValue, type Value } from '../values';
import { arg, native } from './context';

const POISON1 = 0xdead000000000100n;
const POISON2 = 0xdead000000000122n;

function get(p: Value, field: string): PtrValue {
  const lv = derefLvalue(p);
  return load({ ...lv.ref, path: [...lv.ref.path, field] }) as PtrValue;
}

function set(p: Value, field: string, v: Value): void {
  const lv = derefLvalue(p);
  store({ ...lv.ref, path: [...lv.ref.path, field] }, v);
}

function insert(entry: Value, prev: Value, next: Value): void {
  set(next, 'prev', entry);
  set(entry, 'next', next);
  set(entry, 'prev', prev);
  set(prev, 'next', entry);
}

function unlink(entry: Value): void {
  const prev = get(entry, 'prev');
  const next = get(entry, 'next');
  set(next, 'prev', prev);
  set(prev, 'next', next);
}

function poison(entry: Value, addr: bigint): PtrValue {
  const p = entry as PtrValue;
  return { k: 'ptr', t: p.t, target: { kind: 'addr', addr } };
}

function count(head: Value): number {
  let n = 0;
  for (let cur = get(head, 'next'); !samePointer(cur, head as PtrValue); cur = get(cur, 'next')) {
    if (++n > 10_000_000) fail('kernel', 'list does not return to its head (corrupted list)');
  }
  return n;
}

/** folio_nr_pages() from the folio's `_nr_pages` member (the model fills it when it hands folios over). */
function nrPages(call: NativeCall): bigint {
  const lv = derefLvalue(arg(call, 0));
  const v = load({ ...lv.ref, path: [...lv.ref.path, '_nr_pages'] });
  return v.k === 'int' ? v.v : 1n;
}

export function listBindings(): NativeFunction[] {
  return [
    native('INIT_LIST_HEAD', (call) => {
      set(arg(call, 0), 'next', arg(call, 0));
      set(arg(call, 0), 'prev', arg(call, 0));
      return VOID;
    }, T.void),
    native('list_add', (call) => (insert(arg(call, 0), arg(call, 1), get(arg(call, 1), 'next')), VOID), T.void),
    native('list_add_tail', (call) => (insert(arg(call, 0), get(arg(call, 1), 'prev'), arg(call, 1)), VOID), T.void),
    native('list_del', (call) => {
      const e = arg(call, 0);
      unlink(e);
      set(e, 'next', poison(e, POISON1));
      set(e, 'prev', poison(e, POISON2));
      return VOID;
    }, T.void),
    native('list_del_init', (call) => {
      const e = arg(call, 0);
      unlink(e);
      set(e, 'next', e);
      set(e, 'prev', e);
      return VOID;
    }, T.void),
    native('list_move_tail', (call) => {
      const e = arg(call, 0);
      unlink(e);
      insert(e, get(arg(call, 1), 'prev'), arg(call, 1));
      return VOID;
    }, T.void),
    native('list_empty', (call) => intValue(samePointer(get(arg(call, 0), 'next'), arg(call, 0) as PtrValue) ? 1 : 0), T.int),
    native('list_is_singular', (call) => {
      const head = arg(call, 0) as PtrValue;
      const next = get(head, 'next');
      return intValue(!samePointer(next, head) && samePointer(next, get(head, 'prev')) ? 1 : 0);
    }),
    native('list_count_nodes', (call) => intValue(count(arg(call, 0)), T.ulong), T.ulong),
    native('folio_nr_pages', (call) => intValue(nrPages(call), T.long), T.long),
    native('folio_size', (call) => intValue(nrPages(call) * 4096n, T.ulong), T.ulong),
    native('folio_order', (call) => intValue(BigInt(Math.log2(Number(nrPages(call)))), T.uint), T.uint),
  ];
}
