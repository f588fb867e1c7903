import type * as vscode from 'vscode';
import type { Finding } from '../../core/review/finding';

/** The findings of the last review of each document, keyed by URI; hovers and quick fixes read them. */
export class FindingStore {
  private readonly byUri = new Map<string, readonly Finding[]>();

  set(uri: vscode.Uri, findings: readonly Finding[]): void {
    this.byUri.set(uri.toString(), findings);
  }

  get(uri: vscode.Uri): readonly Finding[] {
    return this.byUri.get(uri.toString()) ?? [];
  }

  delete(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
  }

  clear(): void {
    this.byUri.clear();
  }
}
