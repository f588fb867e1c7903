import * as vscode from 'vscode';
import { createCParser } from '../core/c/parser';
import { createReviewEngine, type ReviewEngine } from '../core/review/engine';

/**
 * Reads the grammar and word list that the build copies to dist/. workspace.fs works in the desktop and the
 * web extension host alike, so both entries share this loader.
 */
export async function loadReviewEngine(extensionUri: vscode.Uri): Promise<ReviewEngine> {
  const read = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name));
  const [runtimeWasm, grammarWasm, words] = await Promise.all([read('web-tree-sitter.wasm'), read('tree-sitter-c.wasm'), read('words.txt')]);
  const parser = await createCParser({ runtimeWasm, grammarWasm });
  return createReviewEngine({ parser, englishWords: new TextDecoder().decode(words) });
}
