import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchoredGBps, holdoutAnchors, isReferenceCell, v3TimePerFolio, holdoutNotes, impliedCosts, HOLDOUT_GOAL, calibrationTable, fitCostModel, fittedCostParams, formatCalibrationReport, holdoutTables, initialCostParams, parameterIntervals, publishedTables, withStartRanges, REQUIRED_SHARE, runScenario, SHARE_TOLERANCE } from '../../src/core/sim/index';

test('the published tables are all there: 1a 8, 1b 48, 1c 48, 2 27 cells', () => {
  const count = (t: string) => publishedTables.filter((c) => c.table === t).length;
  assert.deepEqual([count('1a'), count('1b'), count('1c'), count('2')], [8, 48, 48, 27]);
  const noisy = publishedTables.find((c) => c.table === '1b' && c.lanes === 8 && c.folioSize === 128 * 1024)!;
  assert.deepEqual([noisy.publishedGBps, noisy.publishedSD], [13.94, 3.75]);
});

test('the holdout is the RFC V2 and V4 cells: MT 45, DMA 45, count 16, placement 10, V4 24', () => {
  const count = (t: string) => holdoutTables.filter((c) => c.table === t).length;
  assert.deepEqual([count('v2-mt'), count('v2-dma'), count('v2-count'), count('v2-placement'), count('v4-base') + count('v4-dma')], [45, 45, 16, 10, 24]);
  assert.ok(holdoutTables.every((c) => c.version !== 'v3'));
  assert.ok(publishedTables.every((c) => c.version === 'v3'));
});

test('calibration: at least 95% of the V3 (fit) cells within 15% or 1 SD; the copy shares within 5 points', () => {
  const { rows, summary } = calibrationTable();
  assert.equal(rows.filter((r) => r.split === 'fit').length, 131);
  assert.equal(rows.filter((r) => r.split === 'holdout').length, 140);
  for (const b of summary.breakdown) assert.ok(b.within, `${b.what}: model ${b.model} vs ${b.published}`);
  const shares = summary.breakdown.filter((b) => b.what.startsWith('copy share'));
  assert.equal(shares.length, 3);
  for (const b of shares) assert.ok(Math.abs(b.model - b.published) <= SHARE_TOLERANCE);
  assert.ok(summary.share >= REQUIRED_SHARE, formatCalibrationReport());
  assert.equal(summary.meetsCriterion, true);
  assert.ok(summary.holdoutShare > 0 && summary.holdoutShare <= 1);
  for (const table of ['1a', '1b', '1c', '2']) {
    const t = summary.perTable[table]!;
    assert.ok(t.withinBand / t.cells >= 0.8, `table ${table}: ${t.withinBand}/${t.cells}`);
  }
  for (const r of rows) assert.ok(Number.isFinite(r.modelGBps) && r.modelGBps > 0);
});

test('the model shows what the tables imply: 1 channel slower than the CPU below 2M, patch 8 lets 2M use many channels', () => {
  const { rows } = calibrationTable();
  const at = (table: string, lanes: number, size: number) => rows.find((r) => r.table === table && r.lanes === lanes && r.folioSize === size)!.modelGBps;
  for (const size of [4096, 16384, 65536, 131072, 262144, 524288, 1048576]) assert.ok(at('1c', 1, size) < at('1a', 1, size), `${size}`);
  assert.ok(at('1c', 16, 2 * 1024 * 1024) > 4 * at('1c', 1, 2 * 1024 * 1024));
  const stock = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', channels: 16, count: 512, eagainRate: 0 });
  const patch8 = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', channels: 16, count: 512, eagainRate: 0, batchLimit: 'patch8' });
  assert.ok(patch8.stats.throughputGBps > 3 * stock.stats.throughputGBps, `${patch8.stats.throughputGBps} vs ${stock.stats.throughputGBps}`);
});

test('the shipped parameters are exactly what the fitting code produces (V3 cells only)', () => {
  const fit = fitCostModel(initialCostParams);
  for (const [key, value] of Object.entries(fittedCostParams)) {
    assert.ok(Math.abs(fit.params[key as keyof typeof fit.params] - value) <= 1e-9 * Math.abs(value), key);
  }
  assert.equal(Object.keys(fit.params).length, Object.keys(fittedCostParams).length);
});

