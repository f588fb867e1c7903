/**
 * A patch program bound to one kernel model: the interpreter, the kernel objects the patch uses without
 * defining them (dispatch_to_offc, migrator_mut, mig_srcu, the _folios_copy static call), and the model's
 * V3 offc_update_migrator() from mm/migrate.c, which the seed's start/stop call but do not quote.
 */
import type { KernelModel, Migrator, ProtocolOptions } from '../../sim';
import { V3Protocol } from '../../sim';
import { kernelMigrator } from '../../sim/providers/kernelCopy';
import { newStore, refTo, store } from '../access';
import { pointerTo, T, type CType, type StructType } from '../ctypes';
import { readCString, writeBytes } from '../cstring';
import { fail } from '../errors';
import { derefLvalue, functionOf } from '../lvalues';
import { Interpreter, type InterpreterOptions } from '../interpreter';
import { kernelBindings, KernelContext, native, waitFor } from '../kernel';
import { MemObject } from '../memory';
import type { PatchProgram } from '../program';
import { intValue, objPtr, VOID, type Callable, type KernelYield, type NativeCall, type NativeFunction, type PtrValue, type Value } from '../values';
import { load } from '../access';
import { copyBindings, listsFor } from './copyBridge';
import { asTask } from './execution';
import { copyCallbackMember, dispatchFlagName } from './patchDeclarations';

export interface PatchRuntimeOptions extends Pick<InterpreterOptions, 'stubs' | 'stepLimit' | 'onLog'> {
  protocol?: ProtocolOptions;
}

export class PatchRuntime {
  readonly interp: Interpreter;
  readonly ctx: KernelContext;
  /** The model's V3 protocol, whose update() is offc_update_migrator() and whose dispatch is the static call. */
  readonly model: V3Protocol;
  private readonly kernelCopy: Migrator;
  private readonly cStructs = new Map<Migrator, MemObject>();
  private readonly callbacks = new Map<Callable, Migrator>();

  constructor(readonly program: PatchProgram, readonly k: KernelModel, options: PatchRuntimeOptions = {}) {
    this.ctx = new KernelContext(k);
    this.kernelCopy = options.protocol?.kernelCopy ?? kernelMigrator();
    this.model = new V3Protocol(k, options.protocol ?? { policy: 'last-wins', kernelCopy: this.kernelCopy });
    const natives = kernelBindings(this.ctx, [...copyBindings(k), ...this.migratorBindings()]);
    this.interp = new Interpreter(program, { ...options, natives, kernelObjects: this.kernelObjects(natives) });
    this.callbacks.set(natives.get('folios_mc_copy') as Callable, this.kernelCopy);
  }

  /** The copy callback's member name as the program declares struct migrator (renamed or not). */
  private get copyMember(): string {
    return copyCallbackMember(this.struct('migrator') as StructType);
  }

  private struct(tag: string): CType {
    const t = this.program.types.structs.get(`struct ${tag}`);
    if (!t) throw new Error(`the kernel prelude lacks struct ${tag}`);
    return t;
  }

  private kernelObject(name: string, type: CType): MemObject {
    return new MemObject(name, type, newStore(type, true), 'kernel', 0);
  }

  /** Objects of mm/migrate.c and mm/migrate_offc.c's unquoted head, used when the patch does not define them. */
  private kernelObjects(natives: Map<string, NativeFunction>): Map<string, MemObject> {
    const atomic = this.program.types.typedefs.get('atomic_t') as CType;
    const objects = new Map<string, MemObject>();
    objects.set('dispatch_to_offc', this.kernelObject('dispatch_to_offc', atomic));
    objects.set('migrator_mut', this.kernelObject('migrator_mut', this.struct('mutex')));
    objects.set('mig_srcu', this.kernelObject('mig_srcu', this.struct('srcu_struct')));
    const key = this.kernelObject('__SCK___folios_copy', this.struct('static_call_key'));
    const copy = natives.get('folios_mc_copy') as NativeFunction;
    store(refTo(key, ['func']), { k: 'ptr', t: pointerTo(T.void), target: { kind: 'fn', fn: copy } });
    objects.set('__SCK___folios_copy', key);
    const global = this.kernelObject('migrator', this.struct('migrator'));
    writeBytes(objPtr(refTo(global, ['name', 0]), pointerTo(T.char)), [...new TextEncoder().encode('kernel')]);
    store(refTo(global, [this.copyMember]), { k: 'ptr', t: pointerTo(T.void), target: { kind: 'fn', fn: copy } });
    objects.set('migrator', global);
    return objects;
  }

  /** offc_update_migrator(mig): the model's V3 version, then the global's name as its strscpy() left it. */
  private *updateMigrator(call: NativeCall): Generator<KernelYield, Value, unknown> {
    const mig = this.migratorFromC(call.args[0] ?? intValue(0));
    const ret = yield* waitFor(this.model.update(this.k, mig));
    this.mirrorGlobal();
    return intValue(ret);
  }

  private migratorBindings(): NativeFunction[] {
    return [
      native('offc_update_migrator', (call) => this.updateMigrator(call)),
      native('srcu_mig_cb', () => VOID, T.void),
      native('get_active_migrator_name', () => {
        const g = this.interp.globals.get('migrator');
        return g ? objPtr(refTo(g, ['name', 0]), pointerTo(T.uchar)) : intValue(0);
      }, pointerTo(T.uchar)),
    ];
  }

