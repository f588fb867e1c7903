/** NUL-terminated strings in the memory model: read and written byte by byte, so overruns are caught. */
import { convert, load, pointerAdd, store } from './access';
import { T } from './ctypes';
import { fail } from './errors';
import { derefLvalue } from './lvalues';
import { intValue, type PtrValue, type Value } from './values';

function asCharPointer(p: Value): PtrValue {
  if (p.k !== 'ptr') fail('invalid-pointer', `a ${p.k} used as a string`);
  return convert(p, { kind: 'ptr', to: T.char }) as PtrValue;
}

/** Bytes from `p` up to (not including) the NUL, at most `max`; reading past the object is out of bounds. */
export function readBytes(p: Value, max = Number.POSITIVE_INFINITY): number[] {
  let cursor = asCharPointer(p);
  const bytes: number[] = [];
  while (bytes.length < max) {
    const lv = derefLvalue(cursor);
    const b = load(lv.ref, T.char);
    if (b.k !== 'int') fail('invalid-pointer', 'a string byte that is not a char');
    if (b.v === 0n) break;
    bytes.push(Number(BigInt.asUintN(8, b.v)));
    if (cursor.target.kind !== 'obj') break;
    cursor = { ...cursor, target: { kind: 'obj', ref: pointerAdd(lv.ref, 1, T.char) } };
  }
  return bytes;
}

export function readCString(p: Value, max?: number): string {
  return new TextDecoder().decode(new Uint8Array(readBytes(p, max)));
}

/** Writes `bytes` then a NUL at `p`. */
export function writeBytes(p: Value, bytes: number[]): void {
  let cursor = asCharPointer(p);
  for (const [i, b] of [...bytes, 0].entries()) {
    const lv = derefLvalue(cursor);
    store(lv.ref, intValue(b, T.char));
    if (i === bytes.length || cursor.target.kind !== 'obj') break;
    cursor = { ...cursor, target: { kind: 'obj', ref: pointerAdd(lv.ref, 1, T.char) } };
  }
}