test('each fitted parameter has an interval around its value and the cells that determine it', () => {
  const intervals = parameterIntervals();
  assert.ok(intervals.length > 10);
  for (const i of intervals) {
    assert.ok(i.low <= i.value && i.value <= i.high, i.key);
    assert.equal(i.determinedBy.length, 3);
    assert.ok(i.determinedBy.every((d) => Number.isFinite(d.elasticity)));
  }
  // The parameters the V3 tables cannot pin down were removed or fixed: none is left undetermined.
  assert.deepEqual(intervals.filter((i) => i.status === 'undetermined').map((i) => i.key), []);
  // A parameter refits move by more than x1.5 (others free) is reported as trading off, not as fitted.
  const ranges = Object.fromEntries(intervals.map((i) => [i.key, [i.value, i.value] as [number, number]]));
  ranges.pmdNs = [1, 13000];
  const marked = withStartRanges(intervals, ranges);
  assert.equal(marked.find((i) => i.key === 'pmdNs')!.status, 'traded-off');
  assert.equal(marked.find((i) => i.key === 'cpuCopyGBps')!.status, 'fitted');
});

test('the simulator reproduces the calibration model cell by cell', () => {
  const { rows } = calibrationTable();
  for (const r of rows.filter((row, i) => row.split === 'fit' && i % 9 === 0)) {
    const provider = r.provider === 'baseline' ? 'kernel' : r.provider;
    const res = runScenario({ scenario: 'plain', protocol: 'v3', provider, threads: r.lanes, channels: r.lanes, folioSizes: [{ bytes: r.folioSize, weight: 1 }], count: r.folioCount ?? 2 ** 30 / r.folioSize, batchLimit: 'patch8', eagainRate: 0 });
    assert.ok(Math.abs(res.stats.throughputGBps - r.modelGBps) < 1e-6 * r.modelGBps, `${r.table} ${r.provider} ${r.lanes} ${r.folioSize}`);
  }
});

