import * as vscode from 'vscode';
import { KernelOffloadContext } from './context';
import { registerCheckpatch } from './features/checkpatch';
import { registerCodeActions } from './features/codeActions';
import { registerDiagnostics } from './features/diagnostics';
import { registerExportReply } from './features/exportReply';
import { registerHover } from './features/hover';
import { registerHostKind } from './features/hostKind';
import { registerReviewThreads } from './features/reviewThreads';
import { registerReviewWorkspace } from './features/reviewWorkspace';
import { registerRuleDocs } from './features/ruleDocs';
import { registerSimulationPanel } from './features/simulationPanel';
import { registerStatusBar } from './features/statusBar';
import { registerWalkthrough } from './features/walkthrough';

/**
 * One line per feature. Each feature takes the shared context and returns (or pushes into
 * `ctx.subscriptions`) what it registers; the review engine itself loads on first use, not here.
 */
function registerFeatures(ctx: KernelOffloadContext): void {
  ctx.subscriptions.push(...registerDiagnostics(ctx));
  ctx.subscriptions.push(...registerHover(ctx));
  ctx.subscriptions.push(...registerCodeActions(ctx));
  ctx.subscriptions.push(...registerReviewWorkspace(ctx));
  ctx.subscriptions.push(...registerSimulationPanel(ctx));
  ctx.subscriptions.push(...registerReviewThreads(ctx));
  ctx.subscriptions.push(...registerExportReply(ctx));
  ctx.subscriptions.push(...registerCheckpatch(ctx));
  ctx.subscriptions.push(...registerRuleDocs(ctx));
  ctx.subscriptions.push(...registerStatusBar());
  ctx.subscriptions.push(...registerWalkthrough(ctx));
  ctx.subscriptions.push(...registerHostKind());
}

export function activate(context: vscode.ExtensionContext): KernelOffloadContext {
  const ctx = new KernelOffloadContext(context);
  context.subscriptions.push(ctx);
  try {
    registerFeatures(ctx);
  } catch (error) {
    // VS Code only logs a failed activation; say it where the user looks.
    const reason = error instanceof Error ? error.message : String(error);
    ctx.output.error(`activation failed: ${reason}`);
    void vscode.window.showErrorMessage(`Kernel Offload: activation failed: ${reason}`);
    throw error;
  }
  return ctx;
}

export function deactivate(): void {}
