import assert from 'node:assert/strict';
import { destinationViews, sourceViews, type CopyBatch, type CopyReport } from '../../src/core/copy/index';

/** Independent byte-by-byte check (no engine code): which folios' destinations equal their sources. */
export function equalFolios(batch: CopyBatch): boolean[] {
  return batch.folioBytes.map((_, folio) => {
    const sources = sourceViews(batch, folio);
    const destinations = destinationViews(batch, folio);
    return sources.every((source, s) => source.every((byte, i) => destinations[s][i] === byte));
  });
}

/** The contract after any fault mix: verified + failed = folios, and every folio not listed as failed is byte-exact. */
export function assertReportTruthful(batch: CopyBatch, report: CopyReport): void {
  assert.equal(report.verified + report.failed, report.folios);
  assert.equal(report.failures.length, report.failed);
  const failed = new Set(report.failures.map((failure) => failure.folio));
  equalFolios(batch).forEach((equal, folio) => {
    if (!failed.has(folio)) assert.ok(equal, `folio ${folio} is counted verified but differs from its source`);
  });
}
