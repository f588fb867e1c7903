import { channelNs, dcbmNs } from '../costModel';
import { F_COPIED, type CopyList } from '../copyList';
import { delay, type Task } from '../kernel/engine';
import type { KernelModel } from '../kernel/kernelModel';
import type { Generation, InjectPoint } from '../types';
import { foliosMcCopy } from './kernelCopy';
import { dcbmPlan } from './plans';

export const DCBM_NAME = 'DCBM';
const EIO = -5;
const ETIMEDOUT = -110;
const ENODEV = -19;
const ENOMEM = -12;
const EOPNOTSUPP = -95;

/** Setup steps that can fail before any descriptor runs, in the order folios_copy_dma() takes them. */
const setupPoints: [InjectPoint, string, number][] = [
  ['enomem', 'SG table allocation failed', ENOMEM],
  ['chan-request', 'dma_request_chan_by_mask(DMA_MEMCPY) found no channel', ENODEV],
  ['dma-map', 'dma_map_sgtable() failed', ENOMEM],
  ['submit', 'dmaengine_submit() returned an error cookie', EIO],
];

/**
 * folios_copy_dma() (patch 7): one SG table pair per channel, one completion per channel, 10 s timeout.
 * V3 falls back to folios_mc_copy() on any failure and returns 0 whatever that copy did; it checks no
 * per-descriptor result, so a descriptor that read poison goes unnoticed. The fixed generation reports
 * errors and leaves the folio unmarked, so the core falls back per folio.
 */
export function* foliosCopyDma(k: KernelModel, list: CopyList, channels: number, generation: Generation): Task<number> {
  const { batch, idx, n, env } = list;
  const lo = batch.firstFolio;
  const hi = lo + batch.n - 1;
  const loads = dcbmPlan(batch.bytes, idx, n, channels);
  const cost = dcbmNs(env.params, loads);
  const start = k.now;
  for (const [point, what, err] of setupPoints) {
    if (!env.faults.fires(point)) continue;
    k.log.err(`dcbm: ${what}`);
    if (generation === 'v3') {
      k.log.info('DCBM: Falling back to CPU copy');
      yield* foliosMcCopy(k, list, DCBM_NAME);
      return 0;
    }
    // V5+: no channel means the migrator cannot take the batch: it declines and the core copies per folio.
    return point === 'chan-request' && generation !== 'v4' ? EOPNOTSUPP : err;
  }
  yield delay(cost.setupNs);
  env.timeline.add('cpu0', start, k.now, () => `dcbm: map ${n} SG entries on ${loads.length} channel(s)`);
  if (env.faults.timeoutIn(lo, hi)) {
    const waitStart = k.now;
    yield delay(env.timings.dmaTimeoutNs);
    env.timeline.add('dma0', waitStart, k.now, 'no completion: 10 s timeout');
    k.log.err('dcbm: DMA completion timed out');
    if (generation !== 'v3') return ETIMEDOUT;
    k.log.info('DCBM: Falling back to CPU copy');
    yield* foliosMcCopy(k, list, DCBM_NAME);
    return 0;
  }
  const transferStart = k.now;
  yield delay(cost.transferNs + cost.completionNs);
  const mayFault = env.faults.anyIn(lo, hi);
  // Only the last descriptor of a channel has a callback: if the engine completes it before the others
  // (engines such as DSA complete out of order), the wait returns with earlier descriptors still running;
  // their folios are every folio of channel 0 outside that last (IOMMU-merged) descriptor.
  const chan0 = loads[0];
  const early = chan0 && chan0.descriptors > 1 && env.faults.fires('out-of-order') ? chan0.entries - chan0.lastDescriptorFolios : 0;
  if (early > 0) k.trace.record('dma_complete', `channel 0: last descriptor completed first; ${chan0!.descriptors - 1} earlier descriptor(s) (${early} folios) still in flight`);
  let bytes = 0;
  let poisoned = 0;
  for (let j = 0; j < n; j++) {
    const i = idx[j]!;
    if (mayFault && env.faults.attempt(lo + i)) {
      batch.faulted[i]!++;
      poisoned++;
      continue;
    }
    if (j < early) {
      // dcbm believes the channel finished: the folio is marked copied although its bytes are not there yet.
      batch.flags[i]! |= F_COPIED;
      continue;
    }
    batch.copied[i] = batch.bytes[i]!;
    batch.flags[i]! |= F_COPIED;
    bytes += batch.bytes[i]!;
  }
  let first = 0;
  loads.forEach((load, c) => {
    const own = channelNs(env.params, load);
    const folio = lo + (idx[first] ?? 0);
    env.timeline.add(`dma${c}`, transferStart, Math.min(k.now, transferStart + Math.max(own, 1)), () => `folios ${folio}.. (${load.entries}), ${load.bytes} B`, folio);
    first += load.entries;
  });
  env.account(DCBM_NAME, bytes, cost.transferNs + cost.setupNs + cost.completionNs);
  if (poisoned > 0) {
    k.trace.record('dma_error', `${poisoned} descriptor(s) read poisoned memory`);
    return generation === 'v3' ? 0 : EIO;
  }
  return 0;
}
