import * as vscode from 'vscode';
import { addHintReply, captureAnchor, changeComment, setHintsResolved, upsertThread, type SavedComment, type ThreadModel } from '../../core/review-state';
import type { ReviewStateStore } from './reviewThreadsState';
import { OwnComment } from './reviewThreadsComment';
import { COMMAND } from '../commands';

function newComment(body: string): SavedComment {
  return { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, author: 'You', body, created: Date.now() };
}

function bodyText(body: string | vscode.MarkdownString): string {
  return typeof body === 'string' ? body : body.value;
}

/** The commands behind the thread and comment buttons (their menus are in package.json). */
/** What the thread commands need of the review threads: the store, the model behind each thread, its document. */
export interface ThreadCommandsHost {
  readonly store: ReviewStateStore;
  readonly models: WeakMap<vscode.CommentThread, { uri: vscode.Uri; model: ThreadModel }>;
  documentOf(thread: vscode.CommentThread): vscode.TextDocument | undefined;
}

export function registerThreadCommands(threads: ThreadCommandsHost): vscode.Disposable[] {
  const keyFor = (thread: vscode.CommentThread): string | undefined => {
    const document = threads.documentOf(thread);
    return document ? threads.store.keyOf(document) : undefined;
  };

  const reply = async ({ thread, text }: vscode.CommentReply) => {
    if (text.trim() === '') return;
    const key = keyFor(thread);
    if (!key) return;
    const known = threads.models.get(thread);
    const comment = newComment(text);
    if (!known) {
      // A thread the reviewer just opened on a line: it becomes a saved thread and is redrawn from the state.
      const document = threads.documentOf(thread)!;
      const anchor = captureAnchor(threads.store.docLinesOf(document), thread.range?.start.line ?? 0);
      thread.dispose();
      await threads.store.update(key, (s) => upsertThread(s, { id: `user:${comment.id}`, ...anchor, resolved: false, comments: [comment] }));
    } else if (known.model.kind === 'hint') {
      const document = threads.documentOf(thread);
      const anchor = document ? captureAnchor(threads.store.docLinesOf(document), known.model.startLine) : undefined;
      await threads.store.update(key, (s) => addHintReply(s, known.model.keys[0]!, comment, anchor));
    } else {
      await threads.store.update(key, (s) => {
        const saved = s.threads.find((t) => t.id === known.model.id);
        return saved ? upsertThread(s, { ...saved, comments: [...saved.comments, comment] }) : s;
      });
    }
  };

  const setResolved = (resolved: boolean) => async (thread: vscode.CommentThread) => {
    const known = threads.models.get(thread);
    const key = keyFor(thread);
    if (!known || !key) return;
    if (known.model.kind === 'hint') await threads.store.update(key, (s) => setHintsResolved(s, known.model.keys, resolved));
    else {
      await threads.store.update(key, (s) => {
        const saved = s.threads.find((t) => t.id === known.model.id);
        return saved ? upsertThread(s, { ...saved, resolved }) : s;
      });
    }
  };

  const setMode = (comment: OwnComment, mode: vscode.CommentMode) => {
    comment.mode = mode;
    comment.parent.comments = [...comment.parent.comments];
  };

  const save = async (comment: OwnComment) => {
    const key = keyFor(comment.parent);
    const body = bodyText(comment.body);
    if (!key) return;
    if (body.trim() === '') {
      comment.body = comment.savedBody;
      setMode(comment, vscode.CommentMode.Preview);
      return;
    }
    comment.savedBody = body;
    setMode(comment, vscode.CommentMode.Preview);
    await threads.store.update(key, (s) => changeComment(s, comment.savedId, body));
  };

  const remove = async (comment: OwnComment) => {
    const key = keyFor(comment.parent);
    if (key) await threads.store.update(key, (s) => changeComment(s, comment.savedId, undefined));
  };

  const own = <T>(handler: (comment: OwnComment) => T) => (comment: unknown) => {
    if (comment instanceof OwnComment) return handler(comment);
    return undefined;
  };

  return [
    vscode.commands.registerCommand(COMMAND.threadReply, reply),
    vscode.commands.registerCommand(COMMAND.threadResolve, setResolved(true)),
    vscode.commands.registerCommand(COMMAND.threadReopen, setResolved(false)),
    vscode.commands.registerCommand(COMMAND.threadEditComment, own((c) => setMode(c, vscode.CommentMode.Editing))),
    vscode.commands.registerCommand(COMMAND.threadSaveComment, own(save)),
    vscode.commands.registerCommand(COMMAND.threadCancelEdit, own((c) => {
      c.body = c.savedBody;
      setMode(c, vscode.CommentMode.Preview);
    })),
    vscode.commands.registerCommand(COMMAND.threadDeleteComment, own(remove)),
  ];
}
