// Obtains checkpatch.pl at test time from Debian's linux-source package. checkpatch is GPL-2.0, so it is
// never committed: it lands in a git-ignored cache (.vscode-test/checkpatch/) and is reused afterwards.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CHECKPATCH_CACHE = resolve('.vscode-test/checkpatch');
const NEEDED = ['checkpatch.pl', 'spelling.txt', 'const_structs.checkpatch'];

export type Obtained = { path: string } | { skip: string };

function run(cmd: string, args: string[], cwd?: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '') + (r.error ? r.error.message : '') };
}

function cached(dir: string): boolean {
  return NEEDED.every((name) => existsSync(join(dir, name)));
}

/** Highest `linux-source-X.Y` apt offers, or undefined. */
function newestSourcePackage(): string | undefined {
  const r = run('apt-cache', ['search', '--names-only', '^linux-source-[0-9]']);
  if (!r.ok) return undefined;
  const versions = [...r.out.matchAll(/^linux-source-(\d+)\.(\d+) /gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  versions.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const best = versions[0];
  return best ? `linux-source-${best[0]}.${best[1]}` : undefined;
}

function firstLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/** Returns the cached checkpatch.pl, fetching it once; or why it cannot be had (the caller skips). */
export function obtainCheckpatch(): Obtained {
  const fromEnv = process.env.KERNEL_OFFLOAD_CHECKPATCH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv };
  if (cached(CHECKPATCH_CACHE)) return { path: join(CHECKPATCH_CACHE, 'checkpatch.pl') };
  if (!run('perl', ['-v']).ok) return { skip: 'perl is not installed, so checkpatch.pl cannot run' };
  const pkg = newestSourcePackage();
  if (!pkg) return { skip: 'apt-cache offers no linux-source-* package (not a Debian system, or apt lists missing)' };
  const work = join(CHECKPATCH_CACHE, 'download');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const dl = run('apt-get', ['download', pkg], work);
    if (!dl.ok) return { skip: `apt-get download ${pkg} failed: ${firstLine(dl.err)}` };
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) return { skip: `apt-get download ${pkg} produced no .deb` };
    const x = run('dpkg-deb', ['-x', deb, 'root'], work);
    if (!x.ok) return { skip: `dpkg-deb could not unpack ${deb}: ${firstLine(x.err)}` };
    const srcDir = join(work, 'root/usr/src');
    const tarball = readdirSync(srcDir).find((f) => /^linux-source-.*\.tar\.(xz|bz2|gz)$/.test(f));
    if (!tarball) return { skip: `${pkg} holds no source tarball` };
    const top = tarball.replace(/\.tar\.\w+$/, '');
    const members = NEEDED.map((name) => `${top}/scripts/${name}`);
    const t = run('tar', ['-xf', join(srcDir, tarball), '-C', work, ...members]);
    if (!t.ok) return { skip: `tar could not extract checkpatch from ${tarball}: ${firstLine(t.err)}` };
    for (const name of NEEDED) copyFileSync(join(work, top, 'scripts', name), join(CHECKPATCH_CACHE, name));
    return { path: join(CHECKPATCH_CACHE, 'checkpatch.pl') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `npx tsx test/checkpatch/obtainCheckpatch.ts` fetches it ahead of the tests.
if (process.argv[1] && resolve(process.argv[1]).endsWith('obtainCheckpatch.ts')) {
  const r = obtainCheckpatch();
  console.log('path' in r ? r.path : `skipped: ${r.skip}`);
}
