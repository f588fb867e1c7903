/**
 * Driving an interpreter run from the simulator's engine: statement steps are dropped (or turned into
 * zero-length delays when stepping), kernel waits become the engine's own steps.
 */
import { delay, type KStep, type Task } from '../../sim';
import type { Exec, Interpreter, StepYield } from '../interpreter';

export interface TaskOptions {
  /** Called at every statement, before it runs. */
  onStep?: (step: StepYield) => void;
  /** Yield to the engine at every statement, so a stepper can stop between statements. */
  pauseAtSteps?: boolean;
}

export function* asTask<R>(it: Interpreter, exec: Exec<R>, options: TaskOptions = {}): Task<R> {
  // The step limit guards one top-level call (a start, a stop, one batch's callback), not a whole run.
  if (it.frames.length === 0) it.stepsTaken = 0;
  for (;;) {
    const next = exec.next();
    if (next.done) return next.value;
    const y = next.value;
    if (y.kind === 'kernel') {
      yield y.step as KStep;
      continue;
    }
    it.countStep(y);
    options.onStep?.(y);
    if (options.pauseAtSteps) yield delay(0);
  }
}
