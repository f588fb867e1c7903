import * as vscode from 'vscode';
import { parseDocument } from '../../core/patch';
import type { ParsedDocument } from '../../core/patch/types';
import type { Finding } from '../../core/review/finding';
import { hintsAsChoice, mergeThreads, patchStateKey, readState, type HintsAs, type ReviewState, type ThreadModel } from '../../core/review-state';
import type { KernelOffloadContext } from '../context';

const STATE_PREFIX = 'kernelOffload.reviewState:';

/** `kernelOffload.hintsAs`: where hints show up. */
export function hintsAsSetting(scope?: vscode.ConfigurationScope): HintsAs {
  return hintsAsChoice(vscode.workspace.getConfiguration('kernelOffload', scope).get('hintsAs'));
}

/**
 * The review state of each patch, in the workspace storage (never in the user's files), keyed by the patch
 * (Message-ID, index lines or content hash) so it follows the patch, not the file name.
 */
export class ReviewStateStore {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the state key after a save. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: KernelOffloadContext) {}

  keyOf(parsed: ParsedDocument): string {
    return patchStateKey(parsed);
  }

  get(key: string): ReviewState {
    return readState(this.ctx.extension.workspaceState.get(STATE_PREFIX + key));
  }

  async update(key: string, change: (state: ReviewState) => ReviewState): Promise<void> {
    await this.ctx.extension.workspaceState.update(STATE_PREFIX + key, change(this.get(key)));
    this.changed.fire(key);
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

export function documentReview(ctx: KernelOffloadContext, store: ReviewStateStore, document: vscode.TextDocument): DocumentReview {
  const parsed = parseDocument(document.getText(), document.uri.path);
  const key = store.keyOf(parsed);
  const findings = ctx.findings.get(document.uri);
  return { parsed, key, findings, threads: mergeThreads(findings, parsed.docLines, store.get(key)) };
}
