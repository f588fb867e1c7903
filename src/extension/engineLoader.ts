import * as vscode from 'vscode';
import { ReviewWorkerClient, type HostReviewEngine } from './review/reviewClient';
import { startReviewWorkerPort } from './review/workerPort';

export type { HostReviewEngine, HostReviewResult } from './review/reviewClient';

/**
 * Starts the window's review worker and hands it the grammar and word list the build copies to dist/ (read with
 * workspace.fs, which works in the desktop and the web extension host alike). Nothing of the engine runs here.
 */
export async function loadReviewEngine(extensionUri: vscode.Uri): Promise<HostReviewEngine> {
  const read = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name));
  const [port, runtimeWasm, grammarWasm, words] = await Promise.all([
    startReviewWorkerPort(extensionUri), read('web-tree-sitter.wasm'), read('tree-sitter-c.wasm'), read('words.txt'),
  ]);
  return ReviewWorkerClient.start(port, { runtimeWasm, grammarWasm, englishWords: new TextDecoder().decode(words) });
}
