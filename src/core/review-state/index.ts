export { findingKeys, fnv1a, patchStateKey } from './keys';
export {
  addHintReply, changeComment, emptyState, readState, setHintsResolved, upsertThread,
  type ReviewState, type SavedComment, type SavedThread,
} from './state';
export { groupFindings, mergeThreads, threadsAsReplyComments, unresolvedFindings, type ThreadModel } from './threads';
export { hintsAsChoice, showsDiagnostics, showsThreads, type HintsAs } from './hintsAs';
