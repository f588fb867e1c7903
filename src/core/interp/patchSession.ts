/**
 * The panel's entry point: a patch document's C, ready to step through one function at a time in a kernel
 * model of its own. Arguments of type `struct migrator *` are a provider's migrator (or the patch's own).
 */
import type { CParser } from '../c/parser';
import { parseDocument } from '../patch';
import { KernelModel, type ProviderKind } from '../sim';
import { typeName } from './ctypes';
import { loadPatchProgram, type PatchProgram } from './program';
import { PatchRuntime } from './runtime/patchRuntime';
import { PatchStepper } from './runtime/stepper';
import { unresolvedCalls, type UnresolvedCall } from './unresolved';
import { refTo } from './access';
import { pointerTo } from './ctypes';
import { intValue, objPtr, type Value } from './values';

export interface FunctionInfo {
  name: string;
  params: string[];
  path: string;
  /** 0-based document line of the function's first line. */
  docLine: number | undefined;
}

export interface StepOptions {
  /** Which provider's migrator a `struct migrator *` argument is; 'patch' passes the patch's global `migrator`. */
  migrator?: ProviderKind | 'patch';
  stubs?: Record<string, number>;
  seed?: number;
}

const providerNames: Record<ProviderKind, string> = { kernel: 'kernel', dcbm: 'DCBM', mtcopy: 'CPU_MT_COPY' };

export class PatchSession {
  constructor(readonly program: PatchProgram, readonly notes: string[]) {}

  functions(): FunctionInfo[] {
    return [...this.program.functions.values()].map((fn) => {
      const loc = this.program.location(fn.body.parent ?? fn.body, fn.unitIndex);
      return { name: fn.name, params: (fn.type.params ?? []).map(typeName), path: loc.path, docLine: loc.docLine };
    });
  }

  /** Calls the patch makes that nothing provides (candidates for stubs). */
  unresolved(): UnresolvedCall[] {
    return unresolvedCalls(new PatchRuntime(this.program, new KernelModel(1)).interp);
  }

  /** A stepper positioned before the first statement of `name`. */
  step(name: string, options: StepOptions = {}): PatchStepper {
    const rt = new PatchRuntime(this.program, new KernelModel(options.seed ?? 1), { stubs: options.stubs });
    const fn = this.program.functions.get(name);
    if (!fn) throw new Error(`the patch defines no function ${name}()`);
    const args = (fn.type.params ?? []).map((t): Value => {
      if (t.kind === 'ptr' && t.to.kind === 'struct' && t.to.tag === 'migrator') return migratorArgument(rt, options.migrator ?? 'dcbm');
      return intValue(0, t.kind === 'int' || t.kind === 'bool' ? t : undefined);
    });
    return new PatchStepper(rt, name, args);
  }

  dispose(): void {
    this.program.dispose();
  }
}

function migratorArgument(rt: PatchRuntime, which: ProviderKind | 'patch'): Value {
  const global = rt.interp.globals.get('migrator');
  if (which === 'patch' && global?.type) return objPtr(refTo(global), pointerTo(global.type));
  const kind = which === 'patch' ? 'dcbm' : which;
  return rt.migratorObject({ name: providerNames[kind], kind, owner: kind === 'kernel' ? undefined : rt.k.module(kind), running: 0, copy: () => { throw new Error('the copy runs in the simulator'); } });
}

export function openPatchSession(text: string, fileName: string, parser: CParser): PatchSession {
  const doc = parseDocument(text, fileName);
  if (doc.units.length === 0) throw new Error(`${fileName}: no C source in it`);
  const program = loadPatchProgram(doc.units, parser);
  return new PatchSession(program, [...doc.notes, ...program.notes]);
}