  /** The global `migrator` the patch defines carries the active name, as offc_update_migrator's strscpy() sets it. */
  mirrorGlobal(): void {
    const g = this.interp.globals.get('migrator');
    if (g?.type?.kind === 'struct') writeBytes(objPtr(refTo(g, ['name', 0]), pointerTo(T.char)), [...new TextEncoder().encode(this.model.global.name)]);
    this.syncDispatchFlag();
  }

  /** The model's `dispatch_to_offc` follows the C object (V3 reads it nowhere; kept for the panel's view). */
  syncDispatchFlag(): void {
    const flag = this.interp.globals.get(dispatchFlagName(this.program));
    const counter = flag ? load(refTo(flag, ['counter'])) : undefined;
    if (counter?.k === 'int') this.model.dispatchToOffc = Number(counter.v);
  }

  /**
   * A `struct migrator` in C memory for a model provider, made once per provider. When the patch defines
   * that provider's initializer (a global `struct migrator` with the same name), its object is used and
   * its copy callback replaces the model's for this run.
   */
  migratorObject(m: Migrator): PtrValue {
    const type = this.struct('migrator');
    const obj = this.cStructs.get(m) ?? this.patchInitializer(m) ?? this.modelMigrator(m, type);
    this.cStructs.set(m, obj);
    return objPtr(refTo(obj), pointerTo(type));
  }

  private patchInitializer(m: Migrator): MemObject | undefined {
    for (const [name, obj] of this.interp.globals) {
      if (name === 'migrator' || obj.storage === 'kernel' || obj.type !== this.struct('migrator')) continue;
      const cName = readCString(objPtr(refTo(obj, ['name', 0]), pointerTo(T.char)));
      if (cName.toLowerCase() !== m.name.toLowerCase()) continue;
      const fn = functionOf(load(refTo(obj, [this.copyMember])));
      if (fn.kind === 'patch') m.copy = (k, list) => this.runCopyCallback(fn, list, k);
      obj.host = m;
      return obj;
    }
    return undefined;
  }

  private modelMigrator(m: Migrator, type: CType): MemObject {
    const obj = this.kernelObject(`${m.kind}_migrator`, type);
    obj.host = m;
    writeBytes(objPtr(refTo(obj, ['name', 0]), pointerTo(T.char)), [...new TextEncoder().encode(m.name)].slice(0, 31));
    const callback: NativeFunction = m === this.kernelCopy
      ? (this.interp.natives.get('folios_mc_copy') as NativeFunction)
      : native(`${m.kind}_migrate_offc`, () => fail('unsupported', `${m.name}'s copy callback is the model's; call it through the static call`));
    this.callbacks.set(callback, m);
    store(refTo(obj, [this.copyMember]), { k: 'ptr', t: pointerTo(T.void), target: { kind: 'fn', fn: callback } });
    if (m.owner) {
      const mod = this.kernelObject(m.owner.name, this.struct('module'));
      mod.host = m.owner;
      store(refTo(obj, ['owner']), objPtr(refTo(mod), pointerTo(this.struct('module'))));
    }
    return obj;
  }

  /** The model provider a C `struct migrator *` stands for; a struct the patch filled in becomes a new one. */
  migratorFromC(p: Value): Migrator | undefined {
    if (p.k !== 'ptr' || p.target.kind === 'null') return undefined;
    const lv = derefLvalue(p);
    if (lv.ref.obj.host && lv.ref.path.length === 0) return lv.ref.obj.host as Migrator;
    const at = (field: string) => ({ ...lv.ref, path: [...lv.ref.path, field] });
    const fn = functionOf(load(at(this.copyMember)));
    const name = readCString(objPtr({ ...lv.ref, path: [...lv.ref.path, 'name', 0] }, pointerTo(T.char)));
    const known = this.callbacks.get(fn);
    const m: Migrator = {
      name, kind: known?.kind ?? 'kernel', running: 0,
      owner: this.ctx.module(load(at('owner'))),
      copy: known ? known.copy : (k, list) => this.runCopyCallback(fn, list, k),
    };
    lv.ref.obj.host ??= m;
    return m;
  }

  /**
   * Where `static_call(_folios_copy)` points now, for a patch that brings its own offc_update_migrator():
   * the provider whose callback is installed, or undefined for the kernel's folios_mc_copy.
   */
  staticCallTarget(): Migrator | undefined {
    const key = this.interp.globals.get('__SCK___folios_copy');
    if (!key) return undefined;
    const fn = functionOf(load(refTo(key, ['func'])));
    const known = this.callbacks.get(fn);
    if (known) return known === this.kernelCopy ? undefined : known;
    const wrapped: Migrator = { name: fn.name, kind: 'kernel', running: 0, owner: undefined, copy: (k, list) => this.runCopyCallback(fn, list, k) };
    this.callbacks.set(fn, wrapped);
    return wrapped;
  }

  private *runCopyCallback(fn: Callable, list: Parameters<Migrator['copy']>[1], _k: KernelModel) {
    const { dst, src } = listsFor(this.program, list);
    const ret = yield* asTask(this.interp, this.interp.invoke(fn, [dst, src, intValue(list.n, T.uint)], undefined));
    return ret.k === 'int' ? Number(ret.v) : 0;
  }
}
