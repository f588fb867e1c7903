import { readAnchor, type Anchor } from './anchor';

/** A comment the reviewer wrote in a thread. */
export interface SavedComment {
  id: string;
  author: string;
  body: string;
  /** Milliseconds since the epoch. */
  created: number;
}

/** A thread the reviewer started on a line; anchored by content (see anchor.ts) so it follows the line. */
export interface SavedThread extends Anchor {
  id: string;
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
  /** Where each replied-to hint stood, so replies outlive the hint (shown outdated) instead of vanishing with it. */
  hintAnchors: Record<string, Anchor>;
  threads: SavedThread[];
}

export function emptyState(): ReviewState {
  return { version: 1, resolvedHints: [], hintReplies: {}, hintAnchors: {}, threads: [] };
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
  const anchors: Record<string, Anchor> = {};
  if (typeof v.hintAnchors === 'object' && v.hintAnchors !== null) {
    for (const [key, value] of Object.entries(v.hintAnchors)) {
      const anchor = readAnchor(value);
      if (anchor) anchors[key] = anchor;
    }
  }
  return {
    version: 1,
    resolvedHints: Array.isArray(v.resolvedHints) ? v.resolvedHints.filter((k): k is string => typeof k === 'string') : [],
    hintReplies: replies,
    hintAnchors: anchors,
    threads: Array.isArray(v.threads)
      ? v.threads.filter(isThread).map((t) => ({ ...t, ...readAnchor(t)!, comments: comments(t.comments) }))
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

export function addHintReply(state: ReviewState, hintKey: string, comment: SavedComment, anchor?: Anchor): ReviewState {
  const hintAnchors = anchor ? { ...state.hintAnchors, [hintKey]: anchor } : state.hintAnchors;
  return { ...state, hintReplies: { ...state.hintReplies, [hintKey]: [...(state.hintReplies[hintKey] ?? []), comment] }, hintAnchors };
}

/** Moves saved anchors to where they were found, so the next edit starts from there; unchanged state is returned as is. */
export function moveAnchors(state: ReviewState, lines: ReadonlyMap<string, { line: number; anchor: Anchor }>): ReviewState {
  let changed = false;
  const threads = state.threads.map((thread) => {
    const found = lines.get(thread.id);
    if (!found || found.line === thread.line) return thread;
    changed = true;
    return { ...thread, ...found.anchor };
  });
  return changed ? { ...state, threads } : state;
}

/** Replaces (body given) or deletes (body undefined) a reviewer's comment wherever it is. */
export function changeComment(state: ReviewState, commentId: string, body: string | undefined): ReviewState {
  const change = (list: SavedComment[]) => list.flatMap((c) => (c.id !== commentId ? [c] : body === undefined ? [] : [{ ...c, body }]));
  const hintReplies: Record<string, SavedComment[]> = {};
  for (const [key, list] of Object.entries(state.hintReplies)) {
    const changed = change(list);
    if (changed.length > 0) hintReplies[key] = changed;
  }
  const hintAnchors = Object.fromEntries(Object.entries(state.hintAnchors).filter(([key]) => hintReplies[key]));
  const threads = state.threads.map((t) => ({ ...t, comments: change(t.comments) })).filter((t) => t.comments.length > 0);
  return { ...state, hintReplies, hintAnchors, threads };
}

export function upsertThread(state: ReviewState, thread: SavedThread): ReviewState {
  const others = state.threads.filter((t) => t.id !== thread.id);
  return { ...state, threads: [...others, thread].sort((a, b) => a.line - b.line) };
}
