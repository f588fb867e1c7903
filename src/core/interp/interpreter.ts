/**
 * Runs a PatchProgram: global state, call frames, the kernel bindings, stubs for unknown functions, and the
 * stepping hooks. Evaluation is written as generators so a run can pause at every statement (the panel's
 * stepper) and at every kernel wait (the simulator's engine resumes it in virtual time).
 */
import type { Node } from 'web-tree-sitter';
import { convert, newStore, refTo } from './access';
import { T, typeName, type CType, type FunctionType } from './ctypes';
import { CRuntimeError, fail, type CLocation } from './errors';
import { evalExpr, evalLvalue } from './expressions';
import { initialize } from './initializers';
import { MemObject, type Store } from './memory';
import type { PatchProgram } from './program';
import type { Lvalue } from './lvalues';
import { execStatement, runFunctionBody, type Completion } from './statements';
import { intValue, type Callable, type NativeFunction, type Value } from './values';

export interface StepYield {
  kind: 'step';
  loc: CLocation;
  node: Node;
}

/** A kernel-model wait (mutex, grace period, delay) passed through to whoever drives the run. */
export interface KernelWaitYield {
  kind: 'kernel';
  step: unknown;
}

export type InterpYield = StepYield | KernelWaitYield;
export type Exec<T> = Generator<InterpYield, T, unknown>;

export interface Frame {
  fn: Callable;
  scopes: Map<string, MemObject>[];
  locals: MemObject[];
  loc: CLocation | undefined;
  unitIndex: number;
}

export interface LogLine {
  level: string;
  text: string;
  loc: CLocation | undefined;
}

export interface UnknownCall {
  name: string;
  loc: CLocation | undefined;
}

export interface InterpreterHooks {
  staticCallUpdated?(name: string, target: Callable): void;
}

export interface InterpreterOptions {
  natives?: Map<string, NativeFunction>;
  /** Kernel objects the model provides by name (`dispatch_to_offc`, …) when the patch only uses them. */
  kernelObjects?: Map<string, MemObject>;
  /** Return values for functions neither the patch nor the model provides. */
  stubs?: Record<string, number>;
  /** Statements one top-level call may execute before the run is stopped as a likely endless loop. */
  stepLimit?: number;
  /** Called for every pr_*()/printk() line, with the C location of the call. */
  onLog?: (line: LogLine) => void;
}

export class Interpreter {
  readonly globals = new Map<string, MemObject>();
  readonly frames: Frame[] = [];
  readonly natives: Map<string, NativeFunction>;
  readonly log: LogLine[] = [];
  readonly unknownCalls: UnknownCall[] = [];
  readonly staticLocals = new Map<number, MemObject>();
  readonly stringLiterals = new Map<number, MemObject>();
  stepsTaken = 0;
  stepLimit: number;
  private readonly stubs: Record<string, number>;
  private readonly onLog: ((line: LogLine) => void) | undefined;
  /** Location of the statement being executed, for errors raised deep inside an expression. */
  current: CLocation | undefined;
  /** Notifications for the kernel model about state the patch's code changed. */
  readonly hooks: InterpreterHooks = {};

  constructor(readonly program: PatchProgram, options: InterpreterOptions = {}) {
    this.natives = options.natives ?? new Map();
    this.stubs = { ...(options.stubs ?? {}) };
    this.stepLimit = options.stepLimit ?? 1_000_000;
    this.onLog = options.onLog;
    for (const [name, obj] of options.kernelObjects ?? []) this.globals.set(name, obj);
    this.initGlobals();
  }

  private initGlobals(): void {
    const pending = [...this.program.globals.values()].filter((g) => !g.isExtern || !this.globals.has(g.name));
    for (const g of pending) {
      if (g.isExtern && !g.init) continue;
      const obj = new MemObject(g.name, g.type, newStore(g.type, true), g.isStatic ? 'static' : 'global', 0);
      this.globals.set(g.name, obj);
    }
    for (const g of pending) {
      if (!g.init) continue;
      const obj = this.globals.get(g.name) as MemObject;
      this.runSync(this.inUnit(g.unitIndex, g.node, initialize(this, refTo(obj), g.type, g.init, true)));
      if (obj.type?.kind === 'array' && obj.type.length === undefined) obj.type = g.type;
    }
  }

  private *inUnit<R>(unitIndex: number, node: Node, body: Exec<R>): Exec<R> {
    this.frames.push({ fn: { kind: 'native', name: '<init>', impl: () => intValue(0), ret: T.void }, scopes: [], locals: [], loc: this.program.location(node, unitIndex), unitIndex });
    try {
      return yield* body;
    } catch (error) {
      if (error instanceof CRuntimeError) error.loc ??= this.program.location(node, unitIndex);
      throw error;
    } finally {
      this.frames.pop();
    }
  }

  get frame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  location(node: Node): CLocation {
    return this.program.location(node, this.frame?.unitIndex ?? 0);
  }

