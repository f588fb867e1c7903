import * as vscode from 'vscode';
import { visibleText } from '../../core/text/visibleText';
import type { MigratorLens } from '../../shared/migratorLenses';
import { lensesOfDocument } from './migratorLensScan';
import { COMMAND } from '../commands';

/** Documents this long are not scanned for lenses at all. */
const MAX_LENS_LINES = 200_000;

/**
 * The lenses of one version of a document, scanned once however often VS Code asks (it asks again when an editor
 * shows the document, and the editor-title button asks on every switch of editor): a scan of a 700 KB file is
 * 8-20 ms of this thread.
 */
const scanned = new WeakMap<vscode.TextDocument, { version: number; lenses: MigratorLens[] }>();

export function migratorLensesOf(document: vscode.TextDocument): MigratorLens[] {
  if (document.lineCount > MAX_LENS_LINES) return [];
  const known = scanned.get(document);
  if (known?.version === document.version) return known.lenses;
  const lenses = lensesOfDocument(document);
  scanned.set(document, { version: document.version, lenses });
  return lenses;
}

/** "Simulate with this migrator" above `struct migrator` initializers and start/stop_offloading-style functions. */
export class MigratorCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return migratorLensesOf(document).map((lens) => new vscode.CodeLens(new vscode.Range(lens.line, 0, lens.line, 0), {
      title: lens.kind === 'migrator' && lens.migratorName ? `$(debug-start) Simulate with this migrator ("${inertLensText(lens.migratorName)}")` : '$(debug-start) Simulate with this migrator',
      tooltip: `Open the migration simulator with ${lens.name} from this document`,
      command: COMMAND.simulateWithMigrator,
      arguments: [document.uri, lens.migratorName ?? null],
    }));
  }
}

/** A name from the document inside a lens title: no icon syntax, no invisible characters, not too long. */
export function inertLensText(name: string): string {
  return visibleText(name, 60).replace(/\$\(/g, '$ (');
}

export const MIGRATOR_LENS_SELECTOR: vscode.DocumentSelector = [
  { language: 'c' },
  { language: 'diff' },
  { language: 'email' },
  { language: 'plaintext' },
];

/** Context key that shows the editor-title button on any document carrying a migrator (a plain-text reply, say). */
export const EDITOR_HAS_MIGRATOR_KEY = 'kernelOffload.editorHasMigrator';

export function trackEditorHasMigrator(): vscode.Disposable {
  const update = (editor: vscode.TextEditor | undefined) => {
    const document = editor?.document;
    const has = document !== undefined && migratorLensesOf(document).length > 0;
    void vscode.commands.executeCommand('setContext', EDITOR_HAS_MIGRATOR_KEY, has);
  };
  update(vscode.window.activeTextEditor);
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (vscode.window.activeTextEditor?.document === document) update(vscode.window.activeTextEditor);
    }),
  );
}
