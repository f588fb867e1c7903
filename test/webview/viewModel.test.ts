import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CalibrationRow, laneViews, logIndexAt, logLineTime, realCopyView, sourceOfStep, toResultView, verdictText } from '../../src/webview/panel/viewModel';
import { violatedResult } from './simResultFixture';
import { calibrationTable } from '../../src/core/sim/calibration';

const calibration: CalibrationRow[] = [
  { table: '1c', provider: 'dcbm', lanes: 4, folioSize: '2M', publishedGBps: 26.84, publishedSD: 0.91, modelGBps: 25.1 },
  { table: '1c', provider: 'dcbm', lanes: 4, folioSize: '4K', publishedGBps: 4.01, publishedSD: 0.17, modelGBps: 3.9 },
  { table: '1c', provider: 'dcbm', lanes: 8, folioSize: '2M', publishedGBps: 45.27, publishedSD: 2.6, modelGBps: 44 },
  { table: '2', provider: 'dcbm', lanes: 1, folioSize: '2M', folioCount: 8, publishedGBps: 8.88, publishedSD: 0.54, modelGBps: 9 },
];
const inputs = { providers: [{ kind: 'dcbm' as const, lanes: 4 }], folioSizes: [2 * 1024 * 1024], calibration };

test('printk stamps become virtual ns, and an event finds the last log line at or before it', () => {
  assert.equal(logLineTime('[    1.000250] x'), 1_000_250_000);
  assert.equal(logLineTime('no stamp'), undefined);
  const log = violatedResult().log;
  assert.equal(logIndexAt(log, 2_500), 1);
  assert.equal(logIndexAt(['[    0.000001] a', '[    0.000002] b', '[    0.000002] c', '[    0.000009] d'], 5_000), 1);
  assert.equal(logIndexAt(log, 500), null);
  assert.equal(logIndexAt(log, 1e12), 3);
});

test('a violated run: verdict text names the broken invariant, the failure links to its event, log line and patch line', () => {
  const view = toResultView(violatedResult(), inputs);
  assert.equal(view.verdict, 'violated');
  assert.equal(view.verdictText, 'Violated: 1 of 3 invariants broken (stop-by-inactive, protocol v3): stop-by-owner.');
  const broken = view.invariants.filter((invariant) => !invariant.held);
  assert.equal(broken.length, 1);
  assert.deepEqual(broken[0].source, { path: 'mm/migrate_offc.c', line: 41 });
  assert.equal(broken[0].logIndex, 1);
  assert.match(broken[0].event ?? '', /cpu1: stop_offloading by dcbm/);
  assert.equal(view.invariants.filter((invariant) => invariant.held).length, 2);
  assert.deepEqual(view.log.map((line) => line.level), ['info', 'info', 'info', 'warn']);
});

test('throughput: model and published per folio size for the run provider, this run at its own size', () => {
  const view = toResultView(violatedResult(), inputs);
  const { folioSizes, series } = view.throughput;
  assert.deepEqual(folioSizes, ['4K', '16K', '64K', '128K', '256K', '512K', '1M', '2M']);
  const by = (kind: string) => series.find((entry) => entry.kind === kind)!;
  assert.equal(by('model').label, 'model: dcbm 4 channels');
  assert.equal(by('model').values[7], 25.1);
  assert.equal(by('published').values[0], 4.01);
  assert.equal(by('published').errors?.[7], 0.91);
  assert.equal(by('published').values[3], null);
  assert.deepEqual(by('run').values.map((value) => value !== null), [false, false, false, false, false, false, false, true]);
  assert.equal(by('run').values[7], 12.5);
  assert.equal(series.some((entry) => entry.kind === 'measured'), false);
});

test('phases add up to one, counters carry fallbacks and retries, provenance keeps its sources', () => {
  const view = toResultView(violatedResult(), inputs);
  assert.ok(Math.abs(view.phases.reduce((total, phase) => total + phase.share, 0) - 1) < 1e-9);
  assert.equal(view.phases.find((phase) => phase.phase === 'copy')?.ns, 600);
  assert.deepEqual(view.counters.slice(0, 2), [{ name: 'fallbacks', value: 1 }, { name: 'retries', value: 2 }]);
  assert.equal(view.provenance[0].from, 'document');
  assert.deepEqual(view.provenance[0].source, { path: 'mm/migrate_offc.c', line: 30 });
  assert.equal(view.provenance[1].source, null);
  assert.equal(view.realCopy, null);
});

test('lanes merge touching spans of the same kind and keep the busy extent when thinned', () => {
  const lanes = laneViews(violatedResult(), 300);
  assert.deepEqual(lanes, [
    { name: 'dma0', segments: [[0, 200, 'copy'], [5000, 6000, 'copy']] },
    { name: 'dma1', segments: [[0, 50, 'setup']] },
  ]);
  const many = violatedResult();
  many.timeline.spans = Array.from({ length: 1000 }, (_, i) => ({ lane: 'dma0', start: i * 1000, end: i * 1000 + 10, label: i % 2 ? 'copy' : 'setup' }));
  many.stats.elapsedNs = 1_000_000;
  const thinned = laneViews(many, 100)[0].segments;
  assert.ok(thinned.length <= 100);
  assert.equal(thinned[0][0], 0);
  assert.equal(thinned.at(-1)![1], 999_010);
});

