import { cpuCopyNs } from '../costModel';
import { F_COPIED, type CopyList } from '../copyList';
import { delay, type Task } from '../kernel/engine';
import type { KernelModel } from '../kernel/kernelModel';
import type { Migrator } from '../protocol';

export const EHWPOISON = -133;

/**
 * folios_mc_copy() (patch 3): folio_mc_copy() each pair in list order on the calling CPU and return the
 * first error; pairs after the failing one are left uncopied.
 */
export function* foliosMcCopy(k: KernelModel, list: CopyList, provider = 'kernel'): Task<number> {
  const { batch, idx, n, env } = list;
  const mayFault = env.faults.anyIn(batch.firstFolio, batch.firstFolio + batch.n - 1);
  let bytes = 0;
  let done = n;
  let rc = 0;
  for (let j = 0; j < n; j++) {
    const i = idx[j]!;
    if (mayFault && env.faults.attempt(batch.firstFolio + i)) {
      batch.faulted[i]!++;
      done = j;
      rc = EHWPOISON;
      break;
    }
    bytes += batch.bytes[i]!;
  }
  const ns = cpuCopyNs(env.params, bytes);
  const start = k.now;
  yield delay(ns);
  for (let j = 0; j < done; j++) {
    const i = idx[j]!;
    batch.copied[i] = batch.bytes[i]!;
    batch.flags[i]! |= F_COPIED;
  }
  env.timeline.add('cpu0', start, k.now, () => `folios_mc_copy ${done}/${n} folios`, batch.firstFolio + (idx[0] ?? 0));
  env.account(provider, bytes, ns);
  return rc;
}

/** The global default migrator: name "kernel", copy folios_mc_copy, no module. */
export function kernelMigrator(): Migrator {
  return { name: 'kernel', kind: 'kernel', copy: (k, list) => foliosMcCopy(k, list), owner: undefined, running: 0 };
}
