import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parseCopyArgs, parseInjection } from '../../src/cli/commands/copy';
import { UsageError } from '../../src/cli/io';
import { scratchDir } from '../scratchDir';

// The bundled path: dist/cli.cjs starts dist/copyWorker.cjs beside it. Built here the way esbuild.js
// builds them (CommonJS, import.meta.url from __filename) into a scratch folder, so the test never
// depends on a stale dist/.
let outdir = '';
before(async () => {
  outdir = scratchDir('copy-cli-');
  const common: esbuild.BuildOptions = {
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error',
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  };
  await esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cli.cjs') });
  await esbuild.build({ ...common, entryPoints: ['src/core/copy/node/copyWorker.node.ts'], outfile: join(outdir, 'copyWorker.cjs') });
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(outdir, 'cli.cjs'), 'copy', ...args], { encoding: 'utf8', timeout: 600_000 });
}

test('copy --json reports the contract fields, with verified + failed = folios', () => {
  const run = cli('--folios', '24', '--folio-size', '64K', '--workers', '2', '--json');
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  for (const field of ['folios', 'bytes', 'verified', 'failed', 'faults', 'recoveredSerially', 'GBps']) assert.ok(field in report, field);
  assert.deepEqual(Object.keys(report.faults).sort(), ['corrupt', 'crash', 'hang']);
  assert.deepEqual([report.folios, report.bytes, report.verified, report.failed], [24, 24 * 65536, 24, 0]);
  assert.equal(typeof report.GBps, 'number');
});

test('copy survives injected faults from the command line and says what happened', () => {
  const run = cli('--folios', '12', '--folio-size', '4K', '--workers', '3', '--mode', 'lanes', '--inject', 'crash:1', '--seed', '7', '--json');
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.deepEqual([report.faults.crash, report.detected.crash, report.retried, report.verified, report.failed], [12, 12, 12, 12, 0]);
  const human = cli('--folios', '3', '--folio-size', '2M', '--workers', '2', '--mode', 'chunks');
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /copied 3 folios x 2 MiB .* 2 workers, mode chunks, shared memory\nverified 3, failed 0.*\nverification full \(every byte compared\)/);
});

test('bad arguments exit 2 with one line', () => {
  for (const args of [[], ['--folios', '4'], ['--folios', 'x', '--folio-size', '4K', '--workers', '1'], ['--folios', '4', '--folio-size', '4Q', '--workers', '1'], ['--folios', '4', '--folio-size', '4K', '--workers', '1', '--mode', 'dma'], ['--folios', '4', '--folio-size', '4K', '--workers', '1', '--inject', 'crash:2'], ['--folios', '4', '--folio-size', '4K', '--workers', '1', '--bogus'], ['--folios', '4', '--folio-size', '4K', '--workers', '1', '--verify', 'some']]) {
    const run = cli(...args);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^offload-review: copy: /);
  }
});

test('argument parsing: sizes, defaults, limits', () => {
  assert.deepEqual(parseCopyArgs(['--folios', '8', '--folio-size=2M', '--workers', '4']), { folios: 8, folioBytes: 2 << 20, workers: 4, mode: 'folios', verify: 'full', inject: undefined, seed: 1, json: false });
  assert.deepEqual(parseInjection('crash:0.1,hang:0,corrupt:.5'), { crash: 0.1, hang: 0, corrupt: 0.5 });
  assert.throws(() => parseCopyArgs(['--folios', '1000', '--folio-size', '2M', '--workers', '1']), UsageError, 'batch over 1 GiB');
  assert.throws(() => parseCopyArgs(['--folios', '1', '--folio-size', '4K', '--workers', '65']), UsageError);
  assert.throws(() => parseInjection('melt:0.5'), UsageError);
});

test('--verify none says in the JSON that nothing was compared, and reports the corruption it could not see', () => {
  const run = cli('--folios', '64', '--folio-size', '4K', '--workers', '2', '--verify', 'none', '--inject', 'corrupt:0.2', '--seed', '4', '--json');
  const report = JSON.parse(run.stdout);
  assert.equal(report.verification, 'none');
  assert.ok(report.faults.corrupt > 0);
  assert.deepEqual([report.detected.corrupt, report.undetectedCorruptions, report.failed], [0, report.faults.corrupt, report.faults.corrupt]);
  assert.equal(run.status, 1, 'folios that cannot be trusted are failures');
  const sampled = JSON.parse(cli('--folios', '64', '--folio-size', '64K', '--workers', '2', '--verify', 'sampled', '--json').stdout);
  assert.deepEqual([sampled.verification, sampled.verified, sampled.failed], ['sampled', 64, 0]);
});

test('10,000 folios with 12 % injected faults per folio: about 1,200 faults, every one recovered, every folio verified', () => {
  const run = cli('--folios', '10000', '--folio-size', '4K', '--workers', '2', '--inject', 'crash:0.04,hang:0.04,corrupt:0.04', '--seed', '3', '--json');
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  const injected = report.faults.crash + report.faults.hang + report.faults.corrupt;
  // Drawn in order crash, hang, corrupt: 10,000 x (0.04 + 0.96 x 0.04 + 0.96^2 x 0.04) = 1,153 expected.
  assert.ok(injected > 1000 && injected < 1300, JSON.stringify(report.faults));
  assert.ok(report.faults.crash > 300 && report.faults.hang > 300 && report.faults.corrupt > 250, JSON.stringify(report.faults));
  assert.deepEqual([report.verified, report.failed, report.verified + report.failed], [10000, 0, 10000]);
  assert.equal(report.detected.crash, report.faults.crash);
  assert.ok(report.detected.hang >= report.faults.hang);
});
