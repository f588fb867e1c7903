/**
 * The panel's behaviour: runs, cancellation, live updates, results, exports, saved state and the test
 * channel. DOM drawing lives in render.ts/charts.ts, the simulation itself behind StartRun.
 */
import type { DocumentContext, ExportFormat, HostToPanel, PanelTestState } from '../../shared/protocol';
import { folioBytes, type PanelRunConfig } from '../../shared/runConfig';
import type { PanelCharts } from './charts';
import { readControls, writeControls } from './controls';
import { resultCsv } from './csv';
import { byId } from './dom';
import { LiveLanes } from './liveLanes';
import { appendLog, renderInvariants, renderLog, renderSummary, renderVerdict, type RenderHooks } from './render';
import type { ResultView } from './resultView';
import { RunCancelled, type RunHandle, type RunOutcome, type StartRun } from './runTypes';
import { type SavedPanelState, restoreState } from './savedState';
import { PANEL_MAX_LOG_LINES, toSimConfig } from '../../shared/simConfig';
import { type CalibrationRow, logLevel, toResultView } from './viewModel';
import type { PanelHostApi } from './vscodeApi';

export interface ControllerDeps {
  host: PanelHostApi;
  charts: PanelCharts;
  startRun: StartRun;
  calibration(): Promise<CalibrationRow[]>;
}

type Phase = PanelTestState['phase'];

export class PanelController {
  private state: SavedPanelState;
  private document: DocumentContext | null = null;
  private phase: Phase = 'idle';
  private status = '';
  private run: RunHandle | undefined;
  private lastOutcome: { outcome: RunOutcome; config: PanelRunConfig } | undefined;
  private nextRequest = 1;
  private readonly pending = new Map<number, (document: DocumentContext | null, error: string | null) => void>();
  private readonly form = byId<HTMLFormElement>('controls');
  private readonly hooks: RenderHooks = { reveal: (source) => this.reveal(source.line) };

  constructor(private readonly deps: ControllerDeps) {
    this.state = restoreState(deps.host.getState());
    writeControls(this.form, this.state.config);
    this.showDocument(this.state.documentName, []);
    if (this.state.view) this.showResult(this.state.view, 'Restored the last run.');
    else this.setStatus('Set up a run and press Run.');
    byId('run').addEventListener('click', () => void this.start());
    byId('cancel').addEventListener('click', () => this.cancel('Stopped.'));
    for (const format of ['json', 'csv', 'png'] as const) byId(`export-${format}`).addEventListener('click', () => this.export(format));
    this.form.addEventListener('change', () => this.saveConfig());
    void deps.calibration().catch((error: unknown) => this.setStatus(`The model's calibration table is unavailable: ${String(error)}`, true));
  }

  receive(message: HostToPanel): void {
    switch (message.type) {
      case 'init':
        this.setDocument(message.document);
        if (message.config) writeControls(this.form, message.config);
        this.saveConfig();
        if (message.autoRun) void this.start();
        else if (!this.state.view) this.setStatus(message.document ? `Ready to simulate with ${message.document.name}. Press Run.` : 'Ready. Press Run (no document: model defaults).');
        return;
      case 'document':
        this.pending.get(message.requestId)?.(message.document, message.error);
        this.pending.delete(message.requestId);
        return;
      case 'exported':
        if (message.error) this.setStatus(`Export failed: ${message.error}`, true);
        else if (message.path) this.setStatus(`Exported ${message.format.toUpperCase()} to ${message.path}.`);
        return;
      case 'testQuery':
        this.deps.host.post({ type: 'testState', id: message.id, state: this.testState() });
        return;
    }
  }

  /** What the panel shows, for tests (host channel and the E2E page hook). */
  testState(): PanelTestState {
    const view = this.state.view;
    return {
      phase: this.phase,
      status: this.status,
      documentName: this.document?.name ?? this.state.documentName,
      scenario: view?.scenario ?? null,
      verdict: view?.verdict ?? null,
      throughputGBps: view?.throughputGBps ?? null,
      verifiedBytes: view?.realCopy?.verifiedBytes ?? null,
      realCopyGBps: view?.realCopy?.GBps ?? null,
      violations: view?.invariants.filter((invariant) => !invariant.held).length ?? 0,
      logLines: byId('log').childElementCount,
      lanes: view?.lanes.length ?? 0,
      chartsDrawn: this.deps.charts.drawn,
    };
  }

  /** Closing or reloading the page must not leave workers behind. */
  dispose(): void {
    this.run?.cancel();
  }

