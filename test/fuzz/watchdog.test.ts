import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const watchdogModule = resolve('test/fuzz/watchdog.ts');
// The child runs in a scratch folder (where the hang file lands), so tsx is named by its path, not its package name.
const tsx = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;

/** A child process that arms the watchdog, then does `work` on its own thread (which may never end). */
function child(work: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'fuzz-watchdog-'));
  const script = `
    const { startWatchdog } = require(${JSON.stringify(watchdogModule)});
    const watchdog = startWatchdog();
    watchdog.arm({ seed: 42, run: 7, kind: 'c', text: 'int x = 0;' }, 300);
    ${work}
  `;
  const result = spawnSync(process.execPath, ['--import', tsx, '-e', script], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { result, cwd };
}

test('a run that never returns is ended with its seed, its run and its input', () => {
  const { result, cwd } = child('for (;;) {}');
  try {
    assert.equal(result.signal, 'SIGKILL', `the child was not ended by the watchdog: ${result.stderr}`);
    assert.match(result.stderr, /fuzz: HUNG on run 7 \(seed 42\)/);
    assert.match(result.stderr, /replay: npm run fuzz -- --seed 42 --path 7/);
    assert.equal(readFileSync(join(cwd, 'fuzz-hang-42.txt'), 'utf8'), 'int x = 0;');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('a run that answers before its deadline is left alone, however long the next step waits', () => {
  const { result, cwd } = child(`
    watchdog.extend(300);
    watchdog.disarm();
    const until = Date.now() + 900;
    while (Date.now() < until) {}
    process.exitCode = 0;
  `);
  try {
    assert.equal(result.signal, null, result.stderr);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(join(cwd, 'fuzz-hang-42.txt')), false);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
