/**
 * Runs a simulation in the extension host instead of a worker: used when "Use the patch's code" is checked,
 * because the patch's C needs tree-sitter, which only the host has. The answer is the same SimResult a
 * worker run gives, so the controller draws it the same way. Stop settles the run here at once and tells the
 * host, which ends its run between two slices.
 */
import type { SimResult } from '../../core/sim/types';
import type { PatchCodeHostMessage } from '../../shared/patchCodeProtocol';
import type { PanelRunConfig } from '../../shared/runConfig';
import { RunCancelled, type RunHandle, type RunOptions } from './runTypes';
import type { PanelHostApi } from './vscodeApi';

type Settle = (result: SimResult | null, error: string | null) => void;

export class HostSimulationRunner {
  private nextRequest = 1;
  private readonly pending = new Map<number, Settle>();

  constructor(private readonly host: PanelHostApi) {}

  start(config: PanelRunConfig, options: RunOptions): RunHandle {
    const requestId = this.nextRequest++;
    let cancel = () => {};
    const done = new Promise<{ result: SimResult }>((resolve, reject) => {
      this.pending.set(requestId, (result, error) => (result ? resolve({ result }) : reject(new Error(error ?? 'the extension sent no result'))));
      cancel = () => {
        this.pending.delete(requestId);
        this.host.post({ type: 'patchSimulateCancel', requestId });
        reject(new RunCancelled());
      };
    });
    options.onProgress({ fraction: null, newLog: [], newSpans: [], lanes: [], violations: 0 });
    this.host.post({ type: 'patchSimulate', requestId, config });
    return { done, cancel };
  }

  receive(message: PatchCodeHostMessage): void {
    if (message.type !== 'patchSimResult') return;
    this.pending.get(message.requestId)?.(message.result, message.error);
    this.pending.delete(message.requestId);
  }
}
