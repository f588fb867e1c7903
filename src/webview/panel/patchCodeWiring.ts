/**
 * Plugs "Use the patch's code" into the panel page: the stepping section (patchCodePanel.ts) and, while
 * its box is checked, simulations run by the extension host with the patch's C as the protocol
 * (hostSimulationRunner.ts; real-copy runs stay on the page with the model's protocol).
 */
import type { HostToPanel } from '../../shared/protocol';
import { readControls } from './controls';
import { byId } from './dom';
import { HostSimulationRunner } from './hostSimulationRunner';
import { PatchCodePanel, type PatchCodeTestState } from './patchCodePanel';
import type { StartRun } from './runTypes';
import type { PanelHostApi } from './vscodeApi';

export interface PatchCodeWiring {
  receive(message: HostToPanel): void;
  /** `fallback` unless the box is checked (and the run moves no real bytes). */
  startRun(fallback: StartRun): StartRun;
  testState(): PatchCodeTestState;
}

export function wirePatchCode(host: PanelHostApi): PatchCodeWiring {
  const form = () => readControls(byId<HTMLFormElement>('controls'));
  const panel = new PatchCodePanel({
    host,
    controls: byId('patch-code-controls'),
    output: byId('patch-code'),
    migrator: () => {
      const config = form();
      return config.ok ? (config.value.providers[0]?.kind ?? 'dcbm') : 'dcbm';
    },
  });
  const hostRuns = new HostSimulationRunner(host);
  return {
    receive(message) {
      panel.receive(message);
      if (message.type === 'patchSimResult') hostRuns.receive(message);
    },
    startRun: (fallback) => (config, options) => {
      const controls = form();
      if (!panel.testState().usePatchCode || options.realCopy || !controls.ok) return fallback(config, options);
      return hostRuns.start(controls.value, options);
    },
    testState: () => panel.testState(),
  };
}
