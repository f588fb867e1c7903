// The webview copy engine measured in Debian's Chromium (headless) on a page served under the
// panel's own Content-Security-Policy (src/shared/panelHtml.ts): Web Workers from blob: URLs,
// buffers handed over by transfer. esbuild and playwright-core are loaded from node_modules at
// run time (they are not bundled into dist/bench.cjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../src/shared/panelHtml';
import type { VerifyMode } from '../src/core/copy/index';
import type { PageBenchRequest, PageBenchResult, PanelLikeResult } from './webview/copyBenchPage';

const CHROMIUM = '/usr/bin/chromium';
const NONCE = 'copybench';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface WebviewFigures {
  folioBytes: number;
  workers: number;
  result?: PageBenchResult;
  note?: string;
}

type Esbuild = typeof import('esbuild');
type Playwright = typeof import('playwright-core');

/** Installs Debian's chromium when it is missing and we are root (as .ci/run does); true when it is there. */
function ensureChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.getuid?.() !== 0) return false;
  spawnSync('apt-get', ['update'], { stdio: 'ignore' });
  spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'ignore' });
  return existsSync(CHROMIUM);
}

async function pageScript(esbuild: Esbuild): Promise<string> {
  // Same job as esbuild.js's inlineWorkers plugin: `?worker-source` imports become the worker's IIFE text.
  const inlineWorkers: import('esbuild').Plugin = {
    name: 'inline-workers',
    setup(build) {
      build.onResolve({ filter: /\?worker-source$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\?worker-source$/, '')), namespace: 'worker-source' }));
      build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
        const result = await esbuild.build({ entryPoints: [args.path], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', minify: true });
        return { contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
  const bundle = await esbuild.build({
    entryPoints: [join(ROOT, 'bench/webview/copyBenchPage.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', minify: true, plugins: [inlineWorkers], logLevel: 'error',
  });
  return bundle.outputFiles[0].text;
}

export interface WebviewMeasurement {
  figures: WebviewFigures[];
  panelLike?: PanelLikeResult;
}

export async function measureWebview(configs: { folioBytes: number; workers: number }[], batchBytes: number, verify: VerifyMode[], rounds: number): Promise<WebviewMeasurement> {
  if (!ensureChromium()) return { figures: configs.map((config) => ({ ...config, note: `${CHROMIUM} is missing (and not root to install it)` })) };
  const require = createRequire(join(ROOT, 'package.json'));
  const esbuild = require('esbuild') as Esbuild;
  const { chromium } = require('playwright-core') as Playwright;
  const script = await pageScript(esbuild);
  const server = createServer((_request, response) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': contentSecurityPolicy(origin, NONCE) });
    response.end(`<!doctype html><html><head><meta charset="utf-8"></head><body><script nonce="${NONCE}">${script}</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const figures: WebviewFigures[] = [];
    for (const config of configs) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const request: PageBenchRequest = { ...config, batchBytes, verify, rounds };
      const result = (await page.evaluate((r) => (globalThis as unknown as { copyBench(r: PageBenchRequest): Promise<PageBenchResult> }).copyBench(r), request)) as PageBenchResult;
      figures.push({ ...config, result });
      await page.close();
    }
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const panelLike = (await page.evaluate((r) => (globalThis as unknown as { panelLikeBench(r: number): Promise<PanelLikeResult> }).panelLikeBench(r), Math.min(rounds, 5))) as PanelLikeResult;
    return { figures, panelLike };
  } catch (error) {
    return { figures: configs.map((config) => ({ ...config, note: `webview bench failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` })) };
  } finally {
    await browser.close();
    server.close();
  }
}
