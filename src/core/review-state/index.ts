export { captureAnchor, locateAnchor, type Anchor, type Located } from './anchor';
export { documentStateKey, findingKeys, fnv1a, mayCarryPatchIdentity, patchIdentity } from './keys';
export {
  addHintReply, changeComment, emptyState, moveAnchors, readState, setHintsResolved, upsertThread,
  type ReviewState, type SavedComment, type SavedThread,
} from './state';
export { groupFindings, mergeThreads, threadsAsReplyComments, unresolvedFindings, type ThreadModel } from './threads';
export { hintsAsChoice, showsDiagnostics, showsThreads, type HintsAs } from './hintsAs';
