// `npm run test:e2e [-- name-filter…]`: provisions VS Code (code-server) once, packages the extension (.vsix) and installs it, serves
// VS Code on loopback with the extension installed, runs every test/e2e/*.e2e.ts journey with node:test in
// Chromium, and always stops code-server at the end. The closing lines are node's own test summary.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { setTimeout as delay } from 'node:timers/promises';
import { clearTimeout, setTimeout } from 'node:timers';
import { request } from 'node:http';
import { provision } from './provision.mjs';
import { packageExtension, vsixName } from '../../scripts/package.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const e2eDir = join(root, 'test', 'e2e');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionFolder = `${pkg.publisher}.${pkg.name}-${pkg.version}`;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/**
 * `installed` (the default): the journeys run against the .vsix users get, packaged once per run and installed
 * with `code-server --install-extension` into a fresh extensions folder. `linked` (E2E_EXTENSION=linked): the
 * repository itself is linked into the extensions folder after a dev build (with source maps), for a developer
 * iterating on a journey.
 */
const mode = process.env.E2E_EXTENSION === 'linked' ? 'linked' : 'installed';
if (process.env.E2E_EXTENSION && !['linked', 'installed'].includes(process.env.E2E_EXTENSION)) {
  console.error(`e2e: E2E_EXTENSION must be "installed" or "linked", not "${process.env.E2E_EXTENSION}"`);
  process.exit(2);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** User settings that keep the workbench quiet: no welcome page, tips, update or AI prompts. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.hover.delay': 300,
  'files.autoSave': 'off',
  'git.enabled': false,
};

/** Must match HOST_KIND_KEY in harness/session.ts. */
const HOST_KIND_KEY = 'ctrl+alt+shift+k';

function prepareFolders() {
  const scratch = mkdtempSync(join(tmpdir(), 'kernel-offload-e2e-'));
  const userData = join(scratch, 'user-data');
  const extensions = join(scratch, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  // E2E_USER_SETTINGS='{"kernelOffload.rules":{"redundant-initializer":"off"}}' shows a journey failing on broken output.
  const extra = process.env.E2E_USER_SETTINGS ? JSON.parse(process.env.E2E_USER_SETTINGS) : {};
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...userSettings, ...extra }, null, 2));
  // The test-only command that says which entry and runtime run the extension has no palette entry: a key reaches it.
  writeFileSync(join(userData, 'User', 'keybindings.json'), JSON.stringify([{ key: HOST_KIND_KEY, command: 'kernelOffload.test.hostKind' }], null, 2));
  // Journeys copy their workspace from here, so the repository's examples are never modified.
  cpSync(join(root, 'examples'), join(scratch, 'examples'), { recursive: true });
  return { scratch, userData, extensions };
}

