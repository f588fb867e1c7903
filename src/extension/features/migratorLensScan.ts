import type * as vscode from 'vscode';
import { linesOfOffsets } from '../../core/text/linesOfOffsets';
import { findMigratorLenses, LENS_WORDS, NAME_LOOKAHEAD, type MigratorLens } from '../../shared/migratorLenses';

/**
 * The same lenses as migratorLensesOfText(document.getText()), without splitting the document: a line can carry a
 * lens only if it holds one of LENS_WORDS, and what decides it is that line and the few below. verifier.c has a few
 * dozen such lines among 24,000; splitting and matching every line was 45 ms of this thread and 40,000 strings for
 * the collector on each version. Lines are counted from the text: the host document's positionAt() built its
 * line-offset table on first use, 180 ms of this thread for verifier.c (profiled in the kernel-scale journey).
 */
export function lensesOfDocument(document: Pick<vscode.TextDocument, 'getText' | 'lineAt' | 'lineCount'>): MigratorLens[] {
  const text = document.getText();
  const offsets: number[] = [];
  for (const word of LENS_WORDS) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) offsets.push(at);
  }
  const candidates = new Set(linesOfOffsets(text, offsets.sort((a, b) => a - b)));
  const lenses: MigratorLens[] = [];
  for (const line of candidates) {
    const window: string[] = [];
    for (let i = line; i < Math.min(document.lineCount, line + NAME_LOOKAHEAD); i++) window.push(document.lineAt(i).text);
    for (const lens of findMigratorLenses(window)) if (lens.line === 0) lenses.push({ ...lens, line });
  }
  return lenses;
}
