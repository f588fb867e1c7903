// Compiles one variant of a kernel C file with exactly the command kbuild uses for it, without touching the shared
// tree: the text is written to a scratch copy at the same relative path, and -fmacro-prefix-map makes __FILE__ the
// same "mm/foo.c" as in the real build. Objects are cached by the hash of configuration, command and text, so a re-run only
// compiles what changed. The original and every fixed variant go through the same path, so only the fix differs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfiguredObject, KernelBuild } from './kernelTree';

export interface Compiled {
  /** The object file, when it compiled. */
  object?: string;
  /** `path:line: message [-Wflag]` of every warning (columns left out: a fix may shift them on its own line). */
  warnings: string[];
  /** The first error line, when it did not compile. */
  error?: string;
  cached: boolean;
}

/**
 * Warnings count even where the kernel turns them off: -Wmaybe-uninitialized is what clang's default
 * -Wsometimes-uninitialized catches in a -Werror build, so a removed initializer that trips it breaks someone's
 * build. -Wno-error keeps such a warning in the baseline from stopping the compile; it does not change code.
 */
const EXTRA_FLAGS = '-Wmaybe-uninitialized -Wno-error';

function commandFor(kernel: KernelBuild, unit: ConfiguredObject, copyRoot: string, output: string): string {
  const source = join(kernel.source, unit.source);
  const tail = ` -c -o ${unit.object} ${source}`;
  if (!unit.command.endsWith(tail)) throw new Error(`unexpected kbuild command for ${unit.object}`);
  const base = unit.command.slice(0, -tail.length).replace(/ -Wp,-MMD,\S+/, '');
  return `${base} -fmacro-prefix-map=${copyRoot}/= ${EXTRA_FLAGS} -c -o ${output} ${join(copyRoot, unit.source)}`;
}

function parseWarnings(stderr: string, copyRoot: string): string[] {
  const warnings = new Set<string>();
  for (const line of stderr.split('\n')) {
    const m = /^(\S+?):(\d+):(?:\d+:)? warning: (.*)$/.exec(line);
    if (m) warnings.add(`${m[1]!.replace(`${copyRoot}/`, '')}:${m[2]}: ${m[3]}`);
  }
  return [...warnings].sort();
}

function shell(command: string, cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => done({ code: -1, stderr: error.message }));
    child.on('close', (code) => done({ code: code ?? -1, stderr }));
  });
}

const configDigests = new Map<string, string>();

/** The configuration the object is built with (autoconf.h): the command line does not show it, the code depends on it. */
function configDigest(kernel: KernelBuild): string {
  let digest = configDigests.get(kernel.build);
  if (digest === undefined) {
    const autoconf = join(kernel.build, 'include', 'generated', 'autoconf.h');
    digest = existsSync(autoconf) ? createHash('sha256').update(readFileSync(autoconf)).digest('hex') : '';
    configDigests.set(kernel.build, digest);
  }
  return digest;
}

/** Compiles `text` as `unit.source`; cached in `cacheDir` by the hash of configuration, command and text. */
export async function compileVariant(kernel: KernelBuild, unit: ConfiguredObject, text: string, cacheDir: string): Promise<Compiled> {
  const key = createHash('sha256').update(`${configDigest(kernel)}\0${unit.command}\0${EXTRA_FLAGS}\0${text}`).digest('hex').slice(0, 32);
  const object = join(cacheDir, `${key}.o`);
  const log = join(cacheDir, `${key}.json`);
  if (existsSync(log)) {
    const saved = JSON.parse(readFileSync(log, 'utf8')) as { warnings: string[]; error?: string };
    if (saved.error !== undefined || existsSync(object)) return { ...saved, ...(saved.error === undefined ? { object } : {}), cached: true };
  }
  const copyRoot = join(cacheDir, `work-${key}`);
  mkdirSync(dirname(join(copyRoot, unit.source)), { recursive: true });
  writeFileSync(join(copyRoot, unit.source), text);
  try {
    const partial = `${object}.part`;
    const { code, stderr } = await shell(commandFor(kernel, unit, copyRoot, partial), kernel.build);
    const warnings = parseWarnings(stderr, copyRoot);
    const error = code === 0 ? undefined : (stderr.split('\n').find((line) => / error: /.test(line)) ?? stderr.trim().split('\n').pop() ?? `exit ${code}`).replace(`${copyRoot}/`, '');
    if (error === undefined) renameSync(partial, object);
    writeFileSync(log, JSON.stringify({ warnings, ...(error !== undefined ? { error } : {}) }));
    return { warnings, ...(error === undefined ? { object } : { error }), cached: false };
  } finally {
    rmSync(copyRoot, { recursive: true, force: true });
  }
}

/** Runs `jobs` with at most `width` at a time, keeping their order in the result. */
export async function inPool<T>(width: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}