test('real copies: verified bytes summed over batches, shown in the headline and as a measured bar', () => {
  const batches = [
    { bytes: 4096, verifiedFolios: 1, verifiedBytes: 4096, failedFolios: [], recoveredSerially: 0, seconds: 0.001, GBps: 4 },
    { bytes: 8192, verifiedFolios: 1, verifiedBytes: 4096, failedFolios: [{ index: 1, reason: 'corrupt' }], recoveredSerially: 1, seconds: 0.001, GBps: 8 },
  ];
  const outcome = { results: batches, skippedBatches: 3, modelGBps: 7.5 };
  assert.deepEqual(realCopyView(outcome), {
    bytes: 12288, verifiedBytes: 8192, verifiedFolios: 2, failedFolios: 1, recoveredSerially: 1, GBps: 12288 / 0.002 / 1e9, modelGBps: 7.5, batches: 2, skippedBatches: 3,
  });
  assert.equal(realCopyView({ results: [], skippedBatches: 0, modelGBps: 0 }), null);
  const view = toResultView(violatedResult(), { ...inputs, realCopy: outcome });
  assert.match(view.headline.find((item) => item.label === 'Real copy')?.value ?? '', /measured vs 7\.50 GB\/s modelled, 2 batches \(3 more only simulated\)/);
  assert.match(view.headline.find((item) => item.label === 'Verified bytes')?.value ?? '', /\(8192 B\)/);
  assert.ok(view.throughput.series.some((entry) => entry.kind === 'measured' && entry.values[7] !== null));
  assert.ok(view.counters.some((counter) => counter.name === 'real copy: verified bytes' && counter.value === 8192));
});

test('a held run says so; the log is capped with the rest counted', () => {
  const held = { ...violatedResult(), verdict: 'held' as const, violations: [] };
  assert.equal(verdictText(held), 'Held: all 3 invariants held (stop-by-inactive, protocol v3).');
  const view = toResultView(held, { ...inputs, maxLogLines: 2 });
  assert.equal(view.log.length, 2);
  assert.equal(view.logDropped, 2);
  assert.ok(view.invariants.every((invariant) => invariant.held));
});

test('the kernel provider is compared with the cover letter baseline (table 1a)', () => {
  const rows: CalibrationRow[] = [{ table: '1a', provider: 'baseline', lanes: 1, folioSize: 4096, publishedGBps: 3.73, publishedSD: 0.33, modelGBps: 3.6 }];
  const view = toResultView(violatedResult(), { providers: [{ kind: 'kernel', lanes: 1 }], folioSizes: [4096], calibration: rows });
  const published = view.throughput.series.find((entry) => entry.kind === 'published')!;
  assert.equal(published.label, 'published V3: kernel');
  assert.equal(published.values[0], 3.73);
});

test('a step without a document line borrows the latest patch step of the same actor; printk lines link to the patch', () => {
  const result = violatedResult();
  result.events = [
    { t: 1_000, actor: 'sh', kind: 'printk', detail: 'stopping migration offload by CPU_MT_COPY', source: { path: 'mm/migrate_offc.c', line: 230 } },
    { t: 1_500, actor: 'irq', kind: 'printk', detail: 'other', source: { path: 'mm/migrate_offc.c', line: 1 } },
    { t: 2_500, actor: 'sh', kind: 'violation', detail: 'stop-targets-caller' },
  ];
  result.violations = [{ invariant: 'stop-by-owner', t: 2_500, event: 2, message: 'wrong provider stopped' }];
  result.log = ['[    0.000001] stopping migration offload by CPU_MT_COPY', '[    0.000002] unrelated'];
  assert.deepEqual(sourceOfStep(result.events, 2), { path: 'mm/migrate_offc.c', line: 230 });
  assert.equal(sourceOfStep(result.events, 9), undefined);
  const view = toResultView(result, inputs);
  assert.deepEqual(view.invariants.find((invariant) => !invariant.held)?.source, { path: 'mm/migrate_offc.c', line: 230 });
  assert.deepEqual(view.log.map((line) => line.source), [{ path: 'mm/migrate_offc.c', line: 230 }, null]);
});

test("the published series is V3's table 1a-1c only, never a V2/V4 holdout row of the same provider and lanes", () => {
  const rows = calibrationTable().rows;
  const view = toResultView(violatedResult(), { providers: [{ kind: 'dcbm', lanes: 4 }], folioSizes: [4096], calibration: rows });
  const published = view.throughput.series.find((entry) => entry.kind === 'published')!;
  const v3 = (size: number) => rows.find((r) => r.table === '1c' && r.lanes === 4 && r.folioSize === size)!.publishedGBps;
  assert.equal(published.values[0], v3(4096));
  assert.equal(published.values[view.throughput.folioSizes.indexOf('2M')], v3(2 * 1024 * 1024));
  assert.ok(rows.some((r) => r.table === 'v4-dma' && r.lanes === 4 && r.folioSize === 4096 && r.publishedGBps !== v3(4096)));
});
