/** A comment the reviewer wrote in a thread. */
export interface SavedComment {
  id: string;
  author: string;
  body: string;
  /** Milliseconds since the epoch. */
  created: number;
}

/** A thread the reviewer started on a line; anchored by the line's text so it follows the line when others move. */
export interface SavedThread {
  id: string;
  line: number;
  lineText: string;
  comments: SavedComment[];
  resolved: boolean;
}

/** Everything saved for one patch in the workspace storage (never in the user's files). */
export interface ReviewState {
  version: 1;
  /** Keys (see findingKeys) of hints the reviewer resolved. */
  resolvedHints: string[];
  /** The reviewer's replies in hint threads, by the key of the hint they answer. */
  hintReplies: Record<string, SavedComment[]>;
  threads: SavedThread[];
}

export function emptyState(): ReviewState {
  return { version: 1, resolvedHints: [], hintReplies: {}, threads: [] };
}

/** Whatever workspace storage hands back (older versions, hand edits) becomes a valid state. */
export function readState(value: unknown): ReviewState {
  if (typeof value !== 'object' || value === null) return emptyState();
  const v = value as Partial<ReviewState>;
  const comments = (list: unknown): SavedComment[] => (Array.isArray(list) ? list.filter(isComment) : []);
  const replies: Record<string, SavedComment[]> = {};
  if (typeof v.hintReplies === 'object' && v.hintReplies !== null) {
    for (const [key, list] of Object.entries(v.hintReplies)) {
      const valid = comments(list);
      if (valid.length > 0) replies[key] = valid;
    }
  }
  return {
    version: 1,
    resolvedHints: Array.isArray(v.resolvedHints) ? v.resolvedHints.filter((k): k is string => typeof k === 'string') : [],
    hintReplies: replies,
    threads: Array.isArray(v.threads)
      ? v.threads.filter(isThread).map((t) => ({ ...t, comments: comments(t.comments) }))
      : [],
  };
}

function isComment(c: unknown): c is SavedComment {
  const x = c as SavedComment;
  return typeof x === 'object' && x !== null && typeof x.id === 'string' && typeof x.body === 'string'
    && typeof x.author === 'string' && typeof x.created === 'number';
}

function isThread(t: unknown): t is SavedThread {
  const x = t as SavedThread;
  return typeof x === 'object' && x !== null && typeof x.id === 'string' && typeof x.line === 'number'
    && typeof x.lineText === 'string' && typeof x.resolved === 'boolean';
}

export function setHintsResolved(state: ReviewState, keys: readonly string[], resolved: boolean): ReviewState {
  const set = new Set(state.resolvedHints);
  for (const key of keys) {
    if (resolved) set.add(key);
    else set.delete(key);
  }
  return { ...state, resolvedHints: [...set].sort() };
}

export function addHintReply(state: ReviewState, hintKey: string, comment: SavedComment): ReviewState {
  return { ...state, hintReplies: { ...state.hintReplies, [hintKey]: [...(state.hintReplies[hintKey] ?? []), comment] } };
}

/** Replaces (body given) or deletes (body undefined) a reviewer's comment wherever it is. */
export function changeComment(state: ReviewState, commentId: string, body: string | undefined): ReviewState {
  const change = (list: SavedComment[]) => list.flatMap((c) => (c.id !== commentId ? [c] : body === undefined ? [] : [{ ...c, body }]));
  const hintReplies: Record<string, SavedComment[]> = {};
  for (const [key, list] of Object.entries(state.hintReplies)) {
    const changed = change(list);
    if (changed.length > 0) hintReplies[key] = changed;
  }
  const threads = state.threads.map((t) => ({ ...t, comments: change(t.comments) })).filter((t) => t.comments.length > 0);
  return { ...state, hintReplies, threads };
}

export function upsertThread(state: ReviewState, thread: SavedThread): ReviewState {
  const others = state.threads.filter((t) => t.id !== thread.id);
  return { ...state, threads: [...others, thread].sort((a, b) => a.line - b.line) };
}
