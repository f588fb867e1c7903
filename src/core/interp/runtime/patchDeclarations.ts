/**
 * The names the patch-code mode binds to, read from the program's own declarations: a patch whose names were
 * renamed (terse-identifier's `offc` → `offload_copy`) still runs. The prelude's V3 names are the fallback for a
 * fragment that declares nothing itself.
 */
import type { StructType } from '../ctypes';
import type { PatchProgram } from '../program';

/** The copy callback of `struct migrator`: its one function-pointer member (`migrate_offc` in V3). */
export function copyCallbackMember(migrator: StructType): string {
  const callback = migrator.fields?.find((field) => field.type.kind === 'ptr' && field.type.to.kind === 'func');
  return callback?.name ?? 'migrate_offc';
}

/**
 * The function the patch defines to install a migrator (V3's `offc_update_migrator(struct migrator *)`): an int
 * function of one `struct migrator *` that is neither start_offloading() nor stop_offloading(). Undefined when the
 * patch brings none, so the model's V3 version runs.
 */
export function ownUpdateFunction(program: PatchProgram): string | undefined {
  if (program.functions.has('offc_update_migrator')) return 'offc_update_migrator';
  for (const [name, fn] of program.functions) {
    if (name === 'start_offloading' || name === 'stop_offloading' || fn.type.ret.kind !== 'int') continue;
    const [param, ...rest] = fn.type.params ?? [];
    if (rest.length === 0 && param?.kind === 'ptr' && param.to.kind === 'struct' && param.to.tag === 'migrator') return name;
  }
  return undefined;
}

/** The dispatch flag (V3's `atomic_t dispatch_to_offc`): the one atomic_t global the patch defines, else V3's name. */
export function dispatchFlagName(program: PatchProgram): string {
  const atomic = program.types.typedefs.get('atomic_t');
  const own = [...program.globals.values()].filter((global) => !global.isExtern && global.type === atomic);
  return own.length === 1 ? own[0]!.name : 'dispatch_to_offc';
}
