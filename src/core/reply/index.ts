export { buildReply } from './buildReply';
export { buildReplies, joinReplies } from './replySeries';
export { findingCommentText, findingsAsComments } from './findingComments';
export { parseTrailer } from './trailer';
export { replySubject } from './headers';
export { wrapText } from './wrap';
export type { BuiltReply, ReplyComment, ReplyOptions, ReplyPlacement } from './types';
