/**
 * C types as the interpreter sees them, with the sizes of the kernel's LP64 ABI (x86-64).
 * `char` is unsigned: the kernel builds with -funsigned-char on every architecture since 6.2.
 */
import { CRuntimeError } from './errors';

export interface IntType {
  kind: 'int';
  name: string;
  bits: 8 | 16 | 32 | 64;
  signed: boolean;
  /** Conversion rank (C11 6.3.1.1): bool 0, char 1, short 2, int 3, long 4, long long 5. */
  rank: number;
}

export interface BoolType {
  kind: 'bool';
}

export interface VoidType {
  kind: 'void';
}

export interface PointerType {
  kind: 'ptr';
  to: CType;
}

export interface ArrayType {
  kind: 'array';
  of: CType;
  /** Undefined for `T x[]` until an initializer fixes it. */
  length: number | undefined;
}

export interface Field {
  name: string;
  type: CType;
}

/** Struct and union types are shared objects so a later definition completes earlier uses of the tag. */
export interface StructType {
  kind: 'struct';
  tag: string;
  union: boolean;
  fields: Field[] | undefined;
}

export interface FunctionType {
  kind: 'func';
  ret: CType;
  params: CType[] | undefined;
  variadic: boolean;
}

export type CType = IntType | BoolType | VoidType | PointerType | ArrayType | StructType | FunctionType;

function int(name: string, bits: IntType['bits'], signed: boolean, rank: number): IntType {
  return { kind: 'int', name, bits, signed, rank };
}

export const T = {
  void: { kind: 'void' } as VoidType,
  bool: { kind: 'bool' } as BoolType,
  char: int('char', 8, false, 1),
  schar: int('signed char', 8, true, 1),
  uchar: int('unsigned char', 8, false, 1),
  short: int('short', 16, true, 2),
  ushort: int('unsigned short', 16, false, 2),
  int: int('int', 32, true, 3),
  uint: int('unsigned int', 32, false, 3),
  long: int('long', 64, true, 4),
  ulong: int('unsigned long', 64, false, 4),
  llong: int('long long', 64, true, 5),
  ullong: int('unsigned long long', 64, false, 5),
};

/** Kernel typedefs of integers (include/linux/types.h, asm-generic/int-ll64.h). */
export const kernelIntTypedefs: Record<string, CType> = {
  u8: T.uchar, s8: T.schar, u16: T.ushort, s16: T.short, u32: T.uint, s32: T.int, u64: T.ullong, s64: T.llong,
  __u8: T.uchar, __s8: T.schar, __u16: T.ushort, __s16: T.short, __u32: T.uint, __s32: T.int, __u64: T.ullong, __s64: T.llong,
  uint8_t: T.uchar, int8_t: T.schar, uint16_t: T.ushort, int16_t: T.short, uint32_t: T.uint, int32_t: T.int,
  uint64_t: T.ullong, int64_t: T.llong, size_t: T.ulong, ssize_t: T.long, uintptr_t: T.ulong, ptrdiff_t: T.long,
  loff_t: T.llong, phys_addr_t: T.ullong, dma_addr_t: T.ullong, gfp_t: T.uint, pgoff_t: T.ulong, bool: T.bool, _Bool: T.bool,
};

export function pointerTo(to: CType): PointerType {
  return { kind: 'ptr', to };
}

export function arrayOf(of: CType, length: number | undefined): ArrayType {
  return { kind: 'array', of, length };
}

export function isInteger(t: CType): t is IntType | BoolType {
  return t.kind === 'int' || t.kind === 'bool';
}

/** Bool is an unsigned integer type of rank below char for the conversions. */
export function asIntType(t: IntType | BoolType): IntType {
  return t.kind === 'bool' ? int('bool', 8, false, 0) : t;
}

export function typeName(t: CType): string {
  switch (t.kind) {
    case 'int':
      return t.name;
    case 'bool':
      return 'bool';
    case 'void':
      return 'void';
    case 'ptr':
      return t.to.kind === 'func' ? `${typeName(t.to.ret)} (*)()` : `${typeName(t.to)} *`;
    case 'array':
      return `${typeName(t.of)}[${t.length ?? ''}]`;
    case 'struct':
      return `${t.union ? 'union' : 'struct'} ${t.tag}`;
    case 'func':
      return `${typeName(t.ret)} ()`;
  }
}

export function sizeOf(t: CType): number {
  switch (t.kind) {
    case 'int':
      return t.bits / 8;
    case 'bool':
      return 1;
    case 'void':
    case 'func':
      return 1; // GNU C: sizeof(void) and sizeof a function are 1, which pointer arithmetic on void * relies on
    case 'ptr':
      return 8;
    case 'array':
      return (t.length ?? 0) * sizeOf(t.of);
    case 'struct':
      return structLayout(t).size;
  }
}

export function alignOf(t: CType): number {
  switch (t.kind) {
    case 'array':
      return alignOf(t.of);
    case 'struct':
      return structLayout(t).align;
    default:
      return Math.max(1, sizeOf(t));
  }
}

export function structLayout(t: StructType): { size: number; align: number; offsets: Map<string, number> } {
  if (!t.fields) throw new CRuntimeError('unsupported', `${typeName(t)} is incomplete: its definition is not in the patch nor the kernel prelude`);
  let size = 0;
  let align = 1;
  const offsets = new Map<string, number>();
  for (const field of t.fields) {
    const a = alignOf(field.type);
    align = Math.max(align, a);
    if (t.union) {
      offsets.set(field.name, 0);
      size = Math.max(size, sizeOf(field.type));
    } else {
      size = Math.ceil(size / a) * a;
      offsets.set(field.name, size);
      size += sizeOf(field.type);
    }
  }
  return { size: Math.ceil(size / align) * align, align, offsets };
}

export function fieldOf(t: StructType, name: string): Field | undefined {
  return t.fields?.find((f) => f.name === name);
}

export function sameType(a: CType, b: CType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int':
      return b.kind === 'int' && a.bits === b.bits && a.signed === b.signed && a.rank === b.rank;
    case 'ptr':
      return b.kind === 'ptr' && sameType(a.to, b.to);
    case 'array':
      return b.kind === 'array' && a.length === b.length && sameType(a.of, b.of);
    case 'struct':
      return b.kind === 'struct' && a.tag === b.tag && a.union === b.union;
    case 'func':
      return b.kind === 'func' && sameType(a.ret, b.ret);
    default:
      return true;
  }
}