  private async start(): Promise<void> {
    if (this.run) return;
    const config = readControls(this.form);
    if (!config.ok) {
      this.setStatus(`Cannot run: ${config.error}`, true);
      return;
    }
    this.setRunning(true);
    this.setStatus('Reading the document…');
    const fresh = await this.requestDocument();
    if (fresh.error) this.setStatus(`${fresh.error}; running with the model's defaults.`, true);
    else this.setDocument(fresh.document);
    const simConfig = toSimConfig(config.value, this.document?.facts ?? null);
    const lanes = new LiveLanes();
    let logCount = 0;
    byId('log').replaceChildren();
    renderInvariants([], this.hooks);
    renderVerdict(null);
    const progress = byId<HTMLProgressElement>('progress');
    this.setStatus(`Running ${config.value.scenario} (${config.value.protocol})${config.value.realCopy ? ' with real copies' : ''}…`);
    try {
      this.run = this.deps.startRun(simConfig, {
        realCopy: config.value.realCopy,
        copyVerify: config.value.copyVerify,
        onProgress: (live) => {
          if (live.fraction === null) progress.removeAttribute('value');
          else progress.value = live.fraction;
          const room = Math.max(0, PANEL_MAX_LOG_LINES - logCount);
          appendLog(live.newLog.slice(0, room).map((text) => ({ text, level: logLevel(text), source: null })), logCount, this.hooks);
          logCount += Math.min(room, live.newLog.length);
          lanes.add(live.lanes, live.newSpans);
          this.deps.charts.showTimeline(lanes.view());
          if (live.realCopied) this.setStatus(`Simulated; copying for real: ${live.realCopied} batch${live.realCopied === 1 ? '' : 'es'} copied and verified…`);
          else if (live.violations > 0) this.setStatus(`Running… ${live.violations} invariant violation${live.violations === 1 ? '' : 's'} so far`);
        },
      });
      const outcome = await this.run.done;
      this.lastOutcome = { outcome, config: config.value };
      const view = toResultView(outcome.result, {
        providers: config.value.providers,
        folioSizes: config.value.folioMix.filter((entry) => entry.count > 0).map((entry) => folioBytes(entry.size)),
        calibration: await this.deps.calibration().catch(() => []),
        realCopy: outcome.realCopy,
        maxLogLines: PANEL_MAX_LOG_LINES,
      });
      progress.value = 1;
      this.state = { ...this.state, view };
      this.deps.host.setState(this.state);
      this.phase = 'done';
      this.showResult(view, `Done: ${view.verdictText}`);
    } catch (error) {
      this.phase = error instanceof RunCancelled ? 'cancelled' : 'failed';
      if (!(error instanceof RunCancelled)) this.setStatus(`The simulation failed: ${error instanceof Error ? error.message : String(error)}`, true);
    } finally {
      this.run = undefined;
      this.setRunning(false);
    }
  }

  private cancel(status: string): void {
    if (!this.run) return;
    this.run.cancel();
    this.setStatus(status);
  }

  private requestDocument(): Promise<{ document: DocumentContext | null; error: string | null }> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve({ document: this.document, error: 'the extension did not answer; using the document as last read' });
      }, 10_000);
      this.pending.set(requestId, (document, error) => {
        clearTimeout(timer);
        resolve({ document, error });
      });
      this.deps.host.post({ type: 'requestDocument', requestId });
    });
  }

  private showResult(view: ResultView, status: string): void {
    renderVerdict(view);
    renderInvariants(view.invariants, this.hooks);
    renderLog(view, this.hooks);
    renderSummary(view);
    this.deps.charts.showTimeline(view.lanes);
    this.deps.charts.showThroughput(view.throughput);
    this.deps.charts.showLatency(view.firstFolioLatency ?? []);
    for (const format of ['json', 'csv', 'png'] as const) byId<HTMLButtonElement>(`export-${format}`).disabled = false;
    this.phase = 'done';
    this.setStatus(status);
  }

  private export(format: ExportFormat): void {
    const view = this.state.view;
    if (!view) return;
    const base = `simulation-${view.scenario}-${view.protocol}`;
    let data: string | undefined;
    if (format === 'csv') data = resultCsv(view);
    else if (format === 'png') data = this.deps.charts.throughputPng();
    else data = JSON.stringify(this.lastOutcome ? { config: this.lastOutcome.config, ...this.lastOutcome.outcome, view } : { view }, null, 2);
    if (data === undefined) return this.setStatus('Nothing to export yet.', true);
    if (data.length > 4 * 1024 * 1024) return this.setStatus('The export is larger than 4 MiB; lower the log or span limits.', true);
    this.deps.host.post({ type: 'export', format, suggestedName: `${base}.${format}`, data });
  }

  private reveal(line: number): void {
    if (!this.document) return this.setStatus('No document is attached to this panel.', true);
    this.deps.host.post({ type: 'revealLine', uri: this.document.uri, line });
  }

  private setDocument(document: DocumentContext | null): void {
    this.document = document;
    this.state = { ...this.state, documentUri: document?.uri ?? null, documentName: document?.name ?? null };
    this.deps.host.setState(this.state);
    this.showDocument(document?.name ?? null, document?.notes ?? []);
  }

  private showDocument(name: string | null, notes: string[]): void {
    byId('document-name').textContent = name ?? 'none (model defaults)';
    byId('document-facts').textContent = notes.length > 0 ? `— ${notes.join('; ')}` : '';
  }

  private saveConfig(): void {
    const config = readControls(this.form);
    if (!config.ok) return;
    this.state = { ...this.state, config: config.value };
    this.deps.host.setState(this.state);
  }

  private setRunning(running: boolean): void {
    this.phase = running ? 'running' : this.phase;
    byId<HTMLButtonElement>('run').disabled = running;
    byId<HTMLButtonElement>('cancel').disabled = !running;
  }

  private setStatus(text: string, error = false): void {
    this.status = text;
    const status = byId('status');
    status.textContent = text;
    status.classList.toggle('error', error);
  }
}
