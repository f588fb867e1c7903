import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parseCopyArgs, parseInjection } from '../../src/cli/commands/copy';
import { UsageError } from '../../src/cli/io';

// The bundled path: dist/cli.cjs starts dist/copyWorker.cjs beside it. Built here the way esbuild.js
// builds them (CommonJS, import.meta.url from __filename) into a scratch folder, so the test never
// depends on a stale dist/.
let outdir = '';
before(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'copy-cli-'));
  const common: esbuild.BuildOptions = {
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error',
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  };
  await esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cli.cjs') });
  await esbuild.build({ ...common, entryPoints: ['src/core/copy/node/copyWorker.node.ts'], outfile: join(outdir, 'copyWorker.cjs') });
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(outdir, 'cli.cjs'), 'copy', ...args], { encoding: 'utf8', timeout: 60_000 });
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
  assert.deepEqual([report.faults.crash, report.recoveredSerially, report.verified, report.failed], [3, 12, 12, 0]);
  const human = cli('--folios', '3', '--folio-size', '2M', '--workers', '2', '--mode', 'chunks');
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /copied 3 folios x 2 MiB .* 2 workers, mode chunks, shared memory\nverified 3, failed 0/);
});

test('bad arguments exit 2 with one line', () => {
  for (const args of [[], ['--folios', '4'], ['--folios', 'x', '--folio-size', '4K', '--workers', '1'], ['--folios', '4', '--folio-size', '4Q', '--workers', '1'], ['--folios', '4', '--folio-size', '4K', '--workers', '1', '--mode', 'dma'], ['--folios', '4', '--folio-size', '4K', '--workers', '1', '--inject', 'crash:2'], ['--folios', '4', '--folio-size', '4K', '--workers', '1', '--bogus']]) {
    const run = cli(...args);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^offload-review: copy: /);
  }
});

test('argument parsing: sizes, defaults, limits', () => {
  assert.deepEqual(parseCopyArgs(['--folios', '8', '--folio-size=2M', '--workers', '4']), { folios: 8, folioBytes: 2 << 20, workers: 4, mode: 'folios', inject: undefined, seed: 1, json: false });
  assert.deepEqual(parseInjection('crash:0.1,hang:0,corrupt:.5'), { crash: 0.1, hang: 0, corrupt: 0.5 });
  assert.throws(() => parseCopyArgs(['--folios', '1000', '--folio-size', '2M', '--workers', '1']), UsageError, 'batch over 1 GiB');
  assert.throws(() => parseCopyArgs(['--folios', '1', '--folio-size', '4K', '--workers', '65']), UsageError);
  assert.throws(() => parseInjection('melt:0.5'), UsageError);
});
