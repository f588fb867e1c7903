import * as vscode from 'vscode';
import type { Finding, Fix, Severity } from '../../core/review/finding';
import type { DocumentRange } from '../../core/patch/types';
import { ruleDocumentationUrl } from '../../core/review/ruleDoc';

/** Diagnostics from this extension carry this source; the Problems panel shows it next to the rule id. */
export const DIAGNOSTIC_SOURCE = 'kernel-offload';

export function toRange(range: DocumentRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** One parsed Uri per rule's page, not one per diagnostic (a big file's thousands of findings share a dozen). */
const ruleTargets = new Map<string, vscode.Uri>();
function ruleTarget(rule: string): vscode.Uri {
  let target = ruleTargets.get(rule);
  if (!target) ruleTargets.set(rule, (target = vscode.Uri.parse(ruleDocumentationUrl(rule))));
  return target;
}

export function toDiagnostic(finding: Finding, uri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, severities[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  // The code links to the rule's page, as eslint's and cpptools' diagnostics do.
  diagnostic.code = { value: finding.rule, target: ruleTarget(finding.rule) };
  if (finding.tags?.includes('unnecessary')) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map(
      (place) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(place.range)), place.message),
    );
  }
  return diagnostic;
}

/** The rule id of one of our diagnostics (its code is `{ value, target }`). */
export function ruleOfDiagnostic(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  const value = typeof code === 'object' && code !== null ? code.value : code;
  return value === undefined ? undefined : String(value);
}

/** The finding a diagnostic was made from (diagnostics reach code action providers as copies). */
export function matchesDiagnostic(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE && ruleOfDiagnostic(diagnostic) === finding.rule
    && diagnostic.message === finding.message && diagnostic.range.isEqual(toRange(finding.range));
}

/** A rename asks for confirmation, which makes VS Code show its refactor preview before anything changes. */
export function toWorkspaceEdit(fix: Fix, uri: vscode.Uri): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata | undefined = fix.kind === 'rename'
    ? { needsConfirmation: true, label: fix.title, description: `${fix.edits.length} occurrences` }
    : undefined;
  for (const change of fix.edits) {
    if (metadata) edit.replace(uri, toRange(change.range), change.newText, metadata);
    else edit.replace(uri, toRange(change.range), change.newText);
  }
  return edit;
}
