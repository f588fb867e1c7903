import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Features register here (see src/extension/features/).
}

export function deactivate(): void {}
