/**
 * How kernel bindings reach the simulator's kernel model: one KernelModel per run, and the model
 * object (mutex, SRCU domain, rcu_head, module) that stands behind each C object the patch's code uses.
 */
import type { KernelModel, KModule, KMutex, KStep, RcuHead, SrcuDomain, Task } from '../../sim';
import { fail } from '../errors';
import { derefLvalue } from '../lvalues';
import type { MemObject } from '../memory';
import type { KernelYield, NativeCall, NativeFunction, NativeImpl, Ref, Value } from '../values';
import type { CType } from '../ctypes';
import { T } from '../ctypes';

export class KernelContext {
  private readonly hosts = new Map<string, unknown>();

  constructor(readonly k: KernelModel) {}

  /** The model object behind the C object `p` points at, created on first use and named after it. */
  private host<H>(p: Value, what: string, make: (name: string) => H): H {
    const ref = refOf(p, what);
    const key = `${ref.obj.id}:${ref.path.join('.')}`;
    let h = this.hosts.get(key) as H | undefined;
    if (!h) {
      h = make(describe(ref));
      this.hosts.set(key, h);
    }
    return h;
  }

  mutex(p: Value): KMutex {
    return this.host(p, 'mutex', (name) => this.k.mutex(name));
  }

  srcu(p: Value): SrcuDomain {
    return this.host(p, 'srcu_struct', (name) => this.k.srcu(name));
  }

  rcuHead(p: Value): RcuHead {
    return this.host(p, 'rcu_head', (name) => this.k.rcuHead(name));
  }

  /** A `struct module *`: NULL (built-in code, THIS_MODULE) has no module and is never counted. */
  module(p: Value): KModule | undefined {
    if (p.k === 'ptr' && p.target.kind === 'null') return undefined;
    const ref = refOf(p, 'module');
    if (ref.obj.host && typeof ref.obj.host === 'object' && 'tryGet' in (ref.obj.host as object)) return ref.obj.host as KModule;
    return this.host(p, 'module', (name) => this.k.module(name));
  }
}

function refOf(p: Value, what: string): Ref {
  if (p.k !== 'ptr') fail('invalid-pointer', `a ${p.k} passed where a struct ${what} * is expected`);
  return derefLvalue(p).ref;
}

function describe(ref: Ref): string {
  return ref.obj.name + ref.path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
}

/** Runs a model task from a native binding, passing its waits up to whoever drives the interpreter. */
export function* waitFor<R>(task: Task<R>): Generator<KernelYield, R, unknown> {
  for (;;) {
    const next = task.next();
    if (next.done) return next.value;
    const step: KStep = next.value;
    yield { kind: 'wait', what: step.kind, request: step };
  }
}

export function native(name: string, impl: NativeImpl, ret: CType = T.int): NativeFunction {
  return { kind: 'native', name, impl, ret };
}

export function arg(call: NativeCall, i: number): Value {
  const v = call.args[i];
  if (!v) fail('kernel', `missing argument ${i + 1}`);
  return v;
}

export type { MemObject };
