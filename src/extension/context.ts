import * as vscode from 'vscode';
import type { RuleInfo } from '../core/review/rule';
import type { HostReviewEngine as ReviewEngine } from './engineLoader';
import { loadReviewEngine } from './engineLoader';
import { DIAGNOSTIC_SOURCE } from './review/convert';
import { DiagnosticsOwner } from './review/diagnosticsOwner';
import { FindingStore } from './review/findingStore';

/**
 * What every feature of the extension shares: the output channel, the lazily loaded review engine, the
 * diagnostics and the findings behind them. Features push their registrations into `subscriptions`.
 */
export class KernelOffloadContext implements vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];
  readonly output: vscode.LogOutputChannel;
  readonly diagnostics: vscode.DiagnosticCollection;
  /** The findings behind the diagnostics, for hovers and quick fixes. */
  readonly findings = new FindingStore();
  /** The only writer of our diagnostics and checkpatch's: features tell it what changed. */
  readonly owner: DiagnosticsOwner;
  /**
   * The rules' texts (titles, rationales, checkpatch types) as the review worker sent them; empty until the engine
   * is loaded. Every finding comes from the worker, so whoever shows one finds its rule here; the rule modules
   * themselves (and the grammar they need) are never loaded on this thread.
   */
  rules: readonly RuleInfo[] = [];
  private loading: Promise<ReviewEngine | undefined> | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Kernel Offload Review', { log: true });
    this.diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
    this.owner = new DiagnosticsOwner(this.findings, this.diagnostics, () => this.rules);
    this.subscriptions.push(this.output, this.diagnostics, this.owner);
  }

  /**
   * The review engine, loaded on first use. When the grammar cannot be loaded the user is told once and
   * every caller gets undefined, so features that do not need the engine keep working.
   */
  engine(): Promise<ReviewEngine | undefined> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<ReviewEngine | undefined> {
    const started = Date.now();
    try {
      const engine = await loadReviewEngine(this.extension.extensionUri);
      this.rules = engine.rules;
      this.output.info(`review engine ready in ${Date.now() - started} ms (${engine.rules.length} rules)`);
      return engine;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.output.error(`review engine failed to load: ${reason}`);
      void vscode.window.showErrorMessage(`Kernel Offload: review hints are unavailable: ${reason}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const disposable of this.subscriptions.splice(0).reverse()) disposable.dispose();
  }
}
