import * as vscode from 'vscode';
import { type HostToPanel, type PanelTestState, checkPanelToHost } from '../../shared/protocol';
import type { PanelRunConfig } from '../../shared/runConfig';
import { createNonce, renderPanelHtml } from '../../shared/panelHtml';
import { documentContextFor } from './simulationPanelDocument';
import { saveExport } from './simulationPanelExport';
import { PatchCodeSessionHost } from './patchCodeSession';

export const SIMULATION_VIEW_TYPE = 'kernelOffload.simulation';

export interface PanelTarget {
  document: vscode.Uri | undefined;
  config: PanelRunConfig | null;
  autoRun: boolean;
}

/** Options every simulation panel is created or restored with: scripts on, only media/ loadable. */
export function simulationWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

/**
 * One open "Simulate Migration" panel: renders its HTML, answers its messages, and re-targets it.
 * The simulation itself runs inside the webview (and its workers), never on this event loop; disposing
 * the panel destroys the webview and with it every worker it started.
 */
export class SimulationPanelHost implements vscode.Disposable {
  private target: PanelTarget;
  private ready = false;
  private nextQuery = 1;
  private readonly queries = new Map<number, (state: PanelTestState) => void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** "Use the patch's code": steps the attached document's C here, where tree-sitter is. */
  private readonly patchCode: PatchCodeSessionHost;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    target: PanelTarget,
    private readonly onDisposed: () => void,
  ) {
    this.target = target;
    this.patchCode = new PatchCodeSessionHost(extensionUri, () => this.target.document, (message) => this.post(message));
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'simulate.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message) => void this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      this.patchCode,
    );
    void this.render();
  }

  get documentUri(): vscode.Uri | undefined {
    return this.target.document;
  }

  /** Points the panel at another document or preset; the webview gets a fresh `init`. */
  retarget(target: PanelTarget): void {
    this.target = target;
    this.panel.reveal(undefined, true);
    if (this.ready) void this.sendInit();
  }

  /** Asks the webview for what it shows (the test channel); undefined if it does not answer in time. */
  queryState(timeoutMs = 5000): Promise<PanelTestState | undefined> {
    const id = this.nextQuery++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.queries.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.queries.set(id, (state) => {
        clearTimeout(timer);
        resolve(state);
      });
      void this.post({ type: 'testQuery', id });
    });
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    for (const resolve of this.queries.values()) resolve(undefined as unknown as PanelTestState);
    this.queries.clear();
    this.onDisposed();
  }

  private async render(): Promise<void> {
    const webview = this.panel.webview;
    const media = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', ...parts)).toString();
    const template = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.html')));
    webview.html = renderPanelHtml(template, {
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: media('build', 'panel.js'),
      styleUri: media('panel.css'),
      codiconUri: media('build', 'codicon.css'),
    });
  }

  private post(message: HostToPanel): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async sendInit(): Promise<void> {
    const document = this.target.document ? await documentContextFor(this.target.document, this.extensionUri) : { context: null, error: null };
    await this.post({ type: 'init', document: document.context, config: this.target.config, autoRun: this.target.autoRun });
    this.target = { ...this.target, autoRun: false };
    await this.patchCode.sendFunctions();
  }

  private async receive(raw: unknown): Promise<void> {
    const checked = checkPanelToHost(raw);
    if (!checked.ok) {
      console.warn(`kernel-offload simulation panel: ignored a message (${checked.error})`);
      return;
    }
    const message = checked.value;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendInit();
        return;
      case 'requestDocument': {
        const { context, error } = this.target.document ? await documentContextFor(this.target.document, this.extensionUri) : { context: null, error: null };
        await this.post({ type: 'document', requestId: message.requestId, document: context, error });
        return;
      }
      case 'revealLine':
        await revealLine(message.uri, message.line);
        return;
      case 'export': {
        const result = await saveExport(message, this.target.document);
        await this.post({ type: 'exported', format: message.format, ...result });
        return;
      }
      case 'testState':
        this.queries.get(message.id)?.(message.state);
        this.queries.delete(message.id);
        return;
      case 'problem':
        void vscode.window.showWarningMessage(`Simulate Migration: ${message.message}`);
        return;
      case 'patchStep':
        await this.patchCode.step(message);
        return;
      case 'patchSimulate':
        await this.patchCode.simulate(message);
        return;
      case 'patchSimulateCancel':
        this.patchCode.cancel(message.requestId);
        return;
    }
  }
}

/** Opens the document beside the panel and puts the cursor on the line a failed check came from. */
async function revealLine(uriText: string, line: number): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(uriText, true);
  } catch {
    return;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const position = new vscode.Position(Math.min(line, Math.max(0, document.lineCount - 1)), 0);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
