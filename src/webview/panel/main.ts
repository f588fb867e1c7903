/**
 * Entry of the "Simulate Migration" webview (bundled to media/build/panel.js, loaded by nonce).
 * Builds the controls, restores the saved state, checks every message from the extension, then sends
 * `ready` so the extension knows it may talk.
 */
import { checkHostToPanel } from '../../shared/protocol';
import { PanelCharts } from './charts';
import { buildControls } from './controls';
import { byId } from './dom';
import { PanelController } from './panelController';
import { wirePatchCode } from './patchCodeWiring';
import { startSimulation, modelCalibration } from './simulationRunner';
import { connectToHost } from './vscodeApi';

function boot(): void {
  const host = connectToHost();
  buildControls(byId<HTMLFormElement>('controls'));
  const charts = new PanelCharts(byId<HTMLCanvasElement>('throughput-chart'), byId<HTMLCanvasElement>('timeline-chart'), byId<HTMLCanvasElement>('latency-chart'));
  const patchCode = wirePatchCode(host);
  const controller = new PanelController({ host, charts, startRun: patchCode.startRun(startSimulation), calibration: modelCalibration });
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const checked = checkHostToPanel(event.data);
    if (checked.ok) {
      controller.receive(checked.value);
      patchCode.receive(checked.value);
    }
    else host.post({ type: 'problem', message: `the panel ignored a message: ${checked.error}` });
  });
  window.addEventListener('pagehide', () => {
    controller.dispose();
    charts.dispose();
  });
  // The test channel inside the page: E2E reads what the panel shows without scraping pixels.
  (globalThis as { kernelOffloadPanel?: unknown }).kernelOffloadPanel = { state: () => controller.testState(), patchCode: () => patchCode.testState() };
  host.post({ type: 'ready' });
}

boot();
