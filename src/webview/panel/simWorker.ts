/**
 * The simulation worker (bundled as one IIFE, inlined, started from a blob: URL). It runs one
 * simulation, streams progress, posts the result and is then terminated by the page; or it computes
 * the model's calibration table (seconds of work the page must not block on).
 */
import { analyseRun } from '../../core/sim/analysis';
import { calibrationTable } from '../../core/sim/calibration';
import { createSimulation } from '../../core/sim/simulation';
import { SimDriver } from './simDriver';
import type { FromSimWorker, ToSimWorker } from './simWorkerProtocol';

const scope = globalThis as unknown as { postMessage(message: FromSimWorker): void; onmessage: ((event: MessageEvent<ToSimWorker>) => void) | null };

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message?.type === 'calibrate') {
      scope.postMessage({ type: 'calibration', rows: calibrationTable().rows });
      return;
    }
    if (message?.type !== 'run') return;
    const config = message.config;
    const driver = new SimDriver(createSimulation(config), config, (progress) => scope.postMessage({ type: 'progress', progress }));
    const result = driver.runToEnd();
    result.analysis = analyseRun(config);
    scope.postMessage({ type: 'done', result });
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
