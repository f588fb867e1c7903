// Small Debian seams for the kernel checks: run a program, ask dpkg what is installed, install what is missing
// (as root: apt-get update, then apt-get install -y), and fetch a source package's tarball. Kernel code is never
// committed: everything lands in git-ignored caches at test time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Ran {
  ok: boolean;
  out: string;
  err: string;
}

export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Ran {
  const r = spawnSync(cmd, args, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '') + (r.error ? r.error.message : '') };
}

/** The last non-empty line of a tool's output: what a one-line skip reason quotes. */
export function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

export function isDebian(): boolean {
  return run('dpkg-query', ['--version']).ok && run('apt-get', ['--version']).ok;
}

function isInstalled(name: string): boolean {
  const r = run('dpkg-query', ['-W', '-f=${Status}', name]);
  return r.ok && r.out.includes('install ok installed');
}

function apt(args: string[]): Ran {
  // unattended-upgrades or a parallel run may hold the dpkg lock: wait for it instead of failing.
  return run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Installs the missing ones of `names` when root; returns why that could not be done, or undefined when all are there. */
export function ensurePackages(names: readonly string[]): string | undefined {
  if (!isDebian()) return 'not a Debian system (no dpkg/apt-get)';
  const missing = names.filter((name) => !isInstalled(name));
  if (missing.length === 0) return undefined;
  if (process.getuid?.() !== 0) return `missing Debian packages ${missing.join(' ')}; not root, so run: sudo apt-get install -y ${missing.join(' ')}`;
  const update = apt(['update']);
  if (!update.ok) return `apt-get update failed: ${lastLine(update.err)}`;
  const install = apt(['install', '-y', ...missing]);
  if (!install.ok) return `apt-get install -y ${missing.join(' ')} failed: ${lastLine(install.err)}`;
  return undefined;
}

/**
 * Downloads Debian source package `pkg` (a linux-source-X.Y) into `work` and unpacks it there; returns the path of its
 * `/usr/src/*.tar.*` tarball, or why it cannot be had.
 */
export function fetchSourceTarball(pkg: string, work: string): { tarball: string } | { skip: string } {
  if (!isDebian()) return { skip: 'not a Debian system (no dpkg/apt-get), so Debian\'s kernel source cannot be fetched' };
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  let dl = run('apt-get', ['download', pkg], { cwd: work });
  if (!dl.ok && /Unable to locate|has no installation candidate|Can't select/i.test(dl.err) && process.getuid?.() === 0) {
    // A fresh container often has no package lists yet.
    apt(['update']);
    dl = run('apt-get', ['download', pkg], { cwd: work });
  }
  if (!dl.ok) return { skip: `apt-get download ${pkg} failed: ${lastLine(dl.err)}` };
  const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
  if (!deb) return { skip: `apt-get download ${pkg} produced no .deb` };
  const x = run('dpkg-deb', ['-x', deb, 'root'], { cwd: work });
  rmSync(join(work, deb), { force: true });
  if (!x.ok) return { skip: `dpkg-deb could not unpack ${deb}: ${lastLine(x.err)}` };
  const srcDir = join(work, 'root/usr/src');
  const tarball = existsSync(srcDir) ? readdirSync(srcDir).find((f) => /^linux-source-.*\.tar\.(xz|bz2|gz)$/.test(f)) : undefined;
  if (!tarball) return { skip: `${pkg} holds no source tarball` };
  return { tarball: join(srcDir, tarball) };
}
