import * as vscode from 'vscode';
import type { Finding, Fix } from '../../core/review/finding';
import type { KernelOffloadContext } from '../context';
import { matchesDiagnostic, ruleOfDiagnostic, toWorkspaceEdit } from '../review/convert';
import { reviewedDocuments } from '../review/reviewable';
import { disableRule } from '../settings';
import { COMMAND } from '../commands';

/** `source.fixAll.kernelOffload`, for `editor.codeActionsOnSave`; the same edits as every "Fix all" together. */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('kernelOffload');
const metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] };
const fixApplied: vscode.Command = { command: COMMAND.fixApplied, title: 'Fix applied' };

/** The fix "Fix all" applies for a finding: its preferred plain edit; renames need their own preview. */
function fixForAll(fixes: readonly Fix[]): Fix | undefined {
  const plain = fixes.filter((fix) => fix.kind === 'quickfix');
  return plain.find((fix) => fix.isPreferred) ?? plain[0];
}

function before(a: Fix['edits'][number]['range']['end'], b: Fix['edits'][number]['range']['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

/** The fixes' edits as one edit; a fix overlapping one already taken is left for a second run, as eslint does. */
function mergedEdit(fixes: readonly Fix[], uri: vscode.Uri): { edit: vscode.WorkspaceEdit; count: number } {
  const taken: Fix['edits'] = [];
  let count = 0;
  for (const fix of fixes) {
    const overlaps = fix.edits.some((edit) => taken.some((other) => !(before(edit.range.end, other.range.start) || before(other.range.end, edit.range.start))));
    if (overlaps) continue;
    taken.push(...fix.edits);
    count++;
  }
  return { edit: toWorkspaceEdit({ title: 'Fix all', kind: 'quickfix', edits: taken }, uri), count };
}

/** A finding's fixes, computed when asked (by the review result that found it: ctx.findings keeps it). */
type FixesOf = (finding: Finding) => Promise<readonly Fix[]>;

async function fixAllOf(findings: readonly Finding[], rule: string | undefined, fixesOf: FixesOf): Promise<Fix[]> {
  const chosen = await Promise.all(findings.filter((finding) => rule === undefined || finding.rule === rule)
    .map(async (finding) => fixForAll(await fixesOf(finding))));
  return chosen.filter((fix): fix is Fix => fix !== undefined);
}

/** The rule's own fixes for each diagnostic at the cursor, each linked to the diagnostic it resolves. */
async function quickFixes(
  document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[], findings: readonly Finding[], fixesOf: FixesOf,
): Promise<vscode.CodeAction[]> {
  const actions: vscode.CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const finding = findings.find((candidate) => matchesDiagnostic(candidate, diagnostic));
    for (const fix of finding ? await fixesOf(finding) : []) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(fix, document.uri);
      action.diagnostics = [diagnostic];
      action.isPreferred = fix.isPreferred ?? fix.kind === 'quickfix';
      action.command = fixApplied;
      actions.push(action);
    }
  }
  return actions;
}

/** Per rule at the cursor: "Fix all <rule> problems in this file", "Disable <rule>", "Show documentation for <rule>". */
async function ruleActions(
  document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[], findings: readonly Finding[], fixesOf: FixesOf,
): Promise<vscode.CodeAction[]> {
  const actions: vscode.CodeAction[] = [];
  const rules = [...new Set(diagnostics.map(ruleOfDiagnostic).filter((rule): rule is string => rule !== undefined))];
  for (const rule of rules) {
    const ofRule = diagnostics.filter((diagnostic) => ruleOfDiagnostic(diagnostic) === rule);
    const fixes = await fixAllOf(findings, rule, fixesOf);
    if (fixes.length > 1) {
      const { edit, count } = mergedEdit(fixes, document.uri);
      const action = new vscode.CodeAction(`Fix all ${rule} problems in this file (${count})`, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = ofRule;
      action.command = fixApplied;
      actions.push(action);
    }
    const disable = new vscode.CodeAction(`Disable ${rule}`, vscode.CodeActionKind.QuickFix);
    disable.command = { command: COMMAND.disableRule, title: `Disable ${rule}`, arguments: [rule, document.uri] };
    disable.diagnostics = ofRule;
    actions.push(disable);
    const docs = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
    docs.command = { command: COMMAND.showRuleDocumentation, title: `Show documentation for ${rule}`, arguments: [rule] };
    actions.push(docs);
  }
  return actions;
}

async function disableFromAction(rule: unknown, uri: unknown): Promise<void> {
  if (typeof rule !== 'string') return;
  const where = await disableRule(rule, uri instanceof vscode.Uri ? uri : undefined);
  const place = where === 'user' ? 'your user settings' : where === 'folder' ? 'the folder settings' : 'the workspace settings';
  void vscode.window.showInformationMessage(`Kernel Offload: ${rule} is off in ${place} ("kernelOffload.rules").`);
}

/** The rules' fixes as quick fixes, plus the conventions of a code checker: fix all, disable, documentation. */
export function registerCodeActions(ctx: KernelOffloadContext): vscode.Disposable[] {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, _range, context) {
      const findings = ctx.findings.get(document.uri);
      const fixesOf: FixesOf = (finding) => ctx.findings.fixes(document.uri, finding);
      if (context.only?.contains(vscode.CodeActionKind.SourceFixAll) || context.only?.contains(FIX_ALL_KIND)) {
        const fixes = await fixAllOf(findings, undefined, fixesOf);
        if (fixes.length === 0) return [];
        const action = new vscode.CodeAction('Fix all Kernel Offload problems in this file', FIX_ALL_KIND);
        action.edit = mergedEdit(fixes, document.uri).edit;
        return [action];
      }
      const ours = context.diagnostics.filter((diagnostic) => findings.some((finding) => matchesDiagnostic(finding, diagnostic)));
      return [...await quickFixes(document, ours, findings, fixesOf), ...await ruleActions(document, ours, findings, fixesOf)];
    },
  };
  return [
    vscode.languages.registerCodeActionsProvider(reviewedDocuments, provider, metadata),
    vscode.commands.registerCommand(COMMAND.disableRule, disableFromAction),
    vscode.commands.registerCommand(COMMAND.fixApplied, () => undefined),
  ];
}
