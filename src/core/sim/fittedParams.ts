import type { CostParams } from './costParams';

/**
 * Output of fitCostModel() (calibration.ts) from initialCostParams over the V3 tables, pasted verbatim;
 * test/sim/calibration.test.ts re-runs the fit and fails if these drift from what the code produces.
 * Regenerate: `offload-review simulate --calibration --fit`.
 */
export const fittedCostParams: CostParams = {
  cpuCopyGBps: 11.6453464025821,
  cpuCeilingGBps: 51.864855172651275,
  folioMetaNs: 522.8254092277274,
  pteNs: 250,
  pmdNs: 13317.211943009994,
  batchNs: 3232.1488043857853,
  warmupNs: 90000,
  warmupFolios: 13.771327622800925,
  mtWorkItemNs: 2209.0997795937756,
  mtCompletionNs: 27167.54345372502,
  dmaChanGBps: 13.6,
  dmaEngineGBps: 19.054081580743844,
  channelsPerEngine: 2,
  dmaCeilingGBps: 157.6662356016374,
  dmaChannelSetupNs: 5000,
  dmaEntryNs: 82.43606353500641,
  dmaDescNs: 300,
  dmaPageNs: 425.72026457797716,
  dmaCompletionNs: 37040.9110340859,
};
