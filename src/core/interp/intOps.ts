/**
 * C integer semantics on bigint: promotions, the usual arithmetic conversions, unsigned wraparound,
 * and signed overflow / division by zero / bad shifts reported as undefined behaviour.
 */
import { asIntType, T, type BoolType, type IntType } from './ctypes';
import { fail } from './errors';

export function minOf(t: IntType): bigint {
  return t.signed ? -(1n << BigInt(t.bits - 1)) : 0n;
}

export function maxOf(t: IntType): bigint {
  return t.signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
}

/** Conversion to an integer type: modulo 2^N for unsigned; GCC's documented modulo for signed (impl.-defined, not UB). */
export function convertInt(v: bigint, to: IntType | BoolType): bigint {
  if (to.kind === 'bool') return v !== 0n ? 1n : 0n;
  return to.signed ? BigInt.asIntN(to.bits, v) : BigInt.asUintN(to.bits, v);
}

export function fits(v: bigint, t: IntType): boolean {
  return v >= minOf(t) && v <= maxOf(t);
}

/** Integer promotion: every type of rank below int becomes int (int holds all their values). */
export function promote(t: IntType | BoolType): IntType {
  const it = asIntType(t);
  return it.rank < T.int.rank ? T.int : it;
}

function unsignedOf(t: IntType): IntType {
  switch (t.rank) {
    case 1: return T.uchar;
    case 2: return T.ushort;
    case 3: return T.uint;
    case 4: return T.ulong;
    default: return T.ullong;
  }
}

/** The usual arithmetic conversions (C11 6.3.1.8) on already promoted operands. */
export function commonType(a: IntType | BoolType, b: IntType | BoolType): IntType {
  const x = promote(a);
  const y = promote(b);
  if (x.signed === y.signed) return x.rank >= y.rank ? x : y;
  const [u, s] = x.signed ? [y, x] : [x, y];
  if (u.rank >= s.rank) return u;
  if (s.bits > u.bits) return s;
  return unsignedOf(s);
}

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^';

/** Arithmetic in type `t` (already the common type, or the promoted left type for shifts). */
export function arith(op: ArithOp, a: bigint, b: bigint, t: IntType, rightType: IntType = t): bigint {
  const exact = exactResult(op, a, b, t, rightType);
  if (t.signed && !fits(exact, t)) {
    fail('signed-overflow', `${t.name} overflow: ${a} ${op} ${b} = ${exact} does not fit in ${t.name}`);
  }
  return convertInt(exact, t);
}

function exactResult(op: ArithOp, a: bigint, b: bigint, t: IntType, rightType: IntType): bigint {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
    case '%':
      if (b === 0n) fail('division-by-zero', `${op === '/' ? 'division' : 'remainder'} by zero`);
      return op === '/' ? a / b : a % b; // bigint division truncates toward zero, as C does
    case '<<':
    case '>>':
      return shift(op, a, b, t, rightType);
    case '&': return convertInt(a & b, t);
    case '|': return convertInt(a | b, t);
    case '^': return convertInt(a ^ b, t);
  }
}

function shift(op: '<<' | '>>', a: bigint, b: bigint, t: IntType, rightType: IntType): bigint {
  if (b < 0n || b >= BigInt(t.bits)) {
    fail('invalid-shift', `shift count ${rightType.signed ? b : b} is negative or not below the width of ${t.name} (${t.bits})`);
  }
  if (op === '>>') return a >> b; // arithmetic shift for negative signed values, as GCC does
  if (t.signed && a < 0n) fail('invalid-shift', `left shift of the negative value ${a}`);
  return a << b;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export function compare(op: CompareOp, a: bigint, b: bigint): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

/** Type of an integer constant from its spelling (C11 6.4.4.1): the first type of the list that holds the value. */
export function literalType(text: string): { value: bigint; type: IntType } {
  const match = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text.replace(/'/g, ''));
  if (!match) fail('unsupported', `integer literal "${text}" is not understood`);
  const digits = match[1] as string;
  const suffix = (match[2] as string).toLowerCase();
  const value = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  const decimal = /^[1-9]/.test(digits) || digits === '0';
  const unsigned = suffix.includes('u');
  const longs = (suffix.match(/l/g) ?? []).length;
  const candidates: IntType[] = [];
  const ranks = [T.int, T.long, T.llong].slice(longs === 0 ? 0 : longs === 1 ? 1 : 2);
  for (const s of ranks) {
    if (!unsigned) candidates.push(s);
    if (unsigned || !decimal) candidates.push(unsignedOf(s));
  }
  const type = candidates.find((c) => fits(value, c));
  if (!type) fail('unsupported', `integer literal ${text} does not fit in any integer type`);
  return { value, type };
}
