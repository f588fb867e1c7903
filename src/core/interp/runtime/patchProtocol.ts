/**
 * "Use the patch's code": a MigratorProtocol for the simulator whose start and stop run the patch's own
 * start_offloading()/stop_offloading() in the interpreter. The kernel side they call (offc_update_migrator,
 * the static call, SRCU, module references) is the model's V3 implementation, so what the simulation does
 * follows the C as edited, and every line it prints comes from its own pr_*() calls.
 */
import { invokeMigrator, type KernelModel, type Migrator, type MigratorProtocol, type MigratorProtocolFactory, type ProtocolOptions, type Task } from '../../sim';
import { CRuntimeError } from '../errors';
import type { LogLine } from '../interpreter';
import type { PatchProgram } from '../program';
import type { Value } from '../values';
import { asTask } from './execution';
import { ownUpdateFunction } from './patchDeclarations';
import { PatchRuntime, type PatchRuntimeOptions } from './patchRuntime';

const EFAULT = -14;

export interface PatchProtocolHandle {
  factory: MigratorProtocolFactory;
  /** The runtime of the last protocol the factory made (one per simulation run). */
  runtime(): PatchRuntime | undefined;
  /** C runtime errors (undefined behaviour, unknown functions) met during the run. */
  errors: CRuntimeError[];
  /** Every line the patch's code printed, with its C location and virtual time. */
  log: (LogLine & { t: number })[];
}

export function patchProtocol(program: PatchProgram, options: Omit<PatchRuntimeOptions, 'protocol'> = {}): PatchProtocolHandle {
  let last: PatchRuntime | undefined;
  const handle: PatchProtocolHandle = {
    errors: [],
    log: [],
    runtime: () => last,
    factory: (k: KernelModel, protocolOptions: ProtocolOptions) => {
      const rt = new PatchRuntime(program, k, {
        ...options,
        protocol: protocolOptions,
        onLog: (line) => {
          handle.log.push({ ...line, t: k.now });
          options.onLog?.(line);
        },
      });
      last = rt;
      return new PatchCodeProtocol(rt, handle.errors, protocolOptions.kernelCopy);
    },
  };
  return handle;
}

class PatchCodeProtocol implements MigratorProtocol {
  readonly id = 'patch';
  readonly moveFlow = 'copy-after-prep' as const;

  constructor(
    private readonly rt: PatchRuntime,
    private readonly errors: CRuntimeError[],
    private readonly kernelCopy: Migrator,
  ) {}

  /** True when the patch defines its own offc_update_migrator() (under any name): then its static call decides the dispatch. */
  private get ownUpdate(): boolean {
    return (this.ownUpdateKnown ??= ownUpdateFunction(this.rt.program) !== undefined);
  }

  private ownUpdateKnown: boolean | undefined;

  active(): Migrator | undefined {
    return this.ownUpdate ? this.rt.staticCallTarget() : this.rt.model.active();
  }

  isActive(m: Migrator): boolean {
    return this.ownUpdate ? this.rt.staticCallTarget() === m : this.rt.model.isActive(m);
  }

  *start(k: KernelModel, m: Migrator): Task<number> {
    const c = this.rt.migratorObject(m);
    // A provider-only patch (no start_offloading of its own) registers through the model's V3 code.
    if (!this.rt.program.functions.has('start_offloading')) return yield* this.rt.model.start(k, m);
    return yield* this.run('start_offloading', () => [c]);
  }

  /** stop_offloading() as the patch declares it: with no argument (V3) or with the caller's migrator. */
  *stop(k: KernelModel, caller: Migrator): Task<number> {
    const fn = this.rt.program.functions.get('stop_offloading');
    if (!fn) return yield* this.rt.model.stop(k, caller);
    const takesMigrator = (fn?.type.params?.length ?? 0) > 0;
    return yield* this.run('stop_offloading', () => (takesMigrator ? [this.rt.migratorObject(caller)] : []));
  }

  dispatch(k: KernelModel, list: Parameters<MigratorProtocol['dispatch']>[1]): Task<number> {
    if (!this.ownUpdate) return this.rt.model.dispatch(k, list);
    return invokeMigrator(k, this.rt.staticCallTarget() ?? this.kernelCopy, list);
  }

  private *run(name: string, args: () => Value[]): Task<number> {
    const { k, interp } = this.rt;
    try {
      const value = yield* asTask(interp, interp.call(name, args()));
      this.rt.syncDispatchFlag();
      return value.k === 'int' ? Number(value.v) : 0;
    } catch (error) {
      if (!(error instanceof CRuntimeError)) throw error;
      this.errors.push(error);
      k.log.always(`interp: ${name}() stopped: ${error.describe()}`);
      k.trace.violate(error.isUndefinedBehaviour ? 'c-undefined-behaviour' : 'c-run-stopped', error.describe(), `${name}:${error.loc?.line}`);
      return EFAULT;
    }
  }
}
