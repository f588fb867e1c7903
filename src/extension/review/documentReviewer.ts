import * as vscode from 'vscode';
import type { ReviewSession } from '../../core/review/session';
import { createReviewSession, type ReviewEngine, type ReviewResult } from '../../core/review/engine';
import type { KernelOffloadContext } from '../context';
import { getSetting } from '../settings';
import { toDiagnostic } from './convert';

/**
 * Reviews open documents: one incremental-parse session per document, a debounce timer per document, and
 * a version check so a review that a newer edit has overtaken is dropped instead of run.
 */
export class DocumentReviewer implements vscode.Disposable {
  private readonly sessions = new Map<string, ReviewSession>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly toldTooLarge = new Set<string>();
  private readonly toldFailed = new Set<string>();

  constructor(private readonly ctx: KernelOffloadContext) {}

  /** Reviews `document` after `delay` ms unless it changes again meanwhile. */
  schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    const version = document.version;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.reviewIfCurrent(document, version);
    }, delay));
  }

  private async reviewIfCurrent(document: vscode.TextDocument, version: number): Promise<void> {
    const engine = await this.ctx.engine();
    if (!engine || document.isClosed || document.version !== version) return;
    const result = this.review(document, engine);
    if (!result || document.version !== version) return;
    this.ctx.findings.set(document.uri, result.findings);
    this.ctx.diagnostics.set(document.uri, result.findings.map((finding) => toDiagnostic(finding, document.uri)));
  }

  private review(document: vscode.TextDocument, engine: ReviewEngine): ReviewResult | undefined {
    const key = document.uri.toString();
    const text = document.getText();
    const limit = getSetting('maxDocumentSize', document);
    if (text.length > limit) {
      this.forget(document);
      this.tellOnce(this.toldTooLarge, key, `Kernel Offload: ${baseName(document)} is not reviewed: ${text.length} characters is above kernelOffload.maxDocumentSize (${limit}).`);
      return undefined;
    }
    let session = this.sessions.get(key);
    if (!session) this.sessions.set(key, (session = createReviewSession()));
    const started = Date.now();
    try {
      const result = engine.review(text, {
        fileName: document.uri.path, session,
        rules: getSetting('rules', document), vocabulary: getSetting('vocabulary', document),
      });
      this.ctx.output.debug(`reviewed ${baseName(document)} (${result.kind}) in ${Date.now() - started} ms: ${result.findings.length} findings`);
      for (const note of result.notes) this.ctx.output.info(`${baseName(document)}: ${note}`);
      return result;
    } catch (error) {
      // A fresh session next time: the failed one may hold a tree the engine gave up on.
      this.dropSession(key);
      const reason = error instanceof Error ? error.message : String(error);
      this.ctx.output.error(`review of ${document.uri.toString(true)} failed: ${reason}`);
      this.tellOnce(this.toldFailed, key, `Kernel Offload: could not review ${baseName(document)}: ${reason}`);
      return undefined;
    }
  }

  /** One notification per document and problem, never a stream of pop-ups while typing. */
  private tellOnce(told: Set<string>, key: string, message: string): void {
    if (told.has(key)) return;
    told.add(key);
    this.ctx.output.warn(message);
    void vscode.window.showWarningMessage(message);
  }

  /** Drops everything kept for a closed document, including its diagnostics. */
  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.dropSession(key);
    this.toldFailed.delete(key);
    this.ctx.findings.delete(document.uri);
    this.ctx.diagnostics.delete(document.uri);
  }

  private dropSession(key: string): void {
    this.sessions.get(key)?.dispose();
    this.sessions.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const session of this.sessions.values()) session.dispose();
    this.timers.clear();
    this.sessions.clear();
  }
}

function baseName(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() || document.uri.toString(true);
}
