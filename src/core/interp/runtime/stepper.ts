/**
 * Statement-by-statement execution of one patch function for the panel: where it stands (mapped to the
 * opened document), the call stack with each frame's locals, and what it printed so far.
 */
import type { CLocation } from '../errors';
import { CRuntimeError, formatLocation } from '../errors';
import type { LogLine } from '../interpreter';
import { renderObject, renderValue } from '../render';
import { typeName } from '../ctypes';
import type { Value } from '../values';
import type { Task } from '../../sim';
import type { PatchRuntime } from './patchRuntime';
import { asTask } from './execution';

export interface LocalView {
  name: string;
  type: string;
  value: string;
}

export interface FrameView {
  function: string;
  loc: CLocation | undefined;
  locals: LocalView[];
}

export interface StepSnapshot {
  /** The statement about to run (the last one when done). */
  loc: CLocation | undefined;
  frames: FrameView[];
  log: LogLine[];
  steps: number;
  /** Virtual ns since the call started. */
  elapsedNs: number;
  done: boolean;
  result?: string;
  error?: { kind: string; message: string; at: string; loc: CLocation | undefined };
}

export class PatchStepper {
  private finished = false;
  private result: Value | undefined;
  private error: CRuntimeError | undefined;
  private fresh = false;
  private steps = 0;
  private readonly start: number;

  constructor(private readonly rt: PatchRuntime, readonly functionName: string, args: Value[]) {
    this.start = rt.k.now;
    rt.k.spawn(`step ${functionName}`, this.body(args));
  }

  private *body(args: Value[]): Task<void> {
    const onStep = () => {
      this.fresh = true;
      this.steps++;
    };
    this.result = yield* asTask(this.rt.interp, this.rt.interp.call(this.functionName, args), { pauseAtSteps: true, onStep });
    this.finished = true;
  }

  get done(): boolean {
    return this.finished || this.error !== undefined;
  }

  /** Runs until the next statement is reached (or the function returns or stops). */
  step(): StepSnapshot {
    this.fresh = false;
    let guard = 0;
    while (!this.done && !this.fresh && guard++ < 1_000_000) {
      try {
        if (!this.rt.k.engine.step()) break;
      } catch (error) {
        if (!(error instanceof CRuntimeError)) throw error;
        this.error = error;
      }
    }
    if (!this.done && !this.fresh) {
      this.error = new CRuntimeError('kernel', `${this.functionName}() waits for something that never happens (deadlock)`, this.rt.interp.current);
    }
    return this.snapshot();
  }

  runToEnd(maxSteps = 100_000): StepSnapshot {
    let snapshot = this.snapshot();
    for (let i = 0; i < maxSteps && !this.done; i++) snapshot = this.step();
    return snapshot;
  }

  snapshot(): StepSnapshot {
    const it = this.rt.interp;
    const frames: FrameView[] = it.frames.filter((f) => f.fn.kind === 'patch').map((f) => ({
      function: f.fn.name,
      loc: f.loc,
      locals: f.scopes.flatMap((scope) => [...scope.entries()]).map(([name, obj]) => ({ name, type: obj.type ? typeName(obj.type) : '?', value: renderObject(obj) })),
    })).reverse();
    const snapshot: StepSnapshot = {
      loc: this.error?.loc ?? it.current,
      frames,
      log: [...it.log],
      steps: this.steps,
      elapsedNs: this.rt.k.now - this.start,
      done: this.done,
    };
    if (this.finished && this.result) snapshot.result = renderValue(this.result);
    if (this.error) snapshot.error = { kind: this.error.kind, message: this.error.message, at: formatLocation(this.error.loc), loc: this.error.loc };
    return snapshot;
  }
}
