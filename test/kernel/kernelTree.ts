// Provisions a real Linux tree for the kernel checks (compiler oracle, `npm run bench -- --kernel`): Debian's
// linux-source-6.12, fetched at test time and extracted to the git-ignored .cache/kernel/linux-source-6.12 (never
// committed), plus a defconfig build (with ORACLE_CONFIG's options on top) prepared once out of tree in .cache/kernel/build-defconfig, so the source tree
// stays exactly as Debian ships it for everyone who reads it (vocabulary mining, the yardstick).
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensurePackages, fetchSourceTarball, isDebian, lastLine, run } from './debian';

export const KERNEL_PACKAGE = 'linux-source-6.12';
export const KERNEL_CACHE = resolve('.cache/kernel');
/** Extracted tree; `extracted.log` beside it says the extraction finished. */
export const KERNEL_SOURCE = join(KERNEL_CACHE, KERNEL_PACKAGE);
export const KERNEL_BUILD = join(KERNEL_CACHE, 'build-defconfig');
const EXTRACTED_MARKER = join(KERNEL_CACHE, 'extracted.log');

/** What `make defconfig && make prepare` needs beyond gcc and make. */
export const BUILD_PACKAGES = ['flex', 'bison', 'bc', 'libelf-dev', 'libssl-dev'];

export type Provided<T> = T | { skip: string };

