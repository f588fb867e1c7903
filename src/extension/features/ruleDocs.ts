import * as vscode from 'vscode';
import type { RuleInfo } from '../../core/review/rule';
import { ruleDocumentation } from '../../core/review/ruleDoc';
import { allRules } from '../../core/review/rules';
import { DIAGNOSTIC_SOURCE } from '../context';
import { ruleOfDiagnostic } from '../review/convert';

export const SHOW_RULE_DOCUMENTATION_COMMAND = 'kernelOffload.showRuleDocumentation';
/** Read-only documents `kernel-offload-rule:/<id>.md`, made from the rule module (the same text as docs/rules/). */
const SCHEME = 'kernel-offload-rule';

const rules: readonly RuleInfo[] = allRules;

function ruleOfUri(uri: vscode.Uri): RuleInfo | undefined {
  return rules.find((rule) => `/${rule.id}.md` === uri.path);
}

/** The rule of our diagnostic under the cursor, when the command is run from the palette. */
function ruleAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const cursor = editor.selection.active;
  const ours = vscode.languages.getDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
  // The hint under the cursor, else the first one on the cursor's line.
  const here = ours.find((diagnostic) => diagnostic.range.contains(cursor))
    ?? ours.find((diagnostic) => diagnostic.range.start.line <= cursor.line && cursor.line <= diagnostic.range.end.line);
  return here && ruleOfDiagnostic(here);
}

async function pickRule(): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    rules.map((rule) => ({ label: rule.id, description: rule.defaultSeverity, detail: rule.title })),
    { title: 'Kernel Offload: Show Rule Documentation', placeHolder: 'Rule' },
  );
  return picked?.label;
}

/** Opens the rule's page in the Markdown preview (a plain editor if the preview is unavailable). */
async function showRuleDocumentation(ruleId?: unknown): Promise<void> {
  const id = typeof ruleId === 'string' ? ruleId : ruleAtCursor() ?? await pickRule();
  if (!id) return;
  if (!rules.some((rule) => rule.id === id)) {
    void vscode.window.showWarningMessage(`Kernel Offload: there is no rule "${id}".`);
    return;
  }
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${id}.md` });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
}

export function registerRuleDocs(): vscode.Disposable[] {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: (uri) => {
      const rule = ruleOfUri(uri);
      return rule ? ruleDocumentation(rule) : `# Unknown rule\n\n${uri.path} is not a Kernel Offload rule.\n`;
    },
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION_COMMAND, showRuleDocumentation),
  ];
}
