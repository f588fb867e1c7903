import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../review/convert';
import { ruleOfDiagnostic } from '../review/convert';
import { isReviewable } from '../review/reviewable';
import { COMMAND } from '../commands';

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE)
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString(true);
}

const severityIcon: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: '$(error)',
  [vscode.DiagnosticSeverity.Warning]: '$(warning)',
  [vscode.DiagnosticSeverity.Information]: '$(info)',
  [vscode.DiagnosticSeverity.Hint]: '$(lightbulb)',
};

interface HintItem extends vscode.QuickPickItem {
  range?: vscode.Range;
}

/**
 * The click on the status item: this document's kernel-offload hints only, as the Problems panel would show them
 * under a `kernel-offload` filter (VS Code has no command that sets the Problems filter text), each going to its
 * place; the first entry opens the Problems panel itself.
 */
async function showHints(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const hints = ourDiagnostics(editor.document.uri);
  const items: HintItem[] = [
    { label: '$(list-filter) Show in the Problems panel', description: 'all problems, every file' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...hints.map((diagnostic) => ({
      label: `${severityIcon[diagnostic.severity]} ${diagnostic.message}`,
      description: `${ruleOfDiagnostic(diagnostic) ?? ''} · line ${diagnostic.range.start.line + 1}`,
      range: diagnostic.range,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Kernel Offload: ${hints.length} ${hints.length === 1 ? 'hint' : 'hints'} in ${fileName(editor.document.uri)}`,
    placeHolder: 'Go to a hint',
    matchOnDescription: true,
  });
  if (!picked) return;
  if (!picked.range) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  editor.selection = new vscode.Selection(picked.range.start, picked.range.start);
  editor.revealRange(picked.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** A status-bar item with the active document's hint count, shown for documents the extension reviews. */
export function registerStatusBar(): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('kernelOffload.hints', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Kernel Offload Hints';
  item.command = COMMAND.showHints;
  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isReviewable(document)) {
      item.hide();
      return;
    }
    const count = ourDiagnostics(document.uri).length;
    item.text = `$(checklist) ${count} ${count === 1 ? 'hint' : 'hints'}`;
    item.tooltip = `Kernel Offload Review: ${count} ${count === 1 ? 'hint' : 'hints'} in ${fileName(document.uri)}. Click to list them.`;
    item.accessibilityInformation = { label: `Kernel Offload: ${count} ${count === 1 ? 'hint' : 'hints'}` };
    item.show();
  };
  update();
  return [
    item,
    vscode.commands.registerCommand(COMMAND.showHints, showHints),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) update();
    }),
  ];
}