export function isSkip<T extends object>(value: Provided<T>): value is { skip: string } {
  return 'skip' in value;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Two test files (or a test and the bench) may provision at once: the second waits for the first. */
function withLock<T>(name: string, work: () => T): T {
  mkdirSync(KERNEL_CACHE, { recursive: true });
  const lock = join(KERNEL_CACHE, `${name}.lock`);
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(lock, 'utf8'));
    if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) rmSync(lock, { force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function sourceReady(): boolean {
  return existsSync(EXTRACTED_MARKER) && existsSync(join(KERNEL_SOURCE, 'Makefile'));
}

/** The extracted tree (fetched and extracted once), or why it cannot be had. */
export function obtainKernelSource(): Provided<{ root: string }> {
  const fromEnv = process.env.KERNEL_OFFLOAD_LINUX_SOURCE;
  if (fromEnv) return existsSync(join(fromEnv, 'Makefile')) ? { root: fromEnv } : { skip: `KERNEL_OFFLOAD_LINUX_SOURCE=${fromEnv} holds no Makefile` };
  if (sourceReady()) return { root: KERNEL_SOURCE };
  return withLock('source', () => {
    if (sourceReady()) return { root: KERNEL_SOURCE };
    const work = join(KERNEL_CACHE, `.fetch-${process.pid}`);
    try {
      const fetched = fetchSourceTarball(KERNEL_PACKAGE, work);
      if ('skip' in fetched) return fetched;
      const x = run('tar', ['-xf', fetched.tarball, '-C', work]);
      if (!x.ok) return { skip: `tar could not extract ${fetched.tarball}: ${lastLine(x.err)}` };
      if (!existsSync(join(work, KERNEL_PACKAGE, 'Makefile'))) return { skip: `${fetched.tarball} has no ${KERNEL_PACKAGE}/Makefile` };
      rmSync(KERNEL_SOURCE, { recursive: true, force: true });
      renameSync(join(work, KERNEL_PACKAGE), KERNEL_SOURCE);
      writeFileSync(EXTRACTED_MARKER, `${KERNEL_PACKAGE} extracted from ${fetched.tarball.split('/').pop()} at ${new Date().toISOString()}\n`);
      return { root: KERNEL_SOURCE };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

export interface KernelBuild {
  source: string;
  build: string;
  /** True when this call ran `make defconfig && make prepare`. */
  prepared: boolean;
}

function gccVersion(): string | undefined {
  const r = run('gcc', ['-dumpfullversion']);
  return r.ok ? r.out.trim() : undefined;
}

function make(source: string, build: string, args: string[]) {
  return run('make', ['-s', '-C', source, `O=${build}`, ...args]);
}

/**
 * Options enabled on top of defconfig (`scripts/config --enable`, then `make olddefconfig`), so the oracle also compiles
 * files where redundant-owner fires: defconfig builds no driver whose `.owner = THIS_MODULE` its registration helper
 * overwrites. gameport (4 joystick drivers), the USB gadget core and configfs, the EHCI debug gadget. All x86 drivers
 * with no hardware needed to build; a few dozen extra objects, compiled only where a finding is.
 */
export const ORACLE_CONFIG = [
  'GAMEPORT', 'INPUT_JOYSTICK', 'JOYSTICK_A3D', 'JOYSTICK_GRIP', 'JOYSTICK_TMDC', 'JOYSTICK_SIDEWINDER',
  'USB_GADGET', 'USB_LIBCOMPOSITE', 'USB_CONFIGFS', 'USB_G_DBGP',
];

/** defconfig, the oracle's options on top, olddefconfig to settle their dependencies; why not, when one is lost. */
function configure(source: string, build: string): string | undefined {
  const config = make(source, build, ['defconfig']);
  if (!config.ok) return `make defconfig failed: ${lastLine(config.err)}`;
  const file = join(build, '.config');
  const enabled = run(join(source, 'scripts', 'config'), ['--file', file, ...ORACLE_CONFIG.flatMap((option) => ['--enable', option])]);
  if (!enabled.ok) return `scripts/config --enable failed: ${lastLine(enabled.err)}`;
  const settled = make(source, build, ['olddefconfig']);
  if (!settled.ok) return `make olddefconfig failed: ${lastLine(settled.err)}`;
  const text = readFileSync(file, 'utf8');
  const lost = ORACLE_CONFIG.filter((option) => !text.includes(`\nCONFIG_${option}=y\n`));
  return lost.length > 0 ? `olddefconfig dropped ${lost.map((option) => `CONFIG_${option}`).join(', ')} (a dependency is missing)` : undefined;
}

/**
 * The tree plus an out-of-tree `make defconfig && make prepare` (about 45 s on 2 cores), done once and reused while
 * the compiler stays the same; installs flex, bison, bc, libelf-dev and libssl-dev first when root and missing.
 */
export function obtainKernelBuild(): Provided<KernelBuild> {
  const obtained = obtainKernelSource();
  if (isSkip(obtained)) return obtained;
  // kbuild prints real paths; a symlinked cache must not look like another tree.
  const tree = { root: realpathSync(obtained.root) };
  const build = obtained.root === KERNEL_SOURCE ? KERNEL_BUILD : join(KERNEL_CACHE, 'build-defconfig-env');
  const marker = join(build, '.prepared');
  const key = () => `${tree.root}\ngcc ${gccVersion() ?? '?'}\nenabled ${ORACLE_CONFIG.join(' ')}\n`;
  const ready = () => existsSync(marker) && readFileSync(marker, 'utf8') === key();
  if (ready()) return { source: tree.root, build, prepared: false };
  if (!isDebian() && !run('flex', ['--version']).ok) return { skip: 'not a Debian system and no flex: the kernel build tools cannot be installed' };
  const tools = !run('gcc', ['--version']).ok || !run('make', ['--version']).ok ? ['gcc', 'make'] : [];
  const why = ensurePackages([...tools, ...BUILD_PACKAGES]);
  if (why) return { skip: why };
  return withLock('build', () => {
    if (ready()) return { source: tree.root, build, prepared: false };
    rmSync(build, { recursive: true, force: true });
    mkdirSync(build, { recursive: true });
    const why = configure(tree.root, build);
    if (why) return { skip: why };
    const prepare = make(tree.root, build, [`-j${availableParallelism()}`, 'prepare']);
    if (!prepare.ok) return { skip: `make prepare failed: ${lastLine(prepare.err)}` };
    writeFileSync(marker, key());
    return { source: tree.root, build, prepared: true };
  });
}

/** One object the configuration builds, and the exact compiler command kbuild runs for it (from `make -n`). */
export interface ConfiguredObject {
  /** Relative to the tree: `mm/backing-dev.c`. */
  source: string;
  /** Relative to the build folder: `mm/backing-dev.o`. */
  object: string;
  /** The gcc command line as kbuild prints it, run with the build folder as working directory. */
  command: string;
}

/**
 * Every C object defconfig builds under `dirs`, read from `make -n DIR/...` (seconds, nothing compiled), cached
 * beside the build. A file the configuration leaves out (mm/huge_memory.c) is not listed.
 */
export function configuredObjects(kernel: KernelBuild, dirs: readonly string[]): Provided<{ objects: ConfiguredObject[] }> {
  const cache = join(kernel.build, `.objects-${dirs.join(',').replace(/\//g, '_')}.json`);
  // The build folder is recreated whenever it is prepared again, so a cache found there is current.
  if (existsSync(cache) && !kernel.prepared) {
    try {
      return { objects: JSON.parse(readFileSync(cache, 'utf8')) as ConfiguredObject[] };
    } catch {
      // rebuilt below
    }
  }
  const listed = make(kernel.source, kernel.build, ['-n', ...dirs.map((dir) => (dir.endsWith('/') ? dir : `${dir}/`))]);
  if (!listed.ok) return { skip: `make -n ${dirs.join(' ')} failed: ${lastLine(listed.err)}` };
  const objects = parseDryRun(listed.out, kernel.source, dirs);
  if (objects.length === 0) return { skip: `make -n ${dirs.join(' ')} listed no C objects` };
  writeFileSync(cache, JSON.stringify(objects));
  return { objects };
}

/** kbuild's dry run prints `... PIPE; gcc ... -c -o OBJ SRC ; scripts/basic/fixdep ...` once per object it would build. */
export function parseDryRun(output: string, sourceRoot: string, dirs: readonly string[]): ConfiguredObject[] {
  const prefix = `${sourceRoot.replace(/\/$/, '')}/`;
  const seen = new Map<string, ConfiguredObject>();
  for (const line of output.split('\n')) {
    const m = /' PIPE; (\S*gcc\S* .*? -c -o (\S+\.o) (\S+\.c))\s/.exec(line);
    if (!m) continue;
    const [, command, object, file] = m as unknown as [string, string, string, string];
    if (!file.startsWith(prefix)) continue;
    const source = file.slice(prefix.length);
    if (!dirs.some((dir) => source.startsWith(dir.endsWith('/') ? dir : `${dir}/`)) || seen.has(source)) continue;
    seen.set(source, { source, object, command });
  }
  return [...seen.values()].sort((a, b) => a.source.localeCompare(b.source));
}

// `npx tsx test/kernel/kernelTree.ts` provisions ahead of the tests.
if (process.argv[1] && resolve(process.argv[1]).endsWith('kernelTree.ts')) {
  const built = obtainKernelBuild();
  console.log(isSkip(built) ? `skipped: ${built.skip}` : `${built.source} built in ${built.build}${built.prepared ? ' (prepared now)' : ''}`);
}
