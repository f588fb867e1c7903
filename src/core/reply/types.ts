/** A reviewer's remark, placed under one line of the opened document (0-based). */
export interface ReplyComment {
  docLine: number;
  author?: string;
  text: string;
}

export interface ReplyOptions {
  /** Column limit for everything the reviewer wrote (quoted patch lines are never re-wrapped). */
  width?: number;
  /** Quoted lines kept above a comment. */
  before?: number;
  /** Quoted lines kept below a comment. */
  after?: number;
  /** Uncommented stretches at most this long are quoted whole rather than cut with `[...]`. */
  joinGap?: number;
  /** The reviewer's `From:` header, when known. */
  from?: string;
  /** A trailer the reviewer typed (`Reviewed-by: Name <mail>`); the tool never invents one. */
  trailer?: string;
  /** A closing line (the reviewer's name). */
  signature?: string;
}

/** Where a comment ended up in the reply: its first line, and the document line it is anchored under. */
export interface ReplyPlacement {
  comment: number;
  replyLine: number;
  anchorDocLine: number | undefined;
}

export interface BuiltReply {
  /** Index into ParsedDocument.patches of the patch this reply answers. */
  patch: number;
  text: string;
  placements: ReplyPlacement[];
}

export const DEFAULT_WIDTH = 72;
