// `npm run package`: the .vsix users install, made by `vsce package` in a staging folder.
//
// The staging folder links every top-level entry of the repository except the build outputs and the large
// git-ignored caches, so `vsce package` there sees what it would see at the root (the .vscodeignore is what
// decides the content, and the package test checks it) while its `vscode:prepublish` production build
// (minified, no source maps) lands in the staging folder's own dist/ and media/build/: a developer's dev build
// and E2E runs going on in parallel are left alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import console from 'node:console';

const root = resolve(import.meta.dirname, '..');

/** Never linked into the staging folder: build outputs (rebuilt there), caches and the VCS. */
const NOT_STAGED = new Set(['.git', 'node_modules', '.vscode-test', '.cache', '.tmp', 'dist']);
/** Generated inside media/. */
const MEDIA_OUTPUT = 'build';

export function manifest() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
}

/** `<name>-<version>.vsix`, the name `vsce package` gives. */
export function vsixName(pkg = manifest()) {
  return `${pkg.name}-${pkg.version}.vsix`;
}

function link(from, to) {
  symlinkSync(from, to, statSync(from).isDirectory() ? 'dir' : 'file');
}

function stage(stagingDir) {
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(join(stagingDir, 'media'), { recursive: true });
  for (const name of readdirSync(root)) {
    if (NOT_STAGED.has(name) || name.endsWith('.vsix') || name === 'media') continue;
    link(join(root, name), join(stagingDir, name));
  }
  // node_modules is linked for the build only (esbuild resolves from it); --no-dependencies keeps it out of the package.
  link(join(root, 'node_modules'), join(stagingDir, 'node_modules'));
  for (const name of readdirSync(join(root, 'media'))) {
    if (name !== MEDIA_OUTPUT) link(join(root, 'media', name), join(stagingDir, 'media', name));
  }
}

/**
 * Stages, builds for production and packages; returns the .vsix path. `out` defaults to the repository root.
 * Throws with vsce's own message when packaging fails.
 */
export function packageExtension({ stagingDir = join(root, '.tmp', 'package'), out = join(root, vsixName()), quiet = false } = {}) {
  stage(stagingDir);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) throw new Error('package: @vscode/vsce is not installed (run npm ci)');
  // --no-dependencies: every dependency is bundled into dist/ by esbuild; node_modules must not ship.
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--follow-symlinks', '--out', out], {
    cwd: stagingDir, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit',
  });
  if (result.status !== 0) {
    const said = quiet ? `\n${result.stdout}${result.stderr}` : '';
    throw new Error(`package: vsce package failed (exit ${result.status ?? result.signal})${said}`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const vsix = packageExtension();
    console.log(`package: ${vsix} (${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
