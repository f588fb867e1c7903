import * as vscode from 'vscode';
import { captureAnchor, moveAnchors, showsDiagnostics, showsThreads, unresolvedFindings, type Anchor, type ThreadModel } from '../../core/review-state';
import type { Finding } from '../../core/review/finding';
import type { KernelOffloadContext } from '../context';
import { affectsSettings, getSetting } from '../settings';
import { isReviewable } from '../review/reviewable';
import { registerThreadCommands } from './reviewThreadsCommands';
import { OwnComment } from './reviewThreadsComment';
import { documentReview, ReviewStateStore } from './reviewThreadsState';

export const CONTROLLER_ID = 'kernelOffload.review';
export const HINT_AUTHOR: vscode.CommentAuthorInformation = { name: 'Kernel Offload' };

/**
 * Hints as comment threads (VS Code Comments API), kept in step with the findings and the saved review state.
 * It tells the diagnostics owner which hints diagnostics show (unresolved ones, none when `hintsAs` is
 * `threads`) and never writes diagnostics itself.
 */
export class ReviewThreads implements vscode.Disposable {
  readonly controller = vscode.comments.createCommentController(CONTROLLER_ID, 'Kernel Offload Review');
  readonly store: ReviewStateStore;
  /** Threads shown per document URI, by model id. */
  private readonly shown = new Map<string, Map<string, vscode.CommentThread>>();
  /** What each shown thread stands for. */
  readonly models = new WeakMap<vscode.CommentThread, { uri: vscode.Uri; model: ThreadModel }>();
  /** The model each thread was last filled from: refilling an unchanged one would cancel an edit in progress. */
  private readonly filled = new WeakMap<vscode.CommentThread, string>();
  constructor(private readonly ctx: KernelOffloadContext) {
    this.store = new ReviewStateStore(ctx);
    this.controller.options = { prompt: 'Comment on this line for the reply…', placeHolder: 'Written under this line in the exported reply' };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (document) => (isReviewable(document) ? [new vscode.Range(0, 0, Math.max(0, document.lineCount - 1), 0)] : []),
    };
  }

  /** Re-shows the threads of `document` from the current findings and saved state. */
  refresh(document: vscode.TextDocument): void {
    if (document.isClosed || !isReviewable(document)) return;
    const review = documentReview(this.ctx, this.store, document);
    const choice = getSetting('hintsAs', document);
    const wanted = review.threads.filter((t) => t.kind === 'user' || showsThreads(choice));
    this.showThreads(document.uri, wanted);
    this.followEdits(review.key, review.docLines, review.threads);
  }

  /** What diagnostics show of a document's findings: the unresolved ones, or none when hints are threads only. */
  visibleFindings(uri: vscode.Uri, findings: readonly Finding[]): readonly Finding[] {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document) return findings;
    const choice = getSetting('hintsAs', document);
    if (!showsDiagnostics(choice)) return [];
    return unresolvedFindings(findings, this.store.docLinesOf(document), this.store.get(this.store.keyOf(document)));
  }

  /** Saves where the reviewer's threads were found, so the next edit re-anchors from there. */
  private followEdits(key: string, docLines: readonly string[], models: readonly ThreadModel[]): void {
    const moved = new Map<string, { line: number; anchor: Anchor }>();
    for (const model of models) {
      if (model.kind === 'user' && !model.outdated) moved.set(model.id, { line: model.startLine, anchor: captureAnchor(docLines, model.startLine) });
    }
    if (moved.size > 0) void this.store.update(key, (state) => moveAnchors(state, moved), { quiet: true });
  }

  private showThreads(uri: vscode.Uri, models: ThreadModel[]): void {
    const key = uri.toString();
    const previous = this.shown.get(key) ?? new Map<string, vscode.CommentThread>();
    const next = new Map<string, vscode.CommentThread>();
    for (const model of models) {
      let thread = previous.get(model.id);
      previous.delete(model.id);
      const range = new vscode.Range(model.startLine, 0, model.endLine, 0);
      if (!thread) {
        thread = this.controller.createCommentThread(uri, range, []);
        // The reviewer's own threads open where they were written; hints stay folded to their gutter icon.
        if (model.kind === 'user' && !model.resolved) thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
      }
      else if (!thread.range?.isEqual(range)) thread.range = range;
      const signature = JSON.stringify([model.resolved, model.outdated, model.findings.map((f) => [f.rule, f.message, f.suggestion]), model.comments]);
      if (this.filled.get(thread) !== signature) {
        this.fill(thread, model);
        this.filled.set(thread, signature);
      }
      this.models.set(thread, { uri, model });
      next.set(model.id, thread);
    }
    for (const stale of previous.values()) stale.dispose();
    this.shown.set(key, next);
  }

  private fill(thread: vscode.CommentThread, model: ThreadModel): void {
    const label = model.kind === 'hint' ? model.findings.map((f) => f.rule).filter((r, i, all) => all.indexOf(r) === i).join(', ') || 'Hint' : 'Review comment';
    thread.label = model.outdated ? `${label} (outdated: the line it was written on changed)` : label;
    thread.contextValue = `${model.kind}-${model.resolved ? 'resolved' : 'open'}`;
    thread.state = model.resolved ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    thread.canReply = !model.resolved;
    if (model.resolved) thread.collapsibleState = vscode.CommentThreadCollapsibleState.Collapsed;
    const hints: vscode.Comment[] = model.findings.map((finding) => ({
      body: this.hintBody(finding.rule, finding.message, finding.suggestion),
      mode: vscode.CommentMode.Preview,
      author: HINT_AUTHOR,
      contextValue: 'hint',
    }));
    const own = model.comments.map((c) => new OwnComment(c.id, c.body, thread));
    thread.comments = [...hints, ...own];
  }

  private hintBody(ruleId: string, message: string, suggestion: string | undefined): vscode.MarkdownString {
    // A hint exists only once the worker reviewed the document, so its rule's text is known here.
    const rule = this.ctx.rules.find((r) => r.id === ruleId);
    const body = new vscode.MarkdownString();
    body.appendMarkdown(`**${ruleId}**: `).appendText(message);
    if (suggestion) body.appendMarkdown('\n\nSuggested: ').appendCodeblock(suggestion, 'c');
    if (rule) body.appendMarkdown(`\n\n*${rule.title}.* `).appendText(shortExplanation(rule.rationale));
    return body;
  }

  /** The document a thread belongs to, if it is open. */
  documentOf(thread: vscode.CommentThread): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === thread.uri.toString());
  }

  forget(uri: vscode.Uri): void {
    for (const thread of this.shown.get(uri.toString())?.values() ?? []) thread.dispose();
    this.shown.delete(uri.toString());
  }

  dispose(): void {
    for (const threads of this.shown.values()) for (const thread of threads.values()) thread.dispose();
    this.shown.clear();
    this.controller.dispose();
    this.store.dispose();
  }
}

