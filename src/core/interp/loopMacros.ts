/**
 * The kernel's list iteration macros (`list_for_each_entry`, `_safe`, `list_for_each`), which preprocessing
 * turned into `for (list_for_each_entry(pos, head, member);;) body`. They walk `struct list_head` links
 * through the memory model, so a corrupted or freed list is caught like any other bad access.
 */
import type { Node } from 'web-tree-sitter';
import { field } from './syntax';
import { load, pointerAddress, store } from './access';
import { pointerTo, typeName, type CType } from './ctypes';
import { fail } from './errors';
import { argumentNodes, derefLvalue, evalExpr, evalLvalue } from './expressions';
import type { Exec, Interpreter } from './interpreter';
import { resolvePath } from './memory';
import { samePointer } from './operators';
import { execStatement, type Completion } from './statements';
import { objPtr, type PtrValue, type Value } from './values';

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
  const pos = yield* evalLvalue(it, posNode);
  const spare = safe ? yield* evalLvalue(it, nextNode as Node) : undefined;
  const head = (yield* evalExpr(it, headNode)) as PtrValue;
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
    const r = yield* execStatement(it, body);
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

/** container_of(): the enclosing `type` of a pointer to its `member`; refuses a pointer that is not one. */
export function containerOf(p: Value, type: CType, member: string[]): PtrValue {
  const lv = derefLvalue(p);
  const path = lv.ref.path;
  const tail = path.slice(path.length - member.length);
  if (member.some((m, i) => tail[i] !== m)) {
    // Computing it is fine in C (list_next_entry() past the last entry does); using it is not.
    const where = lv.ref.obj.name + path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
    const why = `the result of container_of() on ${where}, which is not the member ${member.join('.')} of a ${typeName(type)}`;
    return { k: 'ptr', t: pointerTo(type), target: { kind: 'addr', addr: pointerAddress(p) - 8n, why } };
  }
  const outer = { ...lv.ref, path: path.slice(0, path.length - member.length) };
  const found = resolvePath(outer.obj, outer.path).type;
  if (found.kind !== type.kind || (type.kind === 'struct' && found.kind === 'struct' && found.tag !== type.tag)) {
    fail('invalid-pointer', `container_of(): the member belongs to a ${typeName(found)}, not a ${typeName(type)}`);
  }
  return objPtr(outer, pointerTo(type));
}
