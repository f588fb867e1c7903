import type { Finding, Fix, Severity } from './finding';
import type { InputKind } from '../patch/types';
import type { RuleInfo } from './rule';

/** What a review of one document is run with (the settings of the document's folder). */
export interface ReviewSettings {
  fileName?: string;
  rules?: Record<string, Severity | 'off'>;
  vocabulary?: string[];
}

/** One change of a document, in offsets of the text before the change (VS Code's contentChanges). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

/** Messages from the extension host to the review worker. */
export type ToReviewWorker =
  | {
    type: 'init';
    runtimeWasm: Uint8Array;
    grammarWasm: Uint8Array;
    englishWords: string | Uint8Array;
    /** Int32Array over a SharedArrayBuffer the host bumps on every request; absent where no SharedArrayBuffer exists. */
    interrupt?: SharedArrayBuffer;
  }
  /**
   * Review `key` at `version`. `text` is sent when the worker does not have that version (first review, a one-off
   * review, a lost edit); otherwise the worker applies the edits it was sent. `session` keeps trees and findings of
   * the document for the next edit.
   */
  | { type: 'review'; id: number; key: string; version: number; text?: string; settings: ReviewSettings; session: boolean }
  | { type: 'edit'; key: string; fromVersion: number; version: number; changes: TextChange[] }
  | { type: 'fixes'; id: number; key: string; version: number; finding: number }
  | { type: 'forget'; key: string };

/** Messages from the review worker to the extension host. */
export type FromReviewWorker =
  | { type: 'ready'; rules: RuleInfo[]; ms: number }
  | { type: 'init-failed'; message: string }
  | {
    type: 'reviewed'; id: number; key: string; version: number; kind: InputKind; findings: Finding[]; notes: string[]; ms: number;
    /** The patch's Message-IDs or blob ids as the review state keys them (patchIdentity), so the host never parses the text for it. */
    identity?: string;
  }
  /** Overtaken by a newer version of the document (or forgotten) before it finished. */
  | { type: 'superseded'; id: number }
  /** The worker no longer has the text of that version: send it again with the text. */
  | { type: 'needs-text'; id: number }
  | { type: 'review-failed'; id: number; message: string }
  /** The C parser's WASM module faulted and could not be reset: only a fresh worker (a new module) reviews again. */
  | { type: 'poisoned'; message: string }
  | { type: 'fixes'; id: number; fixes: Fix[] };

/** Applies changes made against one text, in any order VS Code lists them (each offset is in the text before). */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  const ordered = [...changes].sort((a, b) => b.offset - a.offset);
  let result = text;
  for (const change of ordered) result = result.slice(0, change.offset) + change.text + result.slice(change.offset + change.length);
  return result;
}
