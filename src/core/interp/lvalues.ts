/**
 * Lvalues and what makes one from a pointer: `*p`, container_of(), the function a call goes to. Plain functions of
 * values, so the evaluator's modules (expressions, macros, loop macros, kernel bindings) share them without importing
 * each other.
 */
import { decayArray, load, normalize, pointerAddress } from './access';
import { pointerTo, typeName, type CType } from './ctypes';
import { fail } from './errors';
import { resolvePath } from './memory';
import { objPtr, type Callable, type PtrValue, type Ref, type Value } from './values';

export interface Lvalue {
  ref: Ref;
  type: CType;
}

/** An lvalue read as a value: arrays decay to a pointer to their first element, without reading them. */
export function rvalueOf(lv: Lvalue): Value {
  if (lv.type.kind === 'array') {
    const d = decayArray(lv.ref, lv.type);
    resolvePath(lv.ref.obj, lv.ref.path); // the object must still be alive and in bounds
    return objPtr(d.ref, d.t);
  }
  return load(lv.ref);
}

/** `*p`: the object p points at, after checking that p points at a live object. */
export function derefLvalue(p: Value): Lvalue {
  if (p.k !== 'ptr') return fail('invalid-pointer', `dereferencing a ${p.k === 'int' ? 'integer' : p.k}`);
  switch (p.target.kind) {
    case 'null':
      return fail('null-dereference', `NULL pointer dereference (${typeName(p.t)})`);
    case 'addr':
      return fail('invalid-pointer', `dereference of 0x${p.target.addr.toString(16)}, ${p.target.why ?? 'which points at no object (an ERR_PTR or a poisoned pointer?)'}`);
    case 'fn':
      return fail('invalid-pointer', 'a function pointer used as a data pointer');
    case 'obj': {
      const ref = normalize(p.target.ref, p.t.to);
      const { type } = resolvePath(ref.obj, ref.path);
      if (ref.past !== 0) fail('out-of-bounds', `dereference one past the end of ${ref.obj.describe()}`);
      return { ref, type };
    }
  }
}

export function functionOf(v: Value): Callable {
  if (v.k === 'fn') return v.fn;
  if (v.k === 'ptr' && v.target.kind === 'fn') return v.target.fn;
  if (v.k === 'ptr' && v.target.kind === 'null') return fail('null-dereference', 'call through a NULL function pointer');
  return fail('invalid-pointer', `calling something that is not a function (${v.k})`);
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
