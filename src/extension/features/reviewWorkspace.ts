import * as vscode from 'vscode';
import type { HostReviewEngine as ReviewEngine } from '../engineLoader';
import type { KernelOffloadContext } from '../context';
import { getSetting } from '../settings';
import { COMMAND } from '../commands';

const FILES = '**/*.{c,h,patch,diff,mbox,eml}';
const EXCLUDE = '**/{node_modules,.git,.vscode-test}/**';

interface Tally {
  files: number;
  findings: number;
  skipped: number;
}

/** "Review Workspace Folder": every C file, patch and mailbox of the workspace into the Problems panel. */
export function registerReviewWorkspace(ctx: KernelOffloadContext): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMAND.reviewWorkspace, () => reviewWorkspace(ctx))];
}

async function reviewWorkspace(ctx: KernelOffloadContext): Promise<Tally | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Kernel Offload: open a folder to review it.');
    return undefined;
  }
  const engine = await ctx.engine();
  if (!engine) return undefined;
  const tally = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Kernel Offload: reviewing workspace', cancellable: true },
    async (progress, token) => {
      const uris = await vscode.workspace.findFiles(FILES, EXCLUDE, undefined, token);
      const tally: Tally = { files: 0, findings: 0, skipped: 0 };
      for (const uri of uris) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
        await reviewFile(ctx, engine, uri, tally);
        // Let the extension host answer other requests between files.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return tally;
    },
  );
  const message = `Kernel Offload: reviewed ${tally.files} files, ${tally.findings} hints` + (tally.skipped ? `, ${tally.skipped} skipped (see the output)` : '');
  ctx.output.info(message);
  void vscode.window.setStatusBarMessage(message, 10_000);
  return tally;
}

async function reviewFile(ctx: KernelOffloadContext, engine: ReviewEngine, uri: vscode.Uri, tally: Tally): Promise<void> {
  // An open document is reviewed from its live text by the diagnostics feature already.
  if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) return;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const limit = getSetting('maxDocumentSize', uri);
    if (stat.size > limit) {
      tally.skipped++;
      ctx.output.warn(`${vscode.workspace.asRelativePath(uri)}: ${stat.size} bytes is above kernelOffload.maxDocumentSize, not reviewed`);
      return;
    }
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const result = await engine.review(text, { fileName: uri.path, rules: getSetting('rules', uri), vocabulary: getSetting('vocabulary', uri) });
    ctx.findings.set(uri, result.findings);
    ctx.owner.publish(uri);
    tally.files++;
    tally.findings += result.findings.length;
  } catch (error) {
    tally.skipped++;
    ctx.output.warn(`${vscode.workspace.asRelativePath(uri)}: not reviewed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
