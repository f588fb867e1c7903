import * as vscode from 'vscode';
import type { KernelOffloadContext } from '../context';
import { DocumentReviewer } from '../review/documentReviewer';
import { isReviewable } from '../review/reviewable';
import { affectsSettings, getSetting } from '../settings';
import { registerEventLoopProbe } from './eventLoopProbe';

/** Review hints as diagnostics: on open and save at once, on edit after the configured quiet time. */
export function registerDiagnostics(ctx: KernelOffloadContext): vscode.Disposable[] {
  const reviewer = new DocumentReviewer(ctx);
  const reviewNow = (document: vscode.TextDocument) => {
    if (isReviewable(document)) reviewer.schedule(document, 0);
  };
  vscode.workspace.textDocuments.forEach(reviewNow);
  return [
    reviewer,
    vscode.workspace.onDidOpenTextDocument(reviewNow),
    vscode.workspace.onDidSaveTextDocument(reviewNow),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && isReviewable(event.document)) {
        reviewer.changed(event);
        reviewer.schedule(event.document, getSetting('reviewDelay', event.document));
      }
    }),
    vscode.workspace.onDidCloseTextDocument((document) => reviewer.forget(document)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSettings(event, 'rules', 'vocabulary', 'maxDocumentSize')) vscode.workspace.textDocuments.forEach(reviewNow);
    }),
    ...registerEventLoopProbe(ctx.output),
  ];
}
