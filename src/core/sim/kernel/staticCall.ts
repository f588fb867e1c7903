import type { Trace } from './trace';

/** DEFINE_STATIC_CALL: a patched call site; static_call_update() retargets it for every later call. */
export class StaticCall<T> {
  constructor(
    readonly name: string,
    private target: T,
    private readonly describe: (t: T) => string,
    private readonly trace: Trace,
  ) {}

  update(target: T): void {
    this.target = target;
    this.trace.record('static_call_update', `${this.name} -> ${this.describe(target)}`);
  }

  query(): T {
    return this.target;
  }
}
