/** Every kernel function and object the interpreter provides, bound to one kernel model. */
import type { NativeFunction } from '../values';
import { atomicBindings } from './atomicBindings';
import type { KernelContext } from './context';
import { listBindings } from './listBindings';
import { logBindings } from './logBindings';
import { memoryBindings } from './memoryBindings';
import { syncBindings } from './syncBindings';

export { KernelContext, waitFor, native, arg } from './context';

export function kernelBindings(ctx: KernelContext, extra: NativeFunction[] = []): Map<string, NativeFunction> {
  const all = [...logBindings(ctx), ...atomicBindings(), ...syncBindings(ctx), ...memoryBindings(), ...listBindings(), ...extra];
  return new Map(all.map((f) => [f.name, f]));
}
