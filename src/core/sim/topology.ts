import type { CpuSelect, Topology } from './types';

/**
 * The V2/V3 test machine: AMD Zen 3 EPYC, 2 sockets (one NUMA node each), 8-core CCDs, SMT on. The cover
 * letter says "2-sockets, 32 cores, SMT Enabled"; 32 cores per socket (4 CCDs) is what lets patch 9's
 * spread list reach CPU 120 at 16 threads, the highest the published runs used (series notes e.12).
 */
export const defaultTopology: Required<Topology> = { nodes: 2, ccdsPerNode: 4, coresPerCcd: 8, smt: 2, online: 128 };

export function cpuCount(t: Topology): number {
  return t.nodes * t.ccdsPerNode * t.coresPerCcd * t.smt;
}

export function validateTopology(t: Topology): Required<Topology> {
  for (const [name, v, max] of [['nodes', t.nodes, 8], ['CCDs per node', t.ccdsPerNode, 16], ['cores per CCD', t.coresPerCcd, 16], ['SMT', t.smt, 2]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`topology: ${name} must be 1..${max}, got ${v}`);
  }
  const total = cpuCount(t);
  const online = t.online ?? total;
  if (!Number.isInteger(online) || online < 1 || online > total) throw new Error(`topology: online CPUs must be 1..${total}, got ${online}`);
  return { nodes: t.nodes, ccdsPerNode: t.ccdsPerNode, coresPerCcd: t.coresPerCcd, smt: t.smt, online };
}

/** Linux enumerates every core's first thread, then the SMT siblings: CPU c is core c mod cores. */
export function ccdOf(t: Required<Topology>, cpu: number): number {
  const cores = t.nodes * t.ccdsPerNode * t.coresPerCcd;
  return Math.floor((cpu % cores) / t.coresPerCcd);
}

export function nodeOf(t: Required<Topology>, cpu: number): number {
  return Math.floor(ccdOf(t, cpu) / t.ccdsPerNode);
}

/** patch 9's cpu_id_list: spread = 0, 8, 16, …, 248 (one CPU per die); fill = 0..31. Hard-coded, not read from the topology. */
export function mtcopyCpu(select: CpuSelect, item: number): number {
  return select === 'spread' ? item * 8 : item;
}

/** How many work items land on each CCD (index = CCD id), for the CCD bandwidth share. */
export function itemsPerCcd(t: Required<Topology>, select: CpuSelect, items: number): number[] {
  const counts: number[] = [];
  for (let w = 0; w < items; w++) {
    const cpu = mtcopyCpu(select, w);
    const ccd = cpu < cpuCount(t) ? ccdOf(t, cpu) : -1;
    if (ccd >= 0) counts[ccd] = (counts[ccd] ?? 0) + 1;
  }
  return counts;
}
