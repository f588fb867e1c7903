import * as vscode from 'vscode';
import type { RuleInfo } from '../../core/review/rule';
import { ruleDocumentation } from '../../core/review/ruleDoc';
import type { KernelOffloadContext } from '../context';
import { DIAGNOSTIC_SOURCE } from '../review/convert';
import { ruleOfDiagnostic } from '../review/convert';
import { COMMAND } from '../commands';

/** Read-only documents `kernel-offload-rule:/<id>.md`, made from the rule module (the same text as docs/rules/). */
const SCHEME = 'kernel-offload-rule';

/**
 * The rules' texts come from the review worker (the rule modules and the grammar they need are not loaded on the
 * extension host's thread): asking for a page starts the engine if no review has yet.
 */
async function rulesOf(ctx: KernelOffloadContext): Promise<readonly RuleInfo[]> {
  await ctx.engine();
  return ctx.rules;
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

async function pickRule(rules: readonly RuleInfo[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    rules.map((rule) => ({ label: rule.id, description: rule.defaultSeverity, detail: rule.title })),
    { title: 'Kernel Offload: Show Rule Documentation', placeHolder: 'Rule' },
  );
  return picked?.label;
}

/** Opens the rule's page in the Markdown preview (a plain editor if the preview is unavailable). */
async function showRuleDocumentation(ctx: KernelOffloadContext, ruleId?: unknown): Promise<void> {
  const rules = await rulesOf(ctx);
  const id = typeof ruleId === 'string' ? ruleId : ruleAtCursor() ?? await pickRule(rules);
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

export function registerRuleDocs(ctx: KernelOffloadContext): vscode.Disposable[] {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => {
      const rule = (await rulesOf(ctx)).find((known) => `/${known.id}.md` === uri.path);
      return rule ? ruleDocumentation(rule) : `# Unknown rule\n\n${uri.path} is not a Kernel Offload rule.\n`;
    },
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(COMMAND.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(ctx, ruleId)),
  ];
}
