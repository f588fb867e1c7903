import type * as vscode from 'vscode';

/** Languages whose documents may hold C or a patch; plaintext is kept because a saved reply is often `.txt`. */
export const REVIEWED_LANGUAGES = ['c', 'diff', 'email', 'plaintext'] as const;

/** Schemes of documents a user edits; output channels, git's originals and settings are left alone. */
const USER_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-test-web']);

/** True for a document the engine should look at; whether it really holds a patch is decided from its text. */
export function isReviewable(document: vscode.TextDocument): boolean {
  if (!USER_SCHEMES.has(document.uri.scheme)) return false;
  if ((REVIEWED_LANGUAGES as readonly string[]).includes(document.languageId)) return true;
  // VS Code opens headers as C++ by default; a kernel header is C.
  return document.languageId === 'cpp' && document.uri.path.endsWith('.h');
}

/** Selector for hovers and code actions, matching isReviewable's languages. */
export const reviewedDocuments: vscode.DocumentFilter[] = [
  ...REVIEWED_LANGUAGES.map((language) => ({ language })),
  { language: 'cpp', pattern: '**/*.h' },
];
