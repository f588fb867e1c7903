/**
 * A whole simulation whose migrator protocol is the patch's own C (start_offloading / stop_offloading /
 * a provider's copy callback), run in slices so the extension host can yield between them. Only small
 * runs: the interpreter costs per statement, and this runs where tree-sitter is (the extension host).
 */
import type { CParser } from '../c/parser';
import { createSimulation } from '../sim/simulation';
import type { SimConfig, SimResult } from '../sim/types';
import { loadPatchCode } from './simulateWithPatchCode';

/** Folios a "Use the patch's code" run may migrate (the panel's default run is 512). */
export const MAX_PATCH_CODE_FOLIOS = 4096;
/**
 * Single engine steps per slice. runToEnd(n) was no slice: with one thread running, the engine resumes it in place
 * (no event popped), so a whole run was one "step" and Stop waited for its end. Stepped one event at a time the run
 * is the same (verdict, violations, stats, log; only a violation's actor reads as in the panel's step mode) and a
 * slice takes milliseconds. A runaway call of the patch's C (an endless loop) is cut into steps of 250
 * statements once it is far beyond any real call (execution.ts): `npm run bench -- --only=interpStop` measures
 * what Stop waits for.
 */
const STEPS_PER_SLICE = 200;
/** A slice also ends after this much wall time: a step of a runaway call is 250 statements (execution.ts). */
const SLICE_BUDGET_MS = 16;

export interface PatchCodeSimulation {
  /** Runs one slice; true when the simulation has finished. */
  slice(): boolean;
  result(): SimResult;
  dispose(): void;
}

/** How many folios the simulator will make of count / totalBytes (mean size over the mix). */
export function plannedFolios(config: SimConfig): number {
  const sizes = config.folioSizes ?? [{ bytes: 2 * 1024 * 1024, weight: 1 }];
  const weight = sizes.reduce((total, size) => total + size.weight, 0);
  if (config.totalBytes === undefined || weight <= 0) return config.count ?? 0;
  const meanBytes = sizes.reduce((total, size) => total + size.bytes * size.weight, 0) / weight;
  return Math.ceil(config.totalBytes / meanBytes);
}

/** Throws an Error with a one-line message for a run too big, or a document without start/stop code. */
export function startPatchCodeSimulation(text: string, fileName: string, parser: CParser, config: SimConfig): PatchCodeSimulation {
  const folios = plannedFolios(config);
  if (folios > MAX_PATCH_CODE_FOLIOS) {
    throw new Error(`"Use the patch's code" runs at most ${MAX_PATCH_CODE_FOLIOS} folios (this run has ${folios}); lower the count or total`);
  }
  const run = loadPatchCode(text, fileName, parser);
  const sim = createSimulation({ ...config, protocolImpl: run.factory });
  let finished = false;
  return {
    slice: () => {
      const deadline = performance.now() + SLICE_BUDGET_MS;
      for (let i = 0; i < STEPS_PER_SLICE && !finished && performance.now() < deadline; i++) finished = !sim.step();
      return finished;
    },
    result: () => sim.result(),
    dispose: () => run.program.dispose(),
  };
}
