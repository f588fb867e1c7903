import * as vscode from 'vscode';
import { checkpatchDocument } from '../../core/checkpatch';
import { parseDocument } from '../../core/patch';
import type { CheckpatchProcess } from '../../node/checkpatchProcess';
import type { KernelOffloadContext } from '../context';
import { isReviewable } from '../review/reviewable';
import { hostCheckpatch } from './checkpatchHost';
import { getSetting } from '../settings';
import { COMMAND } from '../commands';

/**
 * checkpatch.pl beside our hints: run in a child process (cancellable, time-limited) on open, save and on
 * command, only in a trusted workspace. Its reports go to the diagnostics owner, which deduplicates them against
 * our findings into their own collection (source "checkpatch", the type as code).
 */
export class CheckpatchFeature implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  private readonly told = new Set<string>();

  constructor(private readonly ctx: KernelOffloadContext, private readonly host: CheckpatchProcess | undefined) {}

  /** Runs checkpatch on `document`; `explicit` runs (the command) explain why nothing ran. */
  async run(document: vscode.TextDocument, explicit: boolean): Promise<void> {
    if (!isReviewable(document)) return this.say(explicit, `${baseName(document)} is not a patch or C file.`);
    if (!this.host) return this.say(explicit, 'checkpatch.pl needs the desktop editor (a local Perl process); it cannot run here.');
    if (!vscode.workspace.isTrusted) return this.say(explicit, 'checkpatch.pl runs only in a trusted workspace.');
    const settings = { path: getSetting('checkpatch.path', document), strict: getSetting('checkpatch.strict', document), timeoutMs: getSetting('checkpatch.timeoutMs', document) };
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const scriptPath = this.host.locate(folders, settings.path);
    if (!scriptPath) {
      const why = settings.path ? `kernelOffload.checkpatch.path (${settings.path}) does not name a file` : 'no scripts/checkpatch.pl in the workspace and kernelOffload.checkpatch.path is not set';
      return this.say(explicit, `checkpatch.pl not run: ${why}.`);
    }
    const key = document.uri.toString();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    const version = document.version;
    const parsed = parseDocument(document.getText(), document.uri.path);
    const runner = this.host.runner({ scriptPath, strict: settings.strict, timeoutMs: settings.timeoutMs, signal: controller.signal });
    const result = await checkpatchDocument(parsed, runner, document.uri.path);
    if (this.running.get(key) === controller) this.running.delete(key);
    if (result.cancelled || document.isClosed || document.version !== version) return;
    if (result.failure) {
      this.ctx.owner.setCheckpatch(document.uri, undefined);
      this.tellOnce(`${scriptPath}|${result.failure}`, `Kernel Offload: ${result.failure}`);
      return;
    }
    this.ctx.output.info(`checkpatch.pl on ${baseName(document)}: ${result.findings.length} reports`);
    this.ctx.owner.setCheckpatch(document.uri, result.findings);
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.running.get(key)?.abort();
    this.running.delete(key);
    this.ctx.owner.setCheckpatch(uri, undefined);
  }

  private say(explicit: boolean, message: string): void {
    if (explicit) void vscode.window.showInformationMessage(`Kernel Offload: ${message}`);
  }

  /** A missing or failing checkpatch is said once per problem, not on every save. */
  private tellOnce(key: string, message: string): void {
    this.ctx.output.warn(message);
    if (this.told.has(key)) return;
    this.told.add(key);
    void vscode.window.showWarningMessage(message);
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }
}

function baseName(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() || document.uri.toString(true);
}

export function registerCheckpatch(ctx: KernelOffloadContext): vscode.Disposable[] {
  const feature = new CheckpatchFeature(ctx, hostCheckpatch());
  const auto = (document: vscode.TextDocument) => {
    if (isReviewable(document)) void feature.run(document, false);
  };
  vscode.workspace.textDocuments.forEach(auto);
  return [
    feature,
    vscode.commands.registerCommand(COMMAND.runCheckpatch, async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document) return void vscode.window.showInformationMessage('Kernel Offload: open a patch or C file to run checkpatch.pl on.');
      await feature.run(document, true);
    }),
    vscode.workspace.onDidOpenTextDocument(auto),
    vscode.workspace.onDidSaveTextDocument(auto),
    vscode.workspace.onDidCloseTextDocument((document) => feature.forget(document.uri)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.workspace.textDocuments.forEach(auto)),
  ];
}
