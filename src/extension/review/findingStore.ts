import type * as vscode from 'vscode';
import type { Finding, Fix } from '../../core/review/finding';

/** What a review saw of the document besides its findings. */
export interface Reviewed {
  version: number;
  /** The patch identity the review state keys it by (patchIdentity); undefined when the text carries none. */
  identity: string | undefined;
}

/** Computes a finding's quick fixes when one is asked for (reviews never compute them). */
export interface FixSource {
  fixes(finding: Finding): Fix[] | Promise<Fix[]>;
  dispose?(): void;
}

/** The findings of the last review of each document, keyed by URI; hovers and quick fixes read them. */
export class FindingStore {
  private readonly byUri = new Map<string, readonly Finding[]>();
  private readonly fixSources = new Map<string, FixSource>();
  private readonly reviewed = new Map<string, Reviewed>();

  set(uri: vscode.Uri, findings: readonly Finding[], fixes?: FixSource, reviewed?: Reviewed): void {
    this.byUri.set(uri.toString(), findings);
    this.replaceFixSource(uri.toString(), fixes);
    if (reviewed) this.reviewed.set(uri.toString(), reviewed);
    else this.reviewed.delete(uri.toString());
  }

  /** The document version the findings were made for, and the patch identity the review found in it. */
  reviewedAs(uri: vscode.Uri): Reviewed | undefined {
    return this.reviewed.get(uri.toString());
  }

  /** The quick fixes of one of the document's current findings; none once the document was reviewed again. */
  async fixes(uri: vscode.Uri, finding: Finding): Promise<readonly Fix[]> {
    if (finding.fixes) return finding.fixes;
    if (!this.get(uri).includes(finding)) return [];
    return (await this.fixSources.get(uri.toString())?.fixes(finding)) ?? [];
  }

  private replaceFixSource(key: string, fixes: FixSource | undefined): void {
    const previous = this.fixSources.get(key);
    if (previous === fixes) return;
    previous?.dispose?.();
    if (fixes) this.fixSources.set(key, fixes);
    else this.fixSources.delete(key);
  }

  get(uri: vscode.Uri): readonly Finding[] {
    return this.byUri.get(uri.toString()) ?? [];
  }

  delete(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
    this.reviewed.delete(uri.toString());
    this.replaceFixSource(uri.toString(), undefined);
  }

  clear(): void {
    this.byUri.clear();
    for (const source of this.fixSources.values()) source.dispose?.();
    this.fixSources.clear();
  }
}
