import type { Task } from './engine';
import type { Trace } from './trace';

export type ModuleState = 'live' | 'going' | 'freed';

/**
 * A loadable module: reference count, unload, and whether its code is executing. Running code of a freed
 * module is the use-after-free the owner/SRCU protocol must prevent.
 */
export class KModule {
  refcount = 0;
  state: ModuleState = 'live';
  /** Threads currently executing this module's code. */
  running = 0;
  /** Fault injection: the next try_module_get() fails as if the module were going away. */
  failNextGet = false;
  /** Built in (=y): there is no module to unload and no reference to take. */
  builtin = false;

  constructor(
    readonly name: string,
    private readonly trace: Trace,
  ) {}

  tryGet(): boolean {
    if (this.state !== 'live') return false;
    if (this.failNextGet) {
      this.failNextGet = false;
      this.trace.record('try_module_get', `${this.name}: failed (injected)`);
      return false;
    }
    this.refcount++;
    this.trace.record('try_module_get', `${this.name} -> ${this.refcount}`);
    return true;
  }

  put(): void {
    this.refcount--;
    this.trace.record('module_put', `${this.name} -> ${this.refcount}`);
    if (this.refcount < 0) this.trace.violate('module-refcount', `module_put(${this.name}) below zero`, this.name);
  }

  enter(): void {
    if (this.state === 'freed') {
      this.trace.violate('module-code-alive', `code of ${this.name} called after the module was freed`, `call:${this.name}`);
    }
    this.running++;
  }

  leave(): void {
    this.running--;
    if (this.state === 'freed') {
      this.trace.violate('module-code-alive', `a thread was still executing ${this.name}'s copy callback when the module was freed`, this.name);
    }
  }

  /** delete_module(): refused while referenced; otherwise runs the exit function, then frees the code. */
  *unload(exit: () => Task<unknown>): Task<number> {
    if (this.state !== 'live' || this.builtin) {
      if (this.builtin) this.trace.record('delete_module', `${this.name}: not a module (built in)`);
      return -2; /* -ENOENT */
    }
    if (this.refcount > 0) {
      this.trace.record('delete_module', `${this.name}: in use (refcount ${this.refcount}), -EBUSY`);
      return -16; /* -EBUSY */
    }
    this.state = 'going';
    yield* exit();
    this.state = 'freed';
    this.trace.record('module_free', this.name);
    if (this.running > 0) {
      this.trace.violate('module-code-alive', `${this.name} freed while ${this.running} thread(s) execute its copy callback`, this.name);
    }
    return 0;
  }
}
