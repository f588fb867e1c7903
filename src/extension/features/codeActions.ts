import * as vscode from 'vscode';
import type { KernelOffloadContext } from '../context';
import { matchesDiagnostic, toWorkspaceEdit } from '../review/convert';
import { reviewedDocuments } from '../review/reviewable';

const metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

/** The rules' fixes as quick fixes, each linked to the diagnostic it resolves. */
export function registerCodeActions(ctx: KernelOffloadContext): vscode.Disposable[] {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const findings = ctx.findings.get(document.uri);
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        const finding = findings.find((candidate) => matchesDiagnostic(candidate, diagnostic));
        for (const fix of finding?.fixes ?? []) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(fix, document.uri);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.isPreferred ?? fix.kind === 'quickfix';
          actions.push(action);
        }
      }
      return actions;
    },
  };
  return [vscode.languages.registerCodeActionsProvider(reviewedDocuments, provider, metadata)];
}
