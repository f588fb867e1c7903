import * as vscode from 'vscode';
import { parseDocument } from '../../core/patch';
import { buildReplies, joinReplies, parseTrailer } from '../../core/reply';
import { mergeThreads, threadsAsReplyComments } from '../../core/review-state';
import type { Finding } from '../../core/review/finding';
import type { KernelOffloadContext } from '../context';
import { getSetting } from '../settings';
import { ReviewStateStore } from './reviewThreadsState';
import { COMMAND } from '../commands';

const COPY = 'Copy to Clipboard';
const TRAILER = 'Add Trailer…';

/**
 * "Export Review as Reply": the patch quoted and trimmed, with the open hints the reviewer kept and their own
 * comments, opened as an untitled document. Returns the reply text (undefined when there is nothing to reply to).
 */
export async function exportReviewAsReply(ctx: KernelOffloadContext, store: ReviewStateStore, uri?: vscode.Uri): Promise<string | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showWarningMessage('Kernel Offload: open a patch to export its review as a reply.');
    return undefined;
  }
  const text = document.getText();
  const parsed = parseDocument(text, document.uri.path);
  if (parsed.patches.length === 0) {
    void vscode.window.showWarningMessage(`Kernel Offload: ${baseName(document)} holds no patch to reply to.`);
    return undefined;
  }
  const findings = await currentFindings(ctx, document, text);
  const threads = mergeThreads(findings, parsed.docLines, store.get(store.keyOf(document)));
  const comments = threadsAsReplyComments(threads);
  const reply = joinReplies(buildReplies(parsed, comments));
  const opened = await vscode.workspace.openTextDocument({ language: 'email', content: reply });
  await vscode.window.showTextDocument(opened, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  ctx.output.info(`exported a reply to ${baseName(document)} with ${comments.length} comments`);
  void offerNextSteps(opened, comments.length);
  return reply;
}

/** Fresh findings for the text as it is now (the last debounced review may be older than the latest edit). */
async function currentFindings(ctx: KernelOffloadContext, document: vscode.TextDocument, text: string): Promise<readonly Finding[]> {
  const engine = await ctx.engine();
  if (!engine) return ctx.findings.get(document.uri);
  return (await engine.review(text, { fileName: document.uri.path, rules: getSetting('rules', document), vocabulary: getSetting('vocabulary', document) })).findings;
}

async function offerNextSteps(reply: vscode.TextDocument, count: number): Promise<void> {
  const choice = await vscode.window.showInformationMessage(`Kernel Offload: reply ready with ${count} comment${count === 1 ? '' : 's'}.`, COPY, TRAILER);
  if (choice === COPY) {
    await vscode.env.clipboard.writeText(reply.getText());
  } else if (choice === TRAILER) {
    const trailer = await vscode.window.showInputBox({
      title: 'Trailer for the reply (the tool never adds one by itself)',
      placeHolder: 'Reviewed-by: Jane Doe <jane@example.org>',
      validateInput: (value) => {
        const checked = parseTrailer(value);
        return value.trim() === '' || checked.ok ? undefined : checked.reason;
      },
    });
    const checked = parseTrailer(trailer ?? '');
    if (!checked.ok) return;
    // Appended, so edits the reviewer already made to the reply stay.
    const end = reply.lineAt(reply.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(reply.uri, end, `${reply.getText().endsWith('\n') ? '' : '\n'}\n${checked.trailer}\n`);
    await vscode.workspace.applyEdit(edit);
  }
}

function baseName(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() || document.uri.toString(true);
}

export function registerExportReply(ctx: KernelOffloadContext): vscode.Disposable[] {
  const store = new ReviewStateStore(ctx);
  return [
    store,
    vscode.commands.registerCommand(COMMAND.exportReviewAsReply, (uri?: unknown) =>
      exportReviewAsReply(ctx, store, uri instanceof vscode.Uri ? uri : undefined)),
  ];
}
