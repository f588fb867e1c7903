import type { CostParams } from './costParams';

/**
 * Output of fitCostModel() (calibration.ts) from initialCostParams over the V3 tables only (the V2 and V4
 * cells are the holdout), pasted verbatim; test/sim/calibration.test.ts re-runs the fit and fails if these
 * drift from what the code produces. Regenerate: `offload-review simulate --calibration --fit --json`.
 */
export const fittedCostParams: CostParams = {
  cpuCopyGBps: 10.328495717100694,
  cpuCeilingGBps: 38.0401201613947,
  folioMetaNs: 454.5225751878756,
  pteNs: 230.77908659665897,
  pmdNs: 12541.677894151386,
  warmupNs: 116723.70779991946,
  dmaChanGBps: 14.732704120379424,
  dmaEngineGBps: 14.115610813370948,
  channelsPerEngine: 2,
  dmaCeilingGBps: 113.34999873488681,
  dmaChannelSetupNs: 24829.265189570513,
  dmaEntryNs: 122.9801555578474,
  dmaPageNs: 250.58106342338155,
  dmaDescNs: 6610.18927876781,
  dmaCompletionNs: 26102.288838050834,
  ceilingSharpness: 3.4085751558648476,
};
