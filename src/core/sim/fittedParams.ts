import type { CostParams } from './costParams';

/**
 * Output of fitCostModel() (calibration.ts) from initialCostParams over the V3 tables only (the V2 and V4
 * cells are the holdout), pasted verbatim; test/sim/calibration.test.ts re-runs the fit and fails if these
 * drift from what the code produces. Regenerate: `offload-review simulate --calibration --fit --json`.
 */
export const fittedCostParams: CostParams = {
  cpuCopyGBps: 10.328495717100694,
  cpuCeilingGBps: 43.32116854487544,
  folioMetaNs: 450,
  pteNs: 250,
  pmdNs: 11577.427875207073,
  warmupNs: 115562.28750189675,
  dmaChanGBps: 13.6,
  dmaEngineGBps: 14.115610813370948,
  channelsPerEngine: 2,
  dmaCeilingGBps: 110,
  dmaChannelSetupNs: 25842.56672458496,
  dmaEntryNs: 282.1912670540859,
  dmaPageNs: 452.04533553385613,
  dmaCompletionNs: 44346.02183585787,
  ceilingSharpness: 4,
};
