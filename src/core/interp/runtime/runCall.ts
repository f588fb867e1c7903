/** Runs one function of the patch to completion in a kernel model of its own (tests, the panel's "Run"). */
import type { Task } from '../../sim';
import type { Value } from '../values';
import type { PatchRuntime } from './patchRuntime';
import { asTask, type TaskOptions } from './execution';

export interface CallOutcome {
  value: Value;
  /** Virtual ns the call took (mutex waits, grace periods, copies). */
  elapsedNs: number;
}

/** Engine steps a single call may take before it is declared stuck (a wait nobody ends). */
const ENGINE_STEP_LIMIT = 5_000_000;

export function runCall(rt: PatchRuntime, name: string, args: Value[], options: TaskOptions = {}): CallOutcome {
  const start = rt.k.now;
  let result: Value | undefined;
  const task: Task<void> = (function* () {
    result = yield* asTask(rt.interp, rt.interp.call(name, args), options);
  })();
  rt.k.spawn(`call ${name}`, task);
  let steps = 0;
  while (result === undefined && rt.k.engine.step()) {
    if (++steps > ENGINE_STEP_LIMIT) break;
  }
  if (result === undefined) throw new Error(`${name}() never returned: it waits for something that never happens (deadlock)`);
  return { value: result, elapsedNs: rt.k.now - start };
}
