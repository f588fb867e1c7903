/**
 * How the simulator asks for real bytes to be moved ("real copy" mode). The copy engine
 * (src/core/copy) implements it with workers; the simulator stays free of any host API.
 */
export type CopySchedule = 'folios' | 'chunks' | 'lanes';

export interface RealCopyRequest {
  /** Size in bytes of each folio of one migration batch, in list order. */
  folioBytes: number[];
  /** Worker threads (mtcopy) or lanes (dcbm channels). */
  workers: number;
  schedule: CopySchedule;
  signal?: AbortSignal;
}

export interface RealCopyResult {
  bytes: number;
  /** Folios whose destination was verified equal to the source. */
  verifiedFolios: number;
  verifiedBytes: number;
  failedFolios: { index: number; reason: string }[];
  /** Folios the engine recopied on the calling thread after a worker fault. */
  recoveredSerially: number;
  seconds: number;
  GBps: number;
}

export interface CopyBackend {
  copyBatch(request: RealCopyRequest): Promise<RealCopyResult>;
}
