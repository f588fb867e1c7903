import * as vscode from 'vscode';
import type { KernelOffloadContext } from '../context';
import { COMMAND } from '../commands';

/** Set once a hover has shown a hint: the walkthrough's "Read a hint" step completes on it. */
export const HINT_READ_CONTEXT = 'kernelOffload.hintRead';

/** The example the walkthrough starts from, shipped in the package (examples/ is in the .vsix). */
const EXAMPLE = 'seed-reply.txt';

/**
 * Opens the bundled example as an untitled plain-text copy: the installed extension's folder is never edited,
 * and the copy is reviewed like any reply (the review reads the text, not the file name).
 */
async function openExample(ctx: KernelOffloadContext): Promise<void> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ctx.extension.extensionUri, 'examples', EXAMPLE));
  const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: new TextDecoder().decode(bytes) });
  await vscode.window.showTextDocument(document, { preview: false });
}

/** Marks the "Read a hint" step done; the hover calls it when it shows a hint. */
export function noteHintRead(): void {
  void vscode.commands.executeCommand('setContext', HINT_READ_CONTEXT, true);
}

export function registerWalkthrough(ctx: KernelOffloadContext): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMAND.openExample, () => openExample(ctx))];
}
