import * as vscode from 'vscode';
import { parseDocument } from '../../core/patch';
import type { Finding } from '../../core/review/finding';
import { documentStateKey, mayCarryPatchIdentity, mergeThreads, readState, type ReviewState, type ThreadModel } from '../../core/review-state';
import type { KernelOffloadContext } from '../context';
import { linesOfDocument } from '../review/documentLines';

const STATE_PREFIX = 'kernelOffload.reviewState:';

const URI_KEY = 'uri:';

/**
 * The review state of each document, in the workspace storage (never in the user's files): a patch by its
 * Message-ID or blob ids, so the state follows the patch to any file; anything else by its URI, followed through
 * renames and cleared when the file is gone.
 */
export class ReviewStateStore {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the state key after a save. */
  readonly onDidChange = this.changed.event;
  /** One look per document version, however many features ask: its lines and its state key. */
  private readonly views = new WeakMap<vscode.TextDocument, { version: number; docLines: readonly string[]; key: string }>();

  constructor(private readonly ctx: KernelOffloadContext) {}

  /**
   * The document's lines are read from the document where they are needed, never split here. Its key is the patch
   * identity its last review found (the review worker parsed it), so this thread reads no patch; only a version no
   * review has seen yet (a command before the first review) is parsed here, and only when it may carry a patch.
   */
  private viewOf(document: vscode.TextDocument): { docLines: readonly string[]; key: string } {
    const cached = this.views.get(document);
    if (cached?.version === document.version) return cached;
    const uri = document.uri.toString();
    const reviewed = this.ctx.findings.reviewedAs(document.uri);
    const view = reviewed?.version === document.version
      ? { docLines: linesOfDocument(document), key: reviewed.identity ?? `${URI_KEY}${uri}` }
      : viewOfText(document, uri);
    this.views.set(document, { version: document.version, ...view });
    return view;
  }

  docLinesOf(document: vscode.TextDocument): readonly string[] {
    return this.viewOf(document).docLines;
  }

  keyOf(document: vscode.TextDocument): string {
    return this.viewOf(document).key;
  }

  /** A renamed file keeps its threads and resolutions. */
  async moveUri(from: vscode.Uri, to: vscode.Uri): Promise<void> {
    const state = this.ctx.extension.workspaceState.get(STATE_PREFIX + URI_KEY + from.toString());
    if (state === undefined) return;
    await this.ctx.extension.workspaceState.update(STATE_PREFIX + URI_KEY + to.toString(), state);
    await this.ctx.extension.workspaceState.update(STATE_PREFIX + URI_KEY + from.toString(), undefined);
    this.changed.fire(URI_KEY + to.toString());
  }

  async forgetUri(uri: vscode.Uri): Promise<void> {
    await this.ctx.extension.workspaceState.update(STATE_PREFIX + URI_KEY + uri.toString(), undefined);
  }

  /** State of files that no longer exist is dropped (on start-up, off the hot path). */
  async forgetMissingFiles(): Promise<number> {
    let dropped = 0;
    for (const key of this.ctx.extension.workspaceState.keys()) {
      if (!key.startsWith(STATE_PREFIX + URI_KEY)) continue;
      const uri = vscode.Uri.parse(key.slice(STATE_PREFIX.length + URI_KEY.length));
      if (uri.scheme !== 'file') continue;
      if (!(await exists(uri))) {
        await this.ctx.extension.workspaceState.update(key, undefined);
        dropped++;
      }
    }
    return dropped;
  }

  get(key: string): ReviewState {
    return readState(this.ctx.extension.workspaceState.get(STATE_PREFIX + key));
  }

  async update(key: string, change: (state: ReviewState) => ReviewState, options: { quiet?: boolean } = {}): Promise<void> {
    const before = this.get(key);
    const after = change(before);
    if (after === before) return;
    await this.ctx.extension.workspaceState.update(STATE_PREFIX + key, after);
    // Re-anchoring after an edit saves quietly: what is shown already matches it.
    if (!options.quiet) this.changed.fire(key);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** What threads need about one open document: its lines, its state key, its findings and its threads. */
export interface DocumentReview {
  docLines: readonly string[];
  key: string;
  findings: readonly Finding[];
  threads: ThreadModel[];
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A version no review has seen: parsed here, and only when it may carry a patch (a C file is never split). */
function viewOfText(document: vscode.TextDocument, uri: string): { docLines: readonly string[]; key: string } {
  const text = document.getText();
  if (!mayCarryPatchIdentity(text)) return { docLines: linesOfDocument(document), key: `${URI_KEY}${uri}` };
  const parsed = parseDocument(text, document.uri.path);
  return { docLines: parsed.docLines, key: documentStateKey(parsed, uri) };
}

export function documentReview(ctx: KernelOffloadContext, store: ReviewStateStore, document: vscode.TextDocument): DocumentReview {
  const docLines = store.docLinesOf(document);
  const key = store.keyOf(document);
  const findings = ctx.findings.get(document.uri);
  return { docLines, key, findings, threads: mergeThreads(findings, docLines, store.get(key)) };
}
