// The copy engine's public face. Hosts live apart so this module stays platform-free:
// createNodeWorkerHost in ./node/nodeWorkerHost, createBrowserWorkerHost in ./browser/browserWorkerHost.
export { createCopyEngine, DEFAULT_SEED, type CopyEngine, type CopyEngineOptions } from './engine';
export { createCopyBatch, destinationBlocks, fillSource, folioMatches, sourceViews, destinationViews, MAX_BATCH_BYTES, type BatchMemory, type CopyBatch, type BatchOptions, type Segment } from './batch';
export { planCopy, MAX_LANES, type CopyPlan, type CopyPolicy, type Piece } from './schedule';
export { createInlineHost } from './inlineHost';
export { jsBytesEqual, type BytesEqual } from './bytesEqual';
export { parseSize, formatSize } from './size';
export { createSimCopyBackend, type SimCopyBackend } from './simBackend';
export type { WorkerHost, WorkerHandle, WorkerListeners } from './host';
export { VERIFY_MODES, type CopyMode, type CopyOptions, type CopyReport, type FaultInjection, type FaultKind, type FolioFailure, type VerifyMode, type WorkerStats } from './types';
export { taskDeadlineMs } from './deadline';
export { runCopySelfTest, type SelfTestResult, type SelfTestRun } from './selfTest';
