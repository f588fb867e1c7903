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

/**
 * A call that has run this many statements is far beyond any real start, stop or copy callback (tens of
 * statements): from then on it gives the engine back a zero-length step every LONG_CALL_CHUNK statements, so
 * whoever drives the engine in slices (the extension host, Stop) regains control until the step limit ends it.
 * Calls below the threshold run exactly as before.
 */
const LONG_CALL_STEPS = 2_000;
const LONG_CALL_CHUNK = 250;

export function* asTask<R>(it: Interpreter, exec: Exec<R>, options: TaskOptions = {}): Task<R> {
  // The step limit guards one top-level call (a start, a stop, one batch's callback), not a whole run.
  if (it.frames.length === 0) it.stepsTaken = 0;
  let statements = 0;
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
    statements++;
    if (options.pauseAtSteps || (statements >= LONG_CALL_STEPS && statements % LONG_CALL_CHUNK === 0)) yield delay(0);
  }
}
