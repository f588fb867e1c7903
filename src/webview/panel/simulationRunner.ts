/**
 * Chooses how a run executes: the simulator in a blob: worker for modelled runs (the page stays
 * responsive and Stop terminates it), on the page in slices where no Worker exists, and with the
 * worker copy engine for real-copy runs.
 */
import { calibrationTable } from '../../core/sim/calibration';
import { analyseRun } from '../../core/sim/analysis';
import { createSimulation } from '../../core/sim/simulation';
import type { SimConfig } from '../../core/sim/types';
import { runWithRealCopy } from './realCopyRunner';
import { RunCancelled, type RunHandle, type RunOptions } from './runTypes';
import { SimDriver } from './simDriver';
import simWorkerSource from './simWorker?worker-source';
import type { CalibrationRow } from './viewModel';
import { calibrationInWorker, runInWorker } from './workerRunner';

export function startSimulation(config: SimConfig, options: RunOptions): RunHandle {
  if (options.realCopy) return runWithRealCopy(config, options);
  return typeof Worker === 'function' ? runInWorker(simWorkerSource, config, options) : runOnPage(config, options);
}

/** Same driver, sliced with macrotasks so the page still paints and Stop still clicks. */
function runOnPage(config: SimConfig, options: RunOptions): RunHandle {
  let cancelled = false;
  const done = new Promise<{ result: ReturnType<SimDriver['runToEnd']> }>((resolve, reject) => {
    const sim = createSimulation(config);
    const driver = new SimDriver(sim, config, options.onProgress);
    const next = () => {
      if (cancelled) return reject(new RunCancelled());
      try {
        if (driver.slice()) resolve({ result: { ...sim.result(), analysis: analyseRun(config) } });
        else setTimeout(next, 0);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    setTimeout(next, 0);
  });
  return { done, cancel: () => (cancelled = true) };
}

let calibration: Promise<CalibrationRow[]> | undefined;

/**
 * The model's figure beside every published cell of the V3 cover letter: computed once per page, in a
 * worker (it takes seconds). The panel starts it at load, so it is usually ready when a run ends.
 */
export function modelCalibration(): Promise<CalibrationRow[]> {
  calibration ??= typeof Worker === 'function' ? calibrationInWorker(simWorkerSource) : Promise.resolve().then(() => calibrationTable().rows);
  return calibration;
}
