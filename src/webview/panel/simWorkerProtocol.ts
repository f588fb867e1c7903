/** Messages between the panel page and its simulation worker (both bundled from this repo, same build). */
import type { SimConfig, SimResult } from '../../core/sim/types';
import type { LiveProgress } from './runTypes';
import type { CalibrationRow } from './viewModel';

export type ToSimWorker = { type: 'run'; config: SimConfig } | { type: 'calibrate' };

export type FromSimWorker =
  | { type: 'progress'; progress: LiveProgress }
  | { type: 'done'; result: SimResult }
  | { type: 'calibration'; rows: CalibrationRow[] }
  | { type: 'failed'; message: string };
