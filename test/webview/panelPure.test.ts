import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, resultCsv } from '../../src/webview/panel/csv';
import { restoreState, initialState } from '../../src/webview/panel/savedState';
import { parseByteSize } from '../../src/webview/panel/byteSize';
import { toSimConfig } from '../../src/shared/simConfig';
import { LiveLanes } from '../../src/webview/panel/liveLanes';
import { exportBytes } from '../../src/shared/exportPayload';
import { defaultRunConfig } from '../../src/shared/runConfig';
import { toResultView } from '../../src/webview/panel/viewModel';
import { violatedResult } from './simResultFixture';

const view = () => toResultView(violatedResult(), { providers: [{ kind: 'dcbm', lanes: 4 }], folioSizes: [2 << 20], calibration: [] });

test('CSV: quoted per RFC 4180, formula-looking text defused, every section present', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(null), '');
  assert.equal(csvField(Number.NaN), '');
  const csv = resultCsv(view());
  const rows = csv.trimEnd().split('\r\n');
  assert.equal(rows[0], 'section,name,key,value,extra');
  for (const section of ['run', 'throughput', 'phase', 'counter', 'invariant']) assert.ok(rows.some((row) => row.startsWith(`${section},`)), section);
  assert.ok(rows.includes('invariant,stop-by-owner,violated,2500,dcbm stopped CPU_MT_COPY'));
  assert.ok(rows.includes('counter,fallbacks,,1,'));
});

test('saved state: a good state round-trips, anything else falls back to defaults field by field', () => {
  const good = { ...initialState(), documentUri: 'file:///x.patch', documentName: 'x.patch', view: view() };
  assert.deepEqual(restoreState(JSON.parse(JSON.stringify(good))), good);
  assert.deepEqual(restoreState(undefined), initialState());
  assert.deepEqual(restoreState({ version: 99 }), initialState());
  const mixed = restoreState({ ...good, config: { ...defaultRunConfig(), scenario: 'bogus' }, view: { verdict: 'maybe' }, documentUri: 5 });
  assert.deepEqual(mixed.config, defaultRunConfig());
  assert.equal(mixed.view, null);
  assert.equal(mixed.documentUri, null);
  assert.equal(mixed.documentName, 'x.patch');
});

test('byte sizes as people type them', () => {
  assert.equal(parseByteSize('64G'), 64 * 2 ** 30);
  assert.equal(parseByteSize(' 512 MiB '), 512 * 2 ** 20);
  assert.equal(parseByteSize('4096'), 4096);
  assert.equal(parseByteSize('1.5k'), 1536);
  for (const bad of ['', '0', '-1G', '1X', 'G', '1e400']) assert.equal(parseByteSize(bad), undefined, bad);
});

test('controls map onto the simulator config: mix weights, count or total, providers and policy, patch facts', () => {
  const facts = { migrators: [], definedFunctions: [], exportedFunctions: [] };
  const single = toSimConfig(defaultRunConfig(), facts);
  assert.deepEqual(
    { ...single, patchFacts: undefined },
    { scenario: 'plain', protocol: 'v3', provider: 'mtcopy', threads: 4, channels: undefined, folioSizes: [{ bytes: 2 << 20, weight: 512 }], count: 512,
      batchLimit: 'stock', seed: 1, patchFacts: undefined, maxLogLines: 1000, maxSpans: 6000 },
  );
  assert.equal(single.patchFacts, facts);
  const several = toSimConfig({
    ...defaultRunConfig(), sizing: 'total', totalBytes: 2 ** 30, folioMix: [{ size: '4K', count: 3 }, { size: '64K', count: 0 }, { size: '2M', count: 1 }],
    providers: [{ kind: 'dcbm', lanes: 8 }, { kind: 'mtcopy', lanes: 2 }], policy: 'per-batch',
  }, { not: 'facts' });
  assert.deepEqual(several.folioSizes, [{ bytes: 4096, weight: 3 }, { bytes: 2 << 20, weight: 1 }]);
  assert.equal(several.totalBytes, 2 ** 30);
  assert.equal(several.count, undefined);
  assert.deepEqual([several.provider, several.channels, several.threads, several.providers, several.policy], ['dcbm', 8, 2, ['dcbm', 'mtcopy'], 'per-batch']);
  assert.equal(several.patchFacts, undefined);
});

test('exports: text passes through, a PNG must be a PNG', () => {
  assert.deepEqual(exportBytes('csv', 'a,b'), { ok: true, value: new TextEncoder().encode('a,b') });
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]).toString('base64');
  const ok = exportBytes('png', `data:image/png;base64,${png}`);
  assert.equal(ok.ok && ok.value.length, 10);
  assert.equal(exportBytes('png', 'data:image/png;base64,AAAA').ok, false);
  assert.equal(exportBytes('png', 'data:text/html;base64,AAAA').ok, false);
});

test('live lanes merge slices as they arrive', () => {
  const lanes = new LiveLanes();
  lanes.add(['cpu0', 'cpu1'], [{ lane: 'cpu0', start: 0, end: 100, label: 'copy' }]);
  lanes.add([], [{ lane: 'cpu0', start: 102, end: 200, label: 'copy' }, { lane: 'cpu0', start: 500, end: 600, label: 'copy' }, { lane: 'dma0', start: 1, end: 2, label: 'setup' }]);
  assert.deepEqual(lanes.view(), [
    { name: 'cpu0', segments: [[0, 200, 'copy'], [500, 600, 'copy']] },
    { name: 'cpu1', segments: [] },
    { name: 'dma0', segments: [[1, 2, 'setup']] },
  ]);
});
