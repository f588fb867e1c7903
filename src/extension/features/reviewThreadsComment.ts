import * as vscode from 'vscode';

export const OWN_AUTHOR: vscode.CommentAuthorInformation = { name: 'You' };

/** A comment the reviewer wrote; `savedId` ties it to the stored state. */
export class OwnComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  readonly author = OWN_AUTHOR;
  readonly contextValue = 'own';
  body: string | vscode.MarkdownString;
  /** The text before an edit started, for Cancel. */
  savedBody: string;
  constructor(readonly savedId: string, body: string, readonly parent: vscode.CommentThread) {
    this.body = body;
    this.savedBody = body;
  }
}