  /** What a name designates at the current point: a local, a global, a patch function or a kernel function. */
  lookup(name: string): { obj: MemObject } | { fn: Callable } | { constant: Value } | undefined {
    const scopes = this.frame?.scopes ?? [];
    for (let i = scopes.length - 1; i >= 0; i--) {
      const obj = scopes[i]?.get(name);
      if (obj) return { obj };
    }
    const global = this.globals.get(name);
    if (global) return { obj: global };
    const fn = this.program.functions.get(name) ?? this.natives.get(name);
    if (fn) return { fn };
    const e = this.program.types.enumConstants.get(name);
    if (e !== undefined) return { constant: intValue(e) };
    return undefined;
  }

  functionType(fn: Callable): FunctionType {
    if (fn.kind === 'patch') return fn.type;
    return this.program.prototypes.get(fn.name) ?? { kind: 'func', ret: fn.ret, params: undefined, variadic: true };
  }

  /** A function nobody provides: stubbed when the caller chose a value, else the run stops naming it. */
  unknownFunction(name: string, loc: CLocation | undefined): Callable {
    this.unknownCalls.push({ name, loc });
    const stub = this.stubs[name];
    if (stub === undefined) {
      throw new CRuntimeError('unknown-function', `${name}() is called but neither the patch nor the kernel model provides it; stub it to choose its return value`, loc, name);
    }
    const ret = this.program.prototypes.get(name)?.ret ?? T.int;
    return { kind: 'native', name, ret, impl: () => convert(intValue(stub, T.long), ret.kind === 'void' ? T.int : ret) };
  }

  setStub(name: string, value: number): void {
    this.stubs[name] = value;
  }

  emitLog(level: string, text: string, loc: CLocation | undefined): void {
    const line = { level, text, loc };
    this.log.push(line);
    this.onLog?.(line);
  }

  /** Calls a function of the patch (or the model) by name. */
  *call(name: string, args: Value[]): Exec<Value> {
    const found = this.lookup(name);
    if (!found || !('fn' in found)) fail('unknown-function', `the patch defines no function ${name}()`);
    return yield* this.invoke(found.fn, args, undefined);
  }

  *invoke(fn: Callable, args: Value[], loc: CLocation | undefined, argNodes: Node[] = []): Exec<Value> {
    if (fn.kind === 'patch') return yield* runFunctionBody(this, fn, args);
    const result = fn.impl({ interp: this, args, argNodes, loc });
    if (isGenerator(result)) {
      for (;;) {
        const next = result.next();
        if (next.done) return next.value;
        yield { kind: 'kernel', step: next.value.request };
      }
    }
    return result;
  }

  /** Runs to completion with no driver: statements count against the step limit, kernel waits are refused. */
  runSync<R>(exec: Exec<R>): R {
    for (;;) {
      const next = exec.next();
      if (next.done) return next.value;
      if (next.value.kind === 'kernel') {
        throw new CRuntimeError('kernel', 'this call blocks in the kernel (mutex, grace period); run it inside the simulator', this.current);
      }
      this.countStep(next.value);
    }
  }

  countStep(step: StepYield): void {
    this.current = step.loc;
    if (++this.stepsTaken > this.stepLimit) {
      throw new CRuntimeError('step-limit', `more than ${this.stepLimit} statements executed: an endless loop?`, step.loc);
    }
  }

  /** A string literal's object (one per literal node, read-only), as C gives each literal static storage. */
  literalObject(node: Node, text: string): MemObject {
    let obj = this.stringLiterals.get(node.id);
    if (!obj) {
      const bytes = [...new TextEncoder().encode(text), 0];
      const type: CType = { kind: 'array', of: T.char, length: bytes.length };
      const items = bytes.map((b): Store => ({ kind: 'scalar', value: intValue(b, T.char) }));
      obj = new MemObject(JSON.stringify(text), type, { kind: 'array', items }, 'literal', bytes.length, false, true);
      this.stringLiterals.set(node.id, obj);
    }
    return obj;
  }

  /** An unnamed object living as long as the current call (compound literals). */
  temporary(name: string, type: CType): MemObject {
    const obj = new MemObject(name, type, newStore(type, true), 'local', 0);
    this.frame?.locals.push(obj);
    return obj;
  }

  // The evaluator's entry points for the modules that expressions.ts and statements.ts import (initializers, macros,
  // loop macros) and that evaluate sub-expressions or loop bodies in turn: through the interpreter, not an import back.
  expression(node: Node): Exec<Value> {
    return evalExpr(this, node);
  }

  lvalue(node: Node): Exec<Lvalue> {
    return evalLvalue(this, node);
  }

  statement(node: Node): Exec<Completion> {
    return execStatement(this, node);
  }

  /** Evaluates an expression of the patch (used by the stepper's watch and by tests). */
  evaluate(node: Node): Value {
    return this.runSync(evalExpr(this, node));
  }

  describeType(t: CType): string {
    return typeName(t);
  }
}

function isGenerator<T>(v: unknown): v is Generator<{ kind: 'wait'; what: string; request: unknown }, T, unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { next?: unknown }).next === 'function' && !('k' in v);
}
