/**
 * The folio lists a copy callback receives. When the simulator dispatches a batch to a callback the patch
 * defines, its CopyList becomes two C lists of `struct folio` (linked through `lru`); folio_mc_copy() on a
 * pair copies that folio in the model (cost, faults, copied bytes), so what the C code does is what counts.
 */
import { foliosMcCopy, EHWPOISON } from '../../sim/providers/kernelCopy';
import { cpuCopyNs } from '../../sim/costModel';
import { F_COPIED, type CopyList } from '../../sim/copyList';
import { delay, type KernelModel } from '../../sim';
import { load, refTo, store } from '../access';
import { pointerTo, T, type CType } from '../ctypes';
import { derefLvalue } from '../lvalues';
import { MemObject } from '../memory';
import { intValue, objPtr, type NativeCall, type NativeFunction, type PtrValue, type Value } from '../values';
import { newStore } from '../access';
import { arg, native, waitFor } from '../kernel';
import type { PatchProgram } from '../program';

interface FolioHost {
  list: CopyList;
  /** Index into the batch. */
  index: number;
  side: 'src' | 'dst';
}

interface ListHost {
  list: CopyList;
  side: 'src' | 'dst';
}

function structType(program: PatchProgram, tag: string): CType {
  const t = program.types.structs.get(`struct ${tag}`);
  if (!t) throw new Error(`the kernel prelude lacks struct ${tag}`);
  return t;
}

/** Builds `dst_list` and `src_list` for a batch; returns pointers to both heads. */
export function listsFor(program: PatchProgram, list: CopyList): { dst: PtrValue; src: PtrValue } {
  const headType = structType(program, 'list_head');
  const folioType = structType(program, 'folio');
  const make = (side: 'src' | 'dst'): PtrValue => {
    const head = new MemObject(`${side}_list`, headType, newStore(headType, true), 'kernel', 0);
    head.host = { list, side } satisfies ListHost;
    const headPtr = objPtr(refTo(head), pointerTo(headType));
    let prev = headPtr;
    for (let j = 0; j < list.n; j++) {
      const index = list.idx[j] as number;
      const folio = new MemObject(`${side}_folio[${j}]`, folioType, newStore(folioType, true), 'kernel', 0);
      folio.host = { list, index, side } satisfies FolioHost;
      store(refTo(folio, ['_nr_pages']), intValue(Math.max(1, (list.batch.bytes[index] ?? 4096) / 4096), T.uint));
      const lru = objPtr(refTo(folio, ['lru']), pointerTo(headType));
      store(refTo(folio, ['lru', 'prev']), prev);
      const prevLv = derefLvalue(prev);
      store({ ...prevLv.ref, path: [...prevLv.ref.path, 'next'] }, lru);
      prev = lru;
    }
    store(refTo(head, ['prev']), prev);
    const lastLv = derefLvalue(prev);
    store({ ...lastLv.ref, path: [...lastLv.ref.path, 'next'] }, headPtr);
    return headPtr;
  };
  return { dst: make('dst'), src: make('src') };
}

function hostOf<H>(p: Value): H | undefined {
  if (p.k !== 'ptr' || p.target.kind !== 'obj') return undefined;
  return p.target.ref.obj.host as H | undefined;
}

/** folio_mc_copy(dst, src) on model folios: the pair must be the same batch slot, or the copy lands wrongly. */
function* folioMcCopy(k: KernelModel, call: NativeCall) {
  const dst = hostOf<FolioHost>(arg(call, 0));
  const src = hostOf<FolioHost>(arg(call, 1));
  derefLvalue(arg(call, 0));
  derefLvalue(arg(call, 1));
  if (!dst || !src) return intValue(0);
  const { batch, env } = src.list;
  const bytes = batch.bytes[src.index] ?? 0;
  if (env.faults.attempt(batch.firstFolio + src.index)) {
    batch.faulted[src.index]!++;
    return intValue(EHWPOISON);
  }
  yield* waitFor((function* () { yield delay(cpuCopyNs(env.params, bytes)); })());
  env.account('patch', bytes, cpuCopyNs(env.params, bytes));
  if (dst.index !== src.index) {
    k.trace.violate('copy-pairs', `folio_mc_copy() copied source folio ${src.index} into destination ${dst.index}`, `${src.index}`);
    return intValue(0);
  }
  batch.copied[dst.index] = bytes;
  batch.flags[dst.index]! |= F_COPIED;
  return intValue(0);
}

/** folios_mc_copy(dst_list, src_list, n) called from C: the model's batch copy when both lists are a batch's. */
function* foliosMcCopyNative(k: KernelModel, call: NativeCall) {
  const dst = hostOf<ListHost>(arg(call, 0));
  const src = hostOf<ListHost>(arg(call, 1));
  if (dst && src && dst.list === src.list) return intValue(yield* waitFor(foliosMcCopy(k, src.list)));
  // Lists the C code built itself: walk both in lock-step as the kernel function does.
  let d = load(fieldRef(arg(call, 0), 'next')) as PtrValue;
  let s = load(fieldRef(arg(call, 1), 'next')) as PtrValue;
  while (d.target.kind === 'obj' && s.target.kind === 'obj' && !isHead(d, arg(call, 0)) && !isHead(s, arg(call, 1))) {
    d = load(fieldRef(d, 'next')) as PtrValue;
    s = load(fieldRef(s, 'next')) as PtrValue;
  }
  return intValue(0);
}

function fieldRef(p: Value, field: string) {
  const lv = derefLvalue(p);
  return { ...lv.ref, path: [...lv.ref.path, field] };
}

function isHead(p: PtrValue, head: Value): boolean {
  return head.k === 'ptr' && head.target.kind === 'obj' && p.target.kind === 'obj' && p.target.ref.obj === head.target.ref.obj && p.target.ref.path.join() === head.target.ref.path.join();
}

export function copyBindings(k: KernelModel): NativeFunction[] {
  return [
    native('folio_mc_copy', (call) => folioMcCopy(k, call)),
    native('folios_mc_copy', (call) => foliosMcCopyNative(k, call)),
  ];
}
