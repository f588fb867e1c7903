import type * as vscode from 'vscode';
import { findMigratorLenses, LENS_WORDS, NAME_LOOKAHEAD, type MigratorLens } from '../../shared/migratorLenses';

/**
 * The same lenses as migratorLensesOfText(document.getText()), without splitting the document: a line can carry a
 * lens only if it holds one of LENS_WORDS, and what decides it is that line and the few below. verifier.c has a few
 * dozen such lines among 24,000; splitting and matching every line was 45 ms of this thread and 40,000 strings for
 * the collector on each version.
 */
export function lensesOfDocument(document: Pick<vscode.TextDocument, 'getText' | 'positionAt' | 'lineAt' | 'lineCount'>): MigratorLens[] {
  const text = document.getText();
  const candidates = new Set<number>();
  for (const word of LENS_WORDS) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) candidates.add(document.positionAt(at).line);
  }
  const lenses: MigratorLens[] = [];
  for (const line of [...candidates].sort((a, b) => a - b)) {
    const window: string[] = [];
    for (let i = line; i < Math.min(document.lineCount, line + NAME_LOOKAHEAD); i++) window.push(document.lineAt(i).text);
    for (const lens of findMigratorLenses(window)) if (lens.line === 0) lenses.push({ ...lens, line });
  }
  return lenses;
}
