import { fillSource, folioMatches, type CopyBatch } from './batch';
import { jsBytesEqual } from './bytesEqual';
import { createCopyEngine } from './engine';
import type { WorkerHost } from './host';
import type { CopyMode, CopyReport, FaultInjection } from './types';

export interface SelfTestRun {
  mode: CopyMode;
  inject: string;
  folios: number;
  verified: number;
  failed: number;
  faults: CopyReport['faults'];
  recoveredSerially: number;
  /** Folios recopied by a worker after a crash or hang struck their task. */
  retried: number;
  GBps: number;
  /** Folios the report calls verified whose bytes really equal the source (checked independently here). */
  verifiedAndEqual: number;
}

export interface SelfTestResult {
  host: string;
  memory: 'shared' | 'transfer';
  runs: SelfTestRun[];
  /** Transfer memory: the source block was detached (byteLength 0) while a worker held it. */
  detachedWhileInWorker: boolean | 'not applicable';
  ok: boolean;
  problems: string[];
}

/**
 * A short end-to-end check of a host, meant for the panel's E2E test: every schedule, then
 * a run with every fault kind, each result compared byte for byte on the calling thread.
 */
export async function runCopySelfTest(host: WorkerHost, workers = 2): Promise<SelfTestResult> {
  const engine = createCopyEngine(host, { workers });
  const runs: SelfTestRun[] = [];
  const problems: string[] = [];
  let detached: boolean | 'not applicable' = 'not applicable';
  try {
    const plain: [CopyMode, number[]][] = [['folios', sizes(24, 64 * 1024)], ['chunks', sizes(1, 2 * 1024 * 1024)], ['lanes', sizes(20, 4096)]];
    for (const [mode, folioBytes] of plain) runs.push(await checkedRun(engine, folioBytes, mode, '', problems));
    runs.push(await checkedRun(engine, sizes(32, 16 * 1024), 'folios', 'corrupt:1', problems));
    runs.push(await checkedRun(engine, sizes(32, 16 * 1024), 'lanes', 'crash:1', problems));
    const hung = engine.createBatch(sizes(8, 4096), 'folios', { inject: { hang: 1 } });
    fillSource(hung, 9);
    let settled = false;
    const running = checkedCopy(engine, hung, 'folios', 'hang:1', problems).finally(() => (settled = true));
    if (!hung.shared && !host.inThread) detached = await becomesDetached(hung, () => settled);
    runs.push(await running);
  } finally {
    engine.dispose();
  }
  if (detached === false) problems.push('a transferred block was still attached while its worker held it');
  return { host: host.name, memory: host.sharedMemory ? 'shared' : 'transfer', runs, detachedWhileInWorker: detached, ok: problems.length === 0, problems };
}

function sizes(count: number, bytes: number): number[] {
  return new Array<number>(count).fill(bytes);
}

async function checkedRun(engine: ReturnType<typeof createCopyEngine>, folioBytes: number[], mode: CopyMode, inject: string, problems: string[]): Promise<SelfTestRun> {
  const batch = engine.createBatch(folioBytes, mode, { inject: injection(inject) });
  fillSource(batch, folioBytes.length);
  return checkedCopy(engine, batch, mode, inject, problems);
}

/** 'crash:1' → { crash: 1 }; '' → none. */
function injection(inject: string): FaultInjection | undefined {
  const [kind, probability] = inject ? inject.split(':') : ['', '0'];
  return kind ? { [kind]: Number(probability) } : undefined;
}

async function checkedCopy(engine: ReturnType<typeof createCopyEngine>, batch: CopyBatch, mode: CopyMode, inject: string, problems: string[]): Promise<SelfTestRun> {
  const kind = inject.split(':')[0];
  const report = await engine.copy(batch, { mode, inject: injection(inject), deadlineMs: kind === 'hang' ? 300 : undefined });
  const failedFolios = new Set(report.failures.map((failure) => failure.folio));
  let verifiedAndEqual = 0;
  for (let folio = 0; folio < report.folios; folio++) {
    if (failedFolios.has(folio)) continue;
    if (folioMatches(batch, folio, jsBytesEqual)) verifiedAndEqual++;
    else problems.push(`${mode} ${inject || 'clean'}: folio ${folio} reported verified but differs`);
  }
  if (report.verified + report.failed !== report.folios) problems.push(`${mode} ${inject || 'clean'}: verified + failed != folios`);
  if (kind && report.faults[kind as keyof CopyReport['faults']] === 0) problems.push(`${mode} ${inject}: the injected fault went undetected`);
  if (!kind && report.failed > 0) problems.push(`${mode}: ${report.failed} folios failed without any fault`);
  return { mode, inject, folios: report.folios, verified: report.verified, failed: report.failed, faults: report.faults, recoveredSerially: report.recoveredSerially, retried: report.retried, GBps: report.GBps, verifiedAndEqual };
}

/** Polls between macrotasks until the first source block is detached or the copy is over. */
async function becomesDetached(batch: CopyBatch, over: () => boolean): Promise<boolean> {
  while (!over()) {
    if (batch.source[0].byteLength === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return false;
}
