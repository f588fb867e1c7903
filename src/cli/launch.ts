// The `offload-review` executable (dist/cli.cjs). It decides how V8 compiles the parser's WASM for this input and
// then runs the CLI bundle (dist/cliMain.cjs) from V8's code cache: a small patch is reviewed in milliseconds, so
// compiling 800 KB of JavaScript and optimising the parser on every call was most of what a call cost.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** Below this many input bytes V8's optimising WASM tier costs more CPU than it saves (3x on a 250-line patch). */
const LIFTOFF_ONLY_BELOW = 256 * 1024;
const NO_PARSER = new Set(['simulate', 'copy', '--help', '-h']);

/** The bytes of the named inputs, or undefined when one is standard input (its size is unknown). */
function inputBytes(argv: string[]): number | undefined {
  let bytes = 0;
  for (const arg of argv) {
    if (arg === '-') return undefined;
    if (arg.startsWith('-')) continue;
    try {
      const info = statSync(arg);
      if (info.isFile()) bytes += info.size;
    } catch {
      // An option's value or a missing file: the CLI itself reports what is wrong.
    }
  }
  return bytes;
}

/** `liftoff` or `optimising`; set before anything is compiled, because V8's code cache is only valid for one set of flags. */
function chooseTier(argv: string[]): string {
  if (NO_PARSER.has(argv[0] ?? '')) return 'optimising';
  const bytes = inputBytes(argv);
  if (bytes === undefined || bytes >= LIFTOFF_ONLY_BELOW) return 'optimising';
  setFlagsFromString('--liftoff-only');
  return 'liftoff';
}

function cacheFile(bundle: string, tier: string): string {
  const { size, mtimeMs } = statSync(bundle);
  const user = typeof process.getuid === 'function' ? process.getuid() : 'user';
  // Keyed by the bundle's path too: two checkouts used in turn must not take each other's cache for a stale one.
  return join(tmpdir(), `offload-review-${user}`, `${process.version}-${process.arch}-${tier}-${pathKey(bundle)}-${size}-${Math.round(mtimeMs)}.v8cache`);
}

/** FNV-1a of the path, in base 36 (node:crypto is not loaded for this). */
function pathKey(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

function readCache(file: string): Buffer | undefined {
  try {
    return existsSync(file) ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Written once, after the run, so the cache holds every function this kind of call compiled; renamed into place. */
function writeCache(file: string, script: Script): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, file);
    removeStaleCaches(file);
  } catch {
    // A read-only or full temporary folder only costs the next call its compile time.
  }
}

/** Caches of earlier builds of the bundle (same Node and tier, other size or time) are never read again. */
function removeStaleCaches(current: string): void {
  const name = basename(current);
  const prefix = name.replace(/-\d+-\d+\.v8cache$/, '-');
  for (const other of readdirSync(dirname(current))) {
    if (other !== name && other.startsWith(prefix) && /^\d+-\d+\.v8cache$/.test(other.slice(prefix.length))) rmSync(join(dirname(current), other), { force: true });
  }
}

function run(): void {
  const bundle = join(__dirname, 'cliMain.cjs');
  const cache = cacheFile(bundle, chooseTier(process.argv.slice(2)));
  const cachedData = readCache(cache);
  // A script compiled from V8's code cache loses its import() callback on Node 20: the bundle imports Node built-ins
  // through `__launcherImport` instead (the build rewrites those calls, see launcherImports in esbuild.js).
  const source = `(function (exports, require, module, __filename, __dirname, __launcherImport) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new Script(source, { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => writeCache(cache, script));
  const main = new Module(bundle, module);
  main.filename = bundle;
  const require = createRequire(bundle);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(main.exports, main.exports, require, main, bundle, dirname(bundle), (name: string) => Promise.resolve(require(name)));
}

run();
