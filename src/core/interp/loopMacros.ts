/**
 * The kernel's list iteration macros (`list_for_each_entry`, `_safe`, `list_for_each`), which preprocessing
 * turned into `for (list_for_each_entry(pos, head, member);;) body`. They walk `struct list_head` links
 * through the memory model, so a corrupted or freed list is caught like any other bad access.
 */
import type { Node } from 'web-tree-sitter';
import { argumentNodes, field } from './syntax';
import { load, store } from './access';
import { typeName, type CType } from './ctypes';
import { fail } from './errors';
import { containerOf, derefLvalue } from './lvalues';
import type { Exec, Interpreter } from './interpreter';
import { samePointer } from './operators';
import type { Completion } from './statements';
import type { PtrValue, Value } from './values';

const iterators = new Set(['list_for_each_entry', 'list_for_each_entry_safe', 'list_for_each', 'list_for_each_safe']);

/** The iteration a `for` header stands for, or undefined for an ordinary `for`. */
export function loopMacro(it: Interpreter, node: Node): Exec<Completion> | undefined {
  const init = field(node, 'initializer');
  const call = init?.type === 'call_expression' ? init : init?.namedChildren[0]?.type === 'call_expression' ? init.namedChildren[0] : null;
  const name = (call ? field(call, 'function') : null)?.text ?? '';
  if (!call || field(node, 'condition') || !name.startsWith('list_for_each')) return undefined;
  if (!iterators.has(name)) fail('unsupported', `${name}() is not modelled (list_for_each_entry, _safe and list_for_each are)`);
  return listLoop(it, node, name, argumentNodes(call));
}

function* listLoop(it: Interpreter, node: Node, name: string, args: Node[]): Exec<Completion> {
  const entries = name.includes('entry');
  const safe = name.endsWith('_safe');
  const [posNode, nextNode] = args;
  const headNode = args[safe ? 2 : 1];
  const member = entries ? args[safe ? 3 : 2]?.text ?? '' : '';
  if (!posNode || !headNode || (safe && !nextNode)) fail('unsupported', `${name}() with too few arguments`);
  const pos = yield* it.lvalue(posNode);
  const spare = safe ? yield* it.lvalue(nextNode as Node) : undefined;
  const head = (yield* it.expression(headNode)) as PtrValue;
  let cursor = nextOf(head);
  const body = field(node, 'body') as Node;
  for (;;) {
    const loc = it.location(node);
    it.current = loc;
    yield { kind: 'step', loc, node };
    if (samePointer(cursor, head)) return { kind: 'normal' };
    store(pos.ref, entries ? containerOf(cursor, pointee(pos.type), member.split('.')) : cursor);
    let following: PtrValue | undefined;
    if (spare) {
      following = nextOf(cursor);
      store(spare.ref, entries && !samePointer(following, head) ? containerOf(following, pointee(spare.type), member.split('.')) : following);
    }
    const r = yield* it.statement(body);
    if (r.kind === 'break') return { kind: 'normal' };
    if (r.kind === 'return' || r.kind === 'goto') return r;
    cursor = following ?? (entries ? memberNext(load(pos.ref), member) : nextOf(load(pos.ref) as PtrValue));
  }
}

function pointee(t: CType): CType {
  if (t.kind !== 'ptr') fail('unsupported', `list iteration cursor of type ${typeName(t)} is not a pointer`);
  return t.to;
}

/** `p->next` for a `struct list_head *p`. */
function nextOf(p: PtrValue): PtrValue {
  const lv = derefLvalue(p);
  return load({ ...lv.ref, path: [...lv.ref.path, 'next'] }) as PtrValue;
}

function memberNext(entry: Value, member: string): PtrValue {
  const lv = derefLvalue(entry);
  return load({ ...lv.ref, path: [...lv.ref.path, ...member.split('.'), 'next'] }) as PtrValue;
}
