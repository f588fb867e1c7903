export { parseCheckpatchOutput } from './parseOutput';
export type { CheckpatchLevel, CheckpatchMode, CheckpatchOutput, CheckpatchReport, CheckpatchTotals } from './parseOutput';
export { checkpatchInputs, type CheckpatchInput } from './input';
export { mapReports, type CheckpatchFinding } from './mapReports';
export { dedupeCheckpatch, type DedupeResult } from './dedupe';
export { checkpatchDocument } from './checkDocument';
export type { CheckpatchDocumentResult, CheckpatchRun, CheckpatchRunResult } from './checkDocument';
export { checkpatchArgs } from './args';
