import { mtcopyNs } from '../costModel';
import { F_COPIED, type CopyList } from '../copyList';
import { delay, type Task } from '../kernel/engine';
import type { KernelModel } from '../kernel/kernelModel';
import type { Protocol } from '../types';
import { mtcopyCpu, mtcopyPlan } from './plans';

export const EAGAIN = -11;
export const MTCOPY_NAME = 'CPU_MT_COPY';

const lanes: string[] = [];
function cpuLane(item: number): string {
  return (lanes[item] ??= `cpu${mtcopyCpu(item)}`);
}

/**
 * copy_page_lists_mt() (patch 6): N work items on system_unbound_wq, each copy_mc_to_kernel()-ing its share;
 * any chunk fault makes the whole batch return -EAGAIN (the core then recopies it serially).
 */
export function* copyPageListsMt(k: KernelModel, list: CopyList, threads: number, generation: Protocol): Task<number> {
  const { batch, idx, n, env } = list;
  const plan = mtcopyPlan(batch.bytes, idx, n, threads, generation === 'v3');
  const mayFault = env.faults.anyIn(batch.firstFolio, batch.firstFolio + batch.n - 1);
  const ns = mtcopyNs(env.params, plan.items, plan.maxItemBytes, list.totalBytes);
  const start = k.now;
  yield delay(ns);
  let faults = 0;
  let bytes = 0;
  let dropped = 0;
  for (let j = 0; j < n; j++) {
    const i = idx[j]!;
    const size = batch.bytes[i]!;
    if (mayFault && env.faults.attempt(batch.firstFolio + i)) {
      batch.faulted[i]!++;
      faults++;
      continue;
    }
    const lost = plan.droppedPerFolio(size);
    dropped += lost;
    batch.copied[i] = size - lost;
    bytes += size - lost;
    if (lost === 0) batch.flags[i]! |= F_COPIED;
  }
  if (dropped > 0) k.trace.record('mtcopy_chunk', `${dropped} bytes past threads*chunk_size not copied (VM_WARN_ON only)`);
  let offset = start;
  for (let w = 0; w < plan.items; w++) {
    offset += env.params.mtWorkItemNs;
    const end = Math.min(k.now, offset + plan.itemBytes[w]! / env.params.cpuCopyGBps);
    env.timeline.add(cpuLane(w), offset, Math.max(offset, end), () => `work item ${w}: ${plan.itemBytes[w]} B`);
  }
  env.account(MTCOPY_NAME, bytes, ns);
  return faults > 0 ? EAGAIN : 0;
}
