import * as vscode from 'vscode';
import type { KernelOffloadContext } from '../context';
import type { HostReviewEngine, HostReviewResult } from '../engineLoader';
import { getSetting } from '../settings';

/**
 * Reviews open documents in the review worker: a debounce timer per document, the document's edits forwarded as
 * they happen (so a review sends no text and a running review of it stops), and a version check so a review a
 * newer edit has overtaken is dropped. Nothing of the engine runs on the extension host's thread.
 */
export class DocumentReviewer implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The last version of each document the worker was told about (by a review or an edit). */
  private readonly versions = new Map<string, number>();
  private readonly toldTooLarge = new Set<string>();
  private readonly toldFailed = new Set<string>();
  private engine: HostReviewEngine | undefined;

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

  /** Forwards an edit to the worker right away: cheap to send, and it stops a review of the old text. */
  changed(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const from = this.versions.get(key);
    if (!this.engine || from === undefined) return;
    this.engine.edit(key, from, event.document.version, event.contentChanges.map((change) => ({
      offset: change.rangeOffset, length: change.rangeLength, text: change.text,
    })));
    this.versions.set(key, event.document.version);
  }

  private async reviewIfCurrent(document: vscode.TextDocument, version: number): Promise<void> {
    const engine = await this.ctx.engine();
    this.engine = engine;
    if (!engine || document.isClosed || document.version !== version) return;
    const result = await this.review(document, engine, version);
    if (!result || document.isClosed || document.version !== version) return;
    this.ctx.findings.set(document.uri, result.findings, result, { version, identity: result.identity });
    this.ctx.owner.publish(document.uri);
  }

  private async review(document: vscode.TextDocument, engine: HostReviewEngine, version: number): Promise<HostReviewResult | undefined> {
    const key = document.uri.toString();
    // The length without building the text: a 10 MB document's getText() is not free on this thread.
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    const limit = getSetting('maxDocumentSize', document);
    if (length > limit) {
      this.forget(document);
      this.tellOnce(this.toldTooLarge, key, `Kernel Offload: ${baseName(document)} is not reviewed: ${length} characters is above kernelOffload.maxDocumentSize (${limit}).`);
      return undefined;
    }
    try {
      this.versions.set(key, version);
      const result = await engine.reviewDocument(key, version, () => document.getText(), {
        fileName: document.uri.path, rules: getSetting('rules', document), vocabulary: getSetting('vocabulary', document),
      });
      if (!result) return undefined;
      // A slow review is worth a line at the default log level; the others only at debug.
      const say = result.ms >= 500 ? this.ctx.output.info : this.ctx.output.debug;
      say.call(this.ctx.output, `reviewed ${baseName(document)} (${result.kind}) in ${result.ms} ms in the review worker: ${result.findings.length} findings`);
      for (const note of result.notes) this.ctx.output.info(`${baseName(document)}: ${note}`);
      return result;
    } catch (error) {
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

  /** Drops everything kept for a closed document, including its diagnostics and the worker's copy. */
  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.versions.delete(key)) this.engine?.forget(key);
    this.toldFailed.delete(key);
    this.ctx.findings.delete(document.uri);
    this.ctx.owner.publish(document.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.versions.clear();
  }
}

function baseName(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() || document.uri.toString(true);
}
