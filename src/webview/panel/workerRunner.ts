/**
 * Runs a simulation in a Web Worker started from a blob: URL (the only kind a webview may start), so a
 * long run never blocks the panel. Cancelling terminates the worker at once; nothing of it survives.
 */
import type { SimConfig } from '../../core/sim/types';
import { RunCancelled, type RunHandle, type RunOptions, type RunOutcome } from './runTypes';
import type { FromSimWorker, ToSimWorker } from './simWorkerProtocol';
import type { CalibrationRow } from './viewModel';

export function runInWorker(workerSource: string, config: SimConfig, options: RunOptions): RunHandle {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  let settle: { resolve(outcome: RunOutcome): void; reject(error: Error): void } | undefined;
  const done = new Promise<RunOutcome>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (action: () => void) => {
    worker.terminate();
    URL.revokeObjectURL(url);
    action();
  };
  worker.onmessage = (event: MessageEvent<FromSimWorker>) => {
    const message = event.data;
    if (message.type === 'progress') options.onProgress(message.progress);
    else if (message.type === 'done') finish(() => settle?.resolve({ result: message.result }));
    else if (message.type === 'failed') finish(() => settle?.reject(new Error(message.message)));
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    finish(() => settle?.reject(new Error(event.message || 'the simulation worker failed')));
  };
  worker.postMessage({ type: 'run', config } satisfies ToSimWorker);
  return { done, cancel: () => finish(() => settle?.reject(new RunCancelled())) };
}

/** The model-vs-published table, computed in its own worker; rejects if the worker fails. */
export function calibrationInWorker(workerSource: string): Promise<CalibrationRow[]> {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  return new Promise<CalibrationRow[]>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<FromSimWorker>) => {
      if (event.data.type === 'calibration') resolve(event.data.rows);
      else if (event.data.type === 'failed') reject(new Error(event.data.message));
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      reject(new Error(event.message || 'the calibration worker failed'));
    };
    worker.postMessage({ type: 'calibrate' } satisfies ToSimWorker);
  }).finally(() => {
    worker.terminate();
    URL.revokeObjectURL(url);
  });
}