/** The rationale's first paragraph, without markdown links, cut at a sentence near 300 characters. */
function shortExplanation(rationale: string): string {
  const first = rationale.split(/\n\s*\n/)[0]!.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/\s+/g, ' ').trim();
  if (first.length <= 300) return first;
  const cut = first.slice(0, 300);
  const end = cut.lastIndexOf('. ');
  return end > 80 ? cut.slice(0, end + 1) : `${cut}…`;
}

export function registerReviewThreads(ctx: KernelOffloadContext): vscode.Disposable[] {
  const threads = new ReviewThreads(ctx);
  ctx.owner.setVisibility((uri, findings) => threads.visibleFindings(uri, findings));
  // Off the activation path: stat calls for every remembered file.
  const sweep = setTimeout(() => {
    void threads.store.forgetMissingFiles().then((dropped) => {
      if (dropped > 0) ctx.output.info(`dropped the review state of ${dropped} files that no longer exist`);
    });
  }, 5000);
  const refreshUri = (uri: vscode.Uri) => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document) threads.refresh(document);
  };
  return [
    threads,
    { dispose: () => clearTimeout(sweep) },
    ...registerThreadCommands(threads),
    // The owner publishes each change of findings once; threads follow it. A change of the saved state (a hint
    // resolved or reopened) changes what diagnostics show, so the owner publishes again.
    ctx.owner.onDidPublish(refreshUri),
    threads.store.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => ctx.owner.publish(d.uri))),
    vscode.workspace.onDidCloseTextDocument((document) => threads.forget(document.uri)),
    vscode.workspace.onDidRenameFiles((event) => event.files.forEach((file) => void threads.store.moveUri(file.oldUri, file.newUri))),
    vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => void threads.store.forgetUri(uri))),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSettings(event, 'hintsAs')) vscode.workspace.textDocuments.forEach((d) => ctx.owner.publish(d.uri));
    }),
  ];
}
