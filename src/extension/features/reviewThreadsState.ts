import * as vscode from 'vscode';
import { parseDocument } from '../../core/patch';
import type { ParsedDocument } from '../../core/patch/types';
import type { Finding } from '../../core/review/finding';
import { documentStateKey, hintsAsChoice, mergeThreads, readState, type HintsAs, type ReviewState, type ThreadModel } from '../../core/review-state';
import type { KernelOffloadContext } from '../context';

const STATE_PREFIX = 'kernelOffload.reviewState:';

/** `kernelOffload.hintsAs`: where hints show up. */
export function hintsAsSetting(scope?: vscode.ConfigurationScope): HintsAs {
  return hintsAsChoice(vscode.workspace.getConfiguration('kernelOffload', scope).get('hintsAs'));
}

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
  /** One parse per document version, however many features ask. */
  private readonly parses = new WeakMap<vscode.TextDocument, { version: number; parsed: ParsedDocument }>();

  constructor(private readonly ctx: KernelOffloadContext) {}

  parsedOf(document: vscode.TextDocument): ParsedDocument {
    const cached = this.parses.get(document);
    if (cached?.version === document.version) return cached.parsed;
    const parsed = parseDocument(document.getText(), document.uri.path);
    this.parses.set(document, { version: document.version, parsed });
    return parsed;
  }

  keyOf(document: vscode.TextDocument): string {
    return documentStateKey(this.parsedOf(document), document.uri.toString());
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

/** What threads and export need about one open document: its parse, its findings and its threads. */
export interface DocumentReview {
  parsed: ParsedDocument;
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

export function documentReview(ctx: KernelOffloadContext, store: ReviewStateStore, document: vscode.TextDocument): DocumentReview {
  const parsed = store.parsedOf(document);
  const key = store.keyOf(document);
  const findings = ctx.findings.get(document.uri);
  return { parsed, key, findings, threads: mergeThreads(findings, parsed.docLines, store.get(key)) };
}
