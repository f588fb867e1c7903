/** Runtime values of the interpreter. Pointers name typed objects, never raw addresses (except ERR_PTR-style integers). */
import type { Node } from 'web-tree-sitter';
import { T, type ArrayType, type BoolType, type CType, type FunctionType, type IntType, type PointerType, type StructType } from './ctypes';
import type { Interpreter } from './interpreter';
import type { MemObject, Store } from './memory';
import type { CLocation } from './errors';

/** A place inside an object: struct members by name, array elements by index. */
export type PathStep = string | number;

export interface Ref {
  obj: MemObject;
  path: PathStep[];
  /** For a pointer to a non-array object: 0 points at it, 1 is one past it (C treats it as an array of one). */
  past: number;
}

/** What native (kernel-model) code receives for a call; it may yield kernel waits like patch code does. */
export interface NativeCall {
  interp: Interpreter;
  args: Value[];
  /** The argument expressions, for macros that look at names (`static_call_update(name, f)`, `container_of`). */
  argNodes: Node[];
  loc: CLocation | undefined;
}

export type KernelYield = { kind: 'wait'; what: string; request: unknown };

export type NativeImpl = (call: NativeCall) => Value | Generator<KernelYield, Value, unknown>;

export interface PatchFunction {
  kind: 'patch';
  name: string;
  type: FunctionType;
  paramNames: string[];
  body: Node;
  unitIndex: number;
  isStatic: boolean;
}

export interface NativeFunction {
  kind: 'native';
  name: string;
  impl: NativeImpl;
  /** Declared result type; the call site converts to it. */
  ret: CType;
}

export type Callable = PatchFunction | NativeFunction;

export type PtrTarget =
  | { kind: 'null' }
  | { kind: 'obj'; ref: Ref }
  | { kind: 'fn'; fn: Callable }
  /** An integer converted to a pointer: ERR_PTR(-ENOMEM), poison values. Dereferencing it is invalid. */
  | { kind: 'addr'; addr: bigint; why?: string };

export interface IntValue {
  k: 'int';
  t: IntType | BoolType;
  v: bigint;
}

export interface PtrValue {
  k: 'ptr';
  t: PointerType;
  target: PtrTarget;
}

/** A struct or array held by value (assignment, return, argument): a detached copy of its store. */
export interface AggValue {
  k: 'agg';
  t: StructType | ArrayType;
  store: Store;
}

export interface FnValue {
  k: 'fn';
  fn: Callable;
  t: FunctionType;
}

export interface VoidValue {
  k: 'void';
}

export type Value = IntValue | PtrValue | AggValue | FnValue | VoidValue;

export const VOID: VoidValue = { k: 'void' };

export function intValue(v: bigint | number, t: IntType | BoolType = T.int): IntValue {
  return { k: 'int', t, v: BigInt(v) };
}

export function nullPtr(t: PointerType = { kind: 'ptr', to: T.void }): PtrValue {
  return { k: 'ptr', t, target: { kind: 'null' } };
}

export function objPtr(ref: Ref, t: PointerType): PtrValue {
  return { k: 'ptr', t, target: { kind: 'obj', ref } };
}

export function sameRef(a: Ref, b: Ref): boolean {
  return a.obj === b.obj && a.past === b.past && a.path.length === b.path.length && a.path.every((s, i) => s === b.path[i]);
}
