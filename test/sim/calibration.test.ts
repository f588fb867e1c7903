import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationTable, fitCostModel, fittedCostParams, formatCalibrationReport, initialCostParams, publishedTables, REQUIRED_SHARE, runScenario } from '../../src/core/sim/index';

test('the published tables are all there: 1a 8, 1b 48, 1c 48, 2 27 cells', () => {
  const count = (t: string) => publishedTables.filter((c) => c.table === t).length;
  assert.deepEqual([count('1a'), count('1b'), count('1c'), count('2')], [8, 48, 48, 27]);
  const noisy = publishedTables.find((c) => c.table === '1b' && c.lanes === 8 && c.folioSize === 128 * 1024)!;
  assert.deepEqual([noisy.publishedGBps, noisy.publishedSD], [13.94, 3.75]);
});

test('calibration: within 15% or 1 SD of the published mean for at least 85% of the cells', () => {
  const { rows, summary } = calibrationTable();
  assert.equal(rows.length, 131);
  assert.ok(summary.share >= REQUIRED_SHARE, formatCalibrationReport());
  assert.equal(summary.meetsCriterion, true);
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

test('the shipped parameters are exactly what the fitting code produces', () => {
  const fit = fitCostModel(initialCostParams);
  for (const [key, value] of Object.entries(fittedCostParams)) {
    assert.ok(Math.abs(fit.params[key as keyof typeof fit.params] - value) <= 1e-9 * Math.abs(value), key);
  }
});

test('the simulator reproduces the calibration model cell by cell', () => {
  const { rows } = calibrationTable();
  for (const r of rows.filter((_, i) => i % 9 === 0)) {
    const provider = r.provider === 'baseline' ? 'kernel' : r.provider;
    const res = runScenario({ scenario: 'plain', protocol: 'v3', provider, threads: r.lanes, channels: r.lanes, folioSizes: [{ bytes: r.folioSize, weight: 1 }], count: r.folioCount ?? 2 ** 30 / r.folioSize, batchLimit: 'patch8', eagainRate: 0 });
    assert.ok(Math.abs(res.stats.throughputGBps - r.modelGBps) < 1e-6 * r.modelGBps, `${r.table} ${r.provider} ${r.lanes} ${r.folioSize}`);
  }
});

test('the report prints per-table counts, worst cells and the parameters', () => {
  const text = formatCalibrationReport();
  assert.match(text, /^calibration: \d+\/131 cells/);
  assert.match(text, /worst cells:/);
  assert.match(text, /dmaChanGBps = /);
});
