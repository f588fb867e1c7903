import * as vscode from 'vscode';
import type { KernelOffloadContext } from '../context';
import { checkRunConfig, defaultRunConfig, type PanelRunConfig } from '../../shared/runConfig';
import { providerForMigratorName } from '../../shared/migratorLenses';
import { isRecord } from '../../shared/validate';
import type { PanelTestState } from '../../shared/protocol';
import { MIGRATOR_LENS_SELECTOR, MigratorCodeLensProvider, trackEditorHasMigrator } from './simulationCodeLens';
import { SIMULATION_VIEW_TYPE, SimulationPanelHost, type PanelTarget, simulationWebviewOptions } from './simulationPanelHost';
import { COMMAND } from '../commands';

/** The one panel (re-targeted rather than duplicated); undefined when closed. */
let current: SimulationPanelHost | undefined;

function openOrRetarget(context: vscode.ExtensionContext, target: PanelTarget): void {
  if (current) {
    current.retarget(target);
    return;
  }
  const panel = vscode.window.createWebviewPanel(SIMULATION_VIEW_TYPE, 'Simulate Migration', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, simulationWebviewOptions(context.extensionUri));
  current = new SimulationPanelHost(panel, context.extensionUri, target, () => (current = undefined));
}

/**
 * The palette passes nothing, the editor-title button the file's URI — or, pressed on the panel's own title
 * bar, the webview's `webview-panel:` URI, which names no document: the panel then keeps its own.
 */
function documentFrom(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri && arg.scheme !== 'webview-panel') return arg;
  return vscode.window.activeTextEditor?.document.uri ?? current?.documentUri;
}

function presetFor(migratorName: unknown): PanelRunConfig | null {
  const kind = providerForMigratorName(typeof migratorName === 'string' ? migratorName : undefined);
  if (!kind) return null;
  return { ...defaultRunConfig(), providers: [{ kind, lanes: kind === 'kernel' ? 1 : 4 }] };
}

/** Restores a panel after a reload; the webview's saved state names the document it was about. */
function serializer(context: vscode.ExtensionContext): vscode.WebviewPanelSerializer {
  return {
    async deserializeWebviewPanel(panel, state) {
      panel.webview.options = simulationWebviewOptions(context.extensionUri);
      const uriText = isRecord(state) && typeof state.documentUri === 'string' ? state.documentUri : undefined;
      const saved = isRecord(state) ? checkRunConfig(state.config) : undefined;
      current?.panel.dispose();
      current = new SimulationPanelHost(panel, context.extensionUri, {
        document: uriText ? vscode.Uri.parse(uriText) : undefined,
        config: saved?.ok ? saved.value : null,
        autoRun: false,
      }, () => (current = undefined));
    },
  };
}

/** The command, the CodeLens, the restore-after-reload serializer and the test channel of the panel. */
export function registerSimulationPanel(ctx: KernelOffloadContext): vscode.Disposable[] {
  const context = ctx.extension;
  return [
    vscode.commands.registerCommand(COMMAND.simulateMigration, (arg?: unknown) => openOrRetarget(context, { document: documentFrom(arg), config: null, autoRun: false })),
    vscode.commands.registerCommand(COMMAND.simulateWithMigrator, (uri?: unknown, migratorName?: unknown) =>
      openOrRetarget(context, { document: documentFrom(uri), config: presetFor(migratorName), autoRun: true })),
    vscode.commands.registerCommand(COMMAND.panelTestState, (): Promise<PanelTestState | undefined> => current?.queryState() ?? Promise.resolve(undefined)),
    vscode.window.registerWebviewPanelSerializer(SIMULATION_VIEW_TYPE, serializer(context)),
    vscode.languages.registerCodeLensProvider(MIGRATOR_LENS_SELECTOR, new MigratorCodeLensProvider()),
    trackEditorHasMigrator(),
    { dispose: () => current?.panel.dispose() },
  ];
}
