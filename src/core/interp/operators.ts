/** C's binary and unary operators on interpreter values, integers and pointers alike. */
import { convert, pointerAdd, pointerAddress, pointerDiff, pointerOrder, truthy } from './access';
import { sizeOf, T, typeName, type PointerType } from './ctypes';
import { fail } from './errors';
import { arith, commonType, compare, convertInt, promote, type ArithOp, type CompareOp } from './intOps';
import { intValue, sameRef, type IntValue, type PtrValue, type Value } from './values';

const comparisons = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function binary(op: string, a: Value, b: Value): Value {
  if (a.k === 'fn') a = convert(a, { kind: 'ptr', to: a.t }) as PtrValue;
  if (b.k === 'fn') b = convert(b, { kind: 'ptr', to: b.t }) as PtrValue;
  if (a.k === 'ptr' || b.k === 'ptr') return pointerBinary(op, a, b);
  if (a.k !== 'int' || b.k !== 'int') fail('unsupported', `operator ${op} on a ${a.k} and a ${b.k}`);
  if (comparisons.has(op)) {
    const t = commonType(a.t, b.t);
    return bool(compare(op as CompareOp, convertInt(a.v, t), convertInt(b.v, t)));
  }
  if (op === '<<' || op === '>>') {
    const t = promote(a.t);
    return { k: 'int', t, v: arith(op, convertInt(a.v, t), b.v, t, promote(b.t)) };
  }
  const t = commonType(a.t, b.t);
  return { k: 'int', t, v: arith(op as ArithOp, convertInt(a.v, t), convertInt(b.v, t), t) };
}

function bool(b: boolean): IntValue {
  return intValue(b ? 1 : 0, T.int);
}

function pointerBinary(op: string, a: Value, b: Value): Value {
  if (comparisons.has(op)) return pointerCompare(op as CompareOp, a, b);
  if (op === '+' && a.k === 'int' && b.k === 'ptr') return offset(b, a.v);
  if ((op === '+' || op === '-') && a.k === 'ptr' && b.k === 'int') return offset(a, op === '-' ? -b.v : b.v);
  if (op === '-' && a.k === 'ptr' && b.k === 'ptr') {
    if (a.target.kind === 'obj' && b.target.kind === 'obj') return intValue(pointerDiff(a.target.ref, b.target.ref), T.long);
    const size = BigInt(Math.max(1, sizeOf(a.t.to)));
    return intValue((BigInt.asIntN(64, pointerAddress(a)) - BigInt.asIntN(64, pointerAddress(b))) / size, T.long);
  }
  return fail('unsupported', `operator ${op} on pointers (${typeName(a.k === 'ptr' ? a.t : T.int)})`);
}

function offset(p: PtrValue, n: bigint): PtrValue {
  const t = p.t;
  switch (p.target.kind) {
    case 'obj':
      return { k: 'ptr', t, target: { kind: 'obj', ref: pointerAdd(p.target.ref, Number(n), t.to) } };
    case 'null':
      if (n === 0n) return p;
      return fail('null-dereference', `arithmetic on a NULL ${typeName(t)}`);
    case 'addr':
      return { k: 'ptr', t, target: { kind: 'addr', addr: BigInt.asUintN(64, p.target.addr + n * BigInt(Math.max(1, sizeOf(t.to)))) } };
    case 'fn':
      return fail('invalid-pointer', 'arithmetic on a function pointer');
  }
}

function asPointer(v: Value, like: PointerType): PtrValue {
  if (v.k === 'ptr') return v;
  if (v.k === 'int') return convert(v, like) as PtrValue;
  return fail('unsupported', `comparing a ${v.k} with a pointer`);
}

function pointerCompare(op: CompareOp, a: Value, b: Value): IntValue {
  const like = (a.k === 'ptr' ? a.t : (b as PtrValue).t);
  const p = asPointer(a, like);
  const q = asPointer(b, like);
  if (op === '==' || op === '!=') return bool(samePointer(p, q) === (op === '=='));
  if (p.target.kind === 'obj' && q.target.kind === 'obj') {
    const [x, y] = pointerOrder(p.target.ref, q.target.ref);
    return bool(compare(op, BigInt(x), BigInt(y)));
  }
  return bool(compare(op, pointerAddress(p), pointerAddress(q)));
}

export function samePointer(p: PtrValue, q: PtrValue): boolean {
  const a = p.target;
  const b = q.target;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'null') return true;
  if (a.kind === 'obj' && b.kind === 'obj') return sameRef(a.ref, b.ref);
  if (a.kind === 'fn' && b.kind === 'fn') return a.fn === b.fn || a.fn.name === b.fn.name;
  if (a.kind === 'addr' && b.kind === 'addr') return a.addr === b.addr;
  return false;
}

export function unary(op: string, v: Value): Value {
  if (op === '!') return bool(!truthy(v));
  if (v.k !== 'int') fail('unsupported', `unary ${op} on a ${v.k}`);
  const t = promote(v.t);
  const x = convertInt(v.v, t);
  switch (op) {
    case '-':
      return { k: 'int', t, v: arith('-', 0n, x, t) };
    case '+':
      return { k: 'int', t, v: x };
    case '~':
      return { k: 'int', t, v: convertInt(~x, t) };
    default:
      return fail('unsupported', `unary operator ${op}`);
  }
}