test('the report prints per-table counts, worst cells and the parameters', () => {
  const text = formatCalibrationReport();
  assert.match(text, /^calibration: fit \(V3\) \d+\/131 cells/);
  assert.match(text, /holdout \(V2, V4; same parameters\): \d+\/140 absolute/);
  assert.match(text, /holdout relative to each version's own reference row: \d+\/125 .*15 reference cells not scored/);
  assert.match(text, /measured kernel difference per folio: V2 4K /);
  assert.match(text, /worst cells:/);
  assert.match(text, /dmaChanGBps = /);
});

test('every holdout table says whether its code path is modelled; each gap is stated, with its source in the notes', () => {
  const tables = [...new Set(holdoutTables.map((c) => c.table))];
  assert.deepEqual(holdoutNotes.map((n) => n.table).sort(), [...tables].sort());
  for (const n of holdoutNotes) {
    assert.ok(n.modelled.length > 0, n.table);
    if (n.coverage === 'modelled') assert.equal(n.gap, undefined, n.table);
    else assert.match(n.gap ?? '', /notes|c\.1|V3-0/, n.table);
  }
  const text = formatCalibrationReport();
  for (const n of holdoutNotes.filter((x) => x.coverage !== 'modelled')) assert.ok(text.includes(`${n.table} (${n.coverage}): `), n.table);
});

test('the holdout tables whose code path the model fully runs meet the holdout goal with the V3 parameters', () => {
  const { summary } = calibrationTable();
  // V2 count 16, V2 placement 10, V4 baseline 6, V4 DMA 18 (dcbm's mapping unchanged from V3).
  assert.equal(summary.holdoutModelledCells, 50);
  assert.ok(summary.holdoutModelledWithinBand / summary.holdoutModelledCells >= HOLDOUT_GOAL, formatCalibrationReport());
});

test('implied cost: the per-folio time a cell misses, median per folio size, cells in band left out', () => {
  const cell = (folioSize: number, extraNs: number, withinBand = false) => {
    const folios = 1000;
    const bytes = folios * folioSize;
    const modelNs = bytes / 4; // 4 GB/s
    return { table: 'v2-dma' as const, lanes: 4, folioSize, folios, modelGBps: 4, publishedGBps: bytes / (modelNs + extraNs * folios), withinBand };
  };
  const costs = impliedCosts([cell(4096, 5000), cell(4096, 7000), cell(4096, 9000), cell(16384, 3000), cell(16384, 100000, true)]);
  assert.deepEqual(costs.map((c) => [c.table, c.by, c.key, Math.round(c.nsPerFolio), c.cells]), [['v2-dma', 'size', 4096, 7000, 3], ['v2-dma', 'size', 16384, 3000, 1]]);
});


test("V3's one-thread mtcopy row is its vanilla baseline within the band at every size: the reference row of a kernel", () => {
  const row = (table: string) => publishedTables.filter((c) => c.table === table && c.lanes === 1).sort((a, b) => a.folioSize - b.folioSize);
  const base = row('1a');
  const mt = row('1b');
  assert.equal(mt.length, base.length);
  for (const [i, c] of mt.entries()) assert.ok(Math.abs(c.publishedGBps - base[i]!.publishedGBps) <= 0.15 * base[i]!.publishedGBps, `${c.folioSize}`);
});

test('anchors: each version minus V3 on the same path, from published rows only, interpolated in pages, never across the PMD size', () => {
  const anchors = holdoutAnchors(holdoutTables);
  const at = (v: string, size: number) => anchors.find((a) => a.version === v && a.folioSize === size)!;
  assert.equal(anchors.filter((a) => a.version === 'v2').length, 9);
  assert.equal(anchors.filter((a) => a.version === 'v4').length, 6);
  const v2mt = (size: number) => holdoutTables.find((c) => c.table === 'v2-mt' && c.lanes === 1 && c.folioSize === size)!;
  const v3mt = (size: number) => publishedTables.find((c) => c.table === '1b' && c.lanes === 1 && c.folioSize === size)!;
  assert.ok(Math.abs(at('v2', 4096).nsPerFolio - (4096 / v2mt(4096).publishedGBps - 4096 / v3mt(4096).publishedGBps)) < 1e-9);
  // V3 has no 32K column: its time is the 16K and 64K times' straight line in base pages.
  const k16 = 16384 / v3mt(16384).publishedGBps;
  const k64 = 65536 / v3mt(65536).publishedGBps;
  assert.equal(at('v2', 32768).interpolated, true);
  assert.ok(Math.abs(v3TimePerFolio('1b', 32768)!.ns - (k16 + (k64 - k16) / 3)) < 1e-9);
  assert.equal(v3TimePerFolio('1b', 1536 * 1024), undefined);
  // Only the reference cells enter: changing any other holdout cell leaves every anchor as it was.
  const perturbed = holdoutTables.map((c) => (isReferenceCell(c) ? c : { ...c, publishedGBps: c.publishedGBps * 3 }));
  assert.deepEqual(holdoutAnchors(perturbed), anchors);
  // A serial per-folio time: 1000 folios of 4 KiB at 4 GB/s plus 1 us each.
  assert.ok(Math.abs(anchoredGBps(4, 4096000, 1000, { ...at('v2', 4096), nsPerFolio: 1000 }) - 4096000 / (1024000 + 1000000)) < 1e-9);
  assert.equal(anchoredGBps(4, 4096000, 1000, undefined), 4);
});

test('the relative holdout scores every holdout cell but the reference rows, and keeps the absolute one beside it', () => {
  const { rows, summary } = calibrationTable();
  const holdout = rows.filter((r) => r.split === 'holdout');
  const refs = holdout.filter((r) => r.reference);
  assert.deepEqual([...new Set(refs.map((r) => r.table))].sort(), ['v2-mt', 'v4-base']);
  assert.equal(refs.length, 15);
  assert.ok(refs.every((r) => r.anchoredGBps === undefined && r.anchoredWithinBand === undefined));
  assert.ok(holdout.filter((r) => !r.reference).every((r) => Number.isFinite(r.anchoredGBps) && typeof r.anchoredWithinBand === 'boolean'));
  assert.equal(summary.holdoutAnchored.cells, 125);
  assert.equal(summary.holdoutAnchored.referenceCells, 15);
  assert.equal(summary.holdoutAnchored.withinBand, holdout.filter((r) => r.anchoredWithinBand).length);
  assert.equal(summary.holdoutCells, 140);
  assert.match(summary.holdoutAnchored.rule, /nothing fitted/);
  assert.ok(summary.holdoutAnchored.share >= HOLDOUT_GOAL, formatCalibrationReport());
});
