import * as vscode from 'vscode';
import { dedupeCheckpatch, type CheckpatchFinding } from '../../core/checkpatch';
import type { Finding } from '../../core/review/finding';
import type { RuleInfo } from '../../core/review/rule';
import { toDiagnostic, toRange } from './convert';
import type { FindingStore } from './findingStore';

/** Which of a document's findings diagnostics show (the review threads hide resolved ones, or all). */
export type VisibleFindings = (uri: vscode.Uri, findings: readonly Finding[]) => readonly Finding[];

const CHECKPATCH_SEVERITY: Record<CheckpatchFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const CHECKPATCH_SOURCE = 'checkpatch';

function checkpatchDiagnostic(finding: CheckpatchFinding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, CHECKPATCH_SEVERITY[finding.severity]);
  diagnostic.source = CHECKPATCH_SOURCE;
  diagnostic.code = finding.type;
  return diagnostic;
}

/**
 * The one writer of both diagnostic collections. Features hand it what they know — our findings (the finding
 * store), checkpatch's reports, which hints are resolved — and it publishes each document once per change:
 * our unresolved hints, and checkpatch's reports less those our rules already make. Nobody listens to
 * onDidChangeDiagnostics to rewrite what they or others wrote, so a resolved hint cannot flash back.
 */
export class DiagnosticsOwner implements vscode.Disposable {
  readonly checkpatch = vscode.languages.createDiagnosticCollection(CHECKPATCH_SOURCE);
  private readonly checkpatchRaw = new Map<string, CheckpatchFinding[]>();
  private visible: VisibleFindings = (_uri, findings) => findings;
  private readonly published = new vscode.EventEmitter<vscode.Uri>();
  /** After a document's diagnostics were published: thread widgets and the status item follow this. */
  readonly onDidPublish = this.published.event;

  /** `rules` says which checkpatch types each of our rules overlaps: the review worker's rule texts. */
  constructor(private readonly findings: FindingStore, private readonly ours: vscode.DiagnosticCollection, private readonly rules: () => readonly RuleInfo[]) {}

  /** The review threads decide what is resolved; they call publish() when that changes. */
  setVisibility(visible: VisibleFindings): void {
    this.visible = visible;
  }

  setCheckpatch(uri: vscode.Uri, reports: CheckpatchFinding[] | undefined): void {
    if (reports) this.checkpatchRaw.set(uri.toString(), reports);
    else this.checkpatchRaw.delete(uri.toString());
    this.publish(uri);
  }

  /** Writes both collections for `uri` from the current inputs, once. */
  publish(uri: vscode.Uri): void {
    const findings = this.findings.get(uri);
    this.ours.set(uri, this.visible(uri, findings).map((finding) => toDiagnostic(finding, uri)));
    const raw = this.checkpatchRaw.get(uri.toString());
    if (raw) this.checkpatch.set(uri, dedupeCheckpatch([...findings], raw, this.rules()).kept.map(checkpatchDiagnostic));
    else this.checkpatch.delete(uri);
    this.published.fire(uri);
  }

  /** A closed document: its findings and both collections go. */
  forget(uri: vscode.Uri): void {
    this.findings.delete(uri);
    this.checkpatchRaw.delete(uri.toString());
    this.ours.delete(uri);
    this.checkpatch.delete(uri);
    this.published.fire(uri);
  }

  dispose(): void {
    this.checkpatch.dispose();
    this.published.dispose();
  }
}
