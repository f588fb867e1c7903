import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import type { SelfTestResult } from '../../src/core/copy/index';

// The browser host in a real Chromium page under the panel's CSP (worker-src blob:, nonce scripts):
// Web Workers from blob: URLs, transferable memory (the page is not cross-origin isolated).
const CHROMIUM = '/usr/bin/chromium';
const NONCE = 'copytest';
let browser: Browser | undefined;
let server: Server | undefined;
let url = '';

/** Same job as esbuild.js's inlineWorkers plugin: `?worker-source` imports become the worker's IIFE text. */
const inlineWorkers: esbuild.Plugin = {
  name: 'inline-workers',
  setup(build) {
    build.onResolve({ filter: /\?worker-source$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\?worker-source$/, '')), namespace: 'worker-source' }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const result = await esbuild.build({ entryPoints: [args.path], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' });
      return { contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  const bundle = await esbuild.build({
    entryPoints: ['test/fixtures/copy/browserSelfTestEntry.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', plugins: [inlineWorkers], logLevel: 'error',
  });
  const csp = `default-src 'none'; script-src 'nonce-${NONCE}'; worker-src blob:;`;
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><script nonce="${NONCE}">${bundle.outputFiles[0].text}</script></body></html>`;
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp });
    response.end(html);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the browser host copies, verifies and survives faults in Web Workers from blob: URLs', async (t) => {
  if (!browser) return t.skip(`${CHROMIUM} not installed`);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(url);
  const result = (await page.evaluate(() => (globalThis as unknown as { copySelfTest(): Promise<SelfTestResult> }).copySelfTest())) as SelfTestResult;
  assert.deepEqual(result.problems, []);
  assert.equal(result.host, 'web worker');
  assert.equal(result.memory, 'transfer', 'a page without cross-origin isolation hands buffers over');
  assert.equal(result.detachedWhileInWorker, true);
  // Every folio's copy crashes once: the worker reports it with the transferred blocks, and the task is retried.
  const crashRun = result.runs.find((run) => run.inject === 'crash:1');
  assert.ok(crashRun && crashRun.faults.crash === crashRun.folios && crashRun.failed === 0 && crashRun.retried === crashRun.folios, JSON.stringify(crashRun));
  // A spinning worker cannot: its folios are reported failed, with the reason, never counted verified.
  const hangRun = result.runs.find((run) => run.inject === 'hang:1');
  assert.ok(hangRun && hangRun.faults.hang > 0 && hangRun.failed === hangRun.folios, JSON.stringify(hangRun));
  const corruptRun = result.runs.find((run) => run.inject === 'corrupt:1');
  assert.ok(corruptRun && corruptRun.faults.corrupt > 0 && corruptRun.recoveredSerially > 0 && corruptRun.failed === 0);
  assert.ok(result.ok);
  assert.deepEqual(errors.filter((text) => /Content Security Policy/.test(text)), []);
});
