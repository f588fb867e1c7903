import { mtcopyNs } from '../costModel';
import { F_COPIED, type CopyList } from '../copyList';
import { delay, type Task } from '../kernel/engine';
import type { KernelModel } from '../kernel/kernelModel';
import type { CpuSelect, Generation, Topology } from '../types';
import { mtcopyPlan } from './plans';
import { cpuCount, itemsPerCcd, mtcopyCpu } from '../topology';

export const EAGAIN = -11;
export const ENOMEM = -12;
export const MTCOPY_NAME = 'CPU_MT_COPY';

const lanes: Record<string, string[]> = { spread: [], fill: [] };
function cpuLane(select: CpuSelect, item: number): string {
  return (lanes[select]![item] ??= `cpu${mtcopyCpu(select, item)}`);
}

/**
 * copy_page_lists_mt() (patch 6): N work items on system_unbound_wq, each copy_mc_to_kernel()-ing its share;
 * any chunk fault makes the whole batch return -EAGAIN (the core then recopies it serially). Work items
 * are allocated with GFP_NOWAIT on every batch: a failed allocation returns -ENOMEM (series notes b.5.3).
 * Patch 9 queues item i on cpu_id_list[i] (0, 8, …, 248 or 0..31) without checking the CPU exists (e.12).
 */
export function* copyPageListsMt(k: KernelModel, list: CopyList, threads: number, generation: Generation, select: CpuSelect = 'spread', topology?: Required<Topology>): Task<number> {
  const { batch, idx, n, env } = list;
  const plan = mtcopyPlan(batch.bytes, idx, n, threads, generation === 'v3');
  for (let w = 0; w < plan.items; w++) {
    if (env.faults.fires('enomem')) {
      k.log.warn(`mtcopy: work item ${w} allocation (GFP_NOWAIT) failed, -ENOMEM`);
      return ENOMEM;
    }
  }
  if (topology && generation === 'v3') {
    const last = mtcopyCpu(select, plan.items - 1);
    if (last >= topology.online) {
      const total = cpuCount(topology);
      k.trace.violate(
        'cpu-online',
        `queue_work_on(${last}, …) for work item ${plan.items - 1}: CPU ${last} ${last >= total ? `does not exist (${total} CPUs)` : `is offline (${topology.online} online)`}; patch 9's cpu_id_list is hard-coded up to 248`,
        String(last),
      );
    }
  }
  const mayFault = env.faults.anyIn(batch.firstFolio, batch.firstFolio + batch.n - 1);
  const ns = mtcopyNs(env.params, plan.items, plan.maxItemBytes, list.totalBytes, topology ? itemsPerCcd(topology, select, plan.items) : undefined);
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
  for (let w = 0; w < plan.items; w++) {
    const end = Math.min(k.now, start + plan.itemBytes[w]! / env.params.cpuCopyGBps);
    env.timeline.add(cpuLane(select, w), start, Math.max(start, end), () => `work item ${w}: ${plan.itemBytes[w]} B`);
  }
  env.account(MTCOPY_NAME, bytes, ns);
  return faults > 0 ? EAGAIN : 0;
}