/** Makes the extension folder the journeys load: the installed .vsix, or a link to the repository. */
function installExtension(tools, folders) {
  if (mode === 'linked') {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build (node esbuild.js) failed');
    // code-server loads every publisher.name-version folder of --extensions-dir; a link keeps the build in place.
    symlinkSync(root, join(folders.extensions, extensionFolder), 'dir');
    return join(folders.extensions, extensionFolder);
  }
  const vsix = packageExtension({ stagingDir: join(folders.scratch, 'package'), out: join(folders.scratch, vsixName(pkg)), quiet: true });
  const install = spawnSync(tools.node, [
    tools.codeServer, '--extensions-dir', folders.extensions, '--user-data-dir', folders.userData, '--install-extension', vsix,
  ], { encoding: 'utf8' });
  const installed = join(folders.extensions, extensionFolder);
  if (install.status !== 0 || !existsSync(join(installed, 'package.json'))) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.status}):\n${install.stdout}${install.stderr}`);
  }
  console.log(`e2e: installed ${basename(vsix)} (${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB) into ${folders.extensions}`);
  return installed;
}

async function startCodeServer(tools, folders) {
  const port = await freePort();
  const log = join(folders.scratch, 'code-server.log');
  const args = [
    tools.codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', folders.userData, '--extensions-dir', folders.extensions,
    '--config', join(folders.scratch, 'code-server.yaml'), '--reconnection-grace-time', '10', join(folders.scratch, 'examples'),
  ];
  const out = openSync(log, 'w');
  // Its own process group, so the extension hosts it forks are stopped with it.
  const child = spawn(tools.node, args, { stdio: ['ignore', out, out], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${readFileSync(log, 'utf8')}`);
    if (await answers(`${url}/healthz`)) break;
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 120 s:\n${readFileSync(log, 'utf8')}`);
    await delay(200);
  }
  return { child, url, log };
}

/** True once the URL answers 200. */
function answers(url) {
  return new Promise((resolveAnswer) => {
    const req = request(url, (response) => {
      response.resume();
      resolveAnswer(response.statusCode === 200);
    });
    req.on('error', () => resolveAnswer(false));
    req.setTimeout(5000, () => req.destroy());
    req.end();
  });
}

/** Stops code-server and the extension hosts it forked (its process group); resolves once it has exited. */
function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((r) => child.once('exit', r));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      child.kill(name);
    }
  };
  signal('SIGTERM');
  const force = setTimeout(() => signal('SIGKILL'), 5000);
  return exited.finally(() => clearTimeout(force));
}

/** Start-up is judged on a profile no other window has used yet: a window's restored views can open
 * plain-text models at the next window's start-up and wake the extension. */
const first = (name) => (name.startsWith('startup') ? 0 : 1);

function journeyFiles(filters) {
  const files = readdirSync(e2eDir).filter((name) => name.endsWith('.e2e.ts')).sort((a, b) => first(a) - first(b) || a.localeCompare(b));
  const chosen = files.filter((name) => filters.length === 0 || filters.some((part) => name.includes(part)));
  return chosen.map((name) => join('test', 'e2e', name));
}

async function main() {
  const files = journeyFiles(process.argv.slice(2));
  if (files.length === 0) throw new Error('no test/e2e/*.e2e.ts journey matched');
  const tools = provision();
  console.log(`e2e: tools ${tools.installed ? `installed in ${tools.seconds} s` : 'reused from the cache'} (${elapsed()})`);
  const folders = prepareFolders();
  let server;
  let status = 1;
  const interrupted = (code) => () => void stop(server?.child).finally(() => process.exit(code));
  process.on('SIGINT', interrupted(130));
  process.on('SIGTERM', interrupted(143));
  try {
    const extensionDir = installExtension(tools, folders);
    console.log(`e2e: extension ${mode} at ${extensionDir} (${elapsed()})`);
    server = await startCodeServer(tools, folders);
    console.log(`e2e: VS Code (code-server) serving ${server.url} after ${elapsed()}; journeys: ${files.join(', ')}`);
    const env = {
      ...process.env,
      E2E_URL: server.url,
      E2E_EXAMPLES_DIR: join(folders.scratch, 'examples'),
      E2E_SCRATCH_DIR: folders.scratch,
      E2E_USER_DATA_DIR: folders.userData,
      E2E_EXTENSION_MODE: mode,
      E2E_EXTENSION_DIR: extensionDir,
      E2E_SCREENSHOTS_DIR: join(e2eDir, 'screenshots'),
    };
    // One journey at a time: each starts its own window and extension host, and the machine has 2 cores.
    // node --test orders files itself, so the start-up journeys get their own run, before any other window.
    const groups = [files.filter((file) => first(basename(file)) === 0), files.filter((file) => first(basename(file)) !== 0)];
    status = 0;
    for (const group of groups.filter((g) => g.length > 0)) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=600000', ...group], {
        cwd: root, env, stdio: 'inherit',
      });
      if (result.status !== 0) status = result.status ?? 1;
    }
    return status;
  } finally {
    await stop(server?.child);
    if (status !== 0 || process.env.E2E_KEEP_SCRATCH === '1') {
      console.error(`e2e: kept ${folders.scratch} (code-server.log, user-data/logs/*/exthost*/ for the extension host logs)`);
    } else {
      rmSync(folders.scratch, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

main().then((status) => {
  process.exitCode = status;
}, (error) => {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
