// Runs checkpatch.pl as a child process: never through a shell, in a private folder (no stray
// .checkpatch.conf changes its output), killed on timeout or cancellation. Node's modules come in as
// `deps` (only types are imported here), so the web extension bundle can include this file unharmed.
import { checkpatchArgs } from '../core/checkpatch/args';
import type { CheckpatchRun, CheckpatchRunResult } from '../core/checkpatch/checkDocument';
import type { CheckpatchInput } from '../core/checkpatch/input';

export interface CheckpatchRunnerOptions {
  scriptPath: string;
  strict?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The Perl interpreter; `perl` from PATH by default. */
  perl?: string;
}

export const DEFAULT_CHECKPATCH_TIMEOUT_MS = 20_000;
/** checkpatch's output for even a large series is a few hundred kB; more means something is wrong. */
const MAX_OUTPUT = 8 * 1024 * 1024;

/** The Node capabilities the runner needs; passed in so the extension can hand over the host's own. */
export interface CheckpatchNodeDeps {
  spawn: typeof import('node:child_process').spawn;
  existsSync: typeof import('node:fs').existsSync;
  statSync: typeof import('node:fs').statSync;
  mkdtemp: typeof import('node:fs/promises').mkdtemp;
  rm: typeof import('node:fs/promises').rm;
  writeFile: typeof import('node:fs/promises').writeFile;
  tmpdir: typeof import('node:os').tmpdir;
  join: typeof import('node:path').join;
  resolve: typeof import('node:path').resolve;
  isAbsolute: typeof import('node:path').isAbsolute;
  env: NodeJS.ProcessEnv;
}

export interface CheckpatchProcess {
  run(input: CheckpatchInput, options: CheckpatchRunnerOptions): Promise<CheckpatchRunResult>;
  runner(options: CheckpatchRunnerOptions): CheckpatchRun;
  locate(workspaceFolders: readonly string[], configured?: string): string | undefined;
}

export function checkpatchProcess(deps: CheckpatchNodeDeps): CheckpatchProcess {
  const run = (input: CheckpatchInput, options: CheckpatchRunnerOptions) => runCheckpatch(deps, input, options);
  return { run, runner: (options) => (input) => run(input, options), locate: (folders, configured) => locate(deps, folders, configured) };
}

async function runCheckpatch(deps: CheckpatchNodeDeps, input: CheckpatchInput, options: CheckpatchRunnerOptions): Promise<CheckpatchRunResult> {
  const { existsSync, mkdtemp, rm, writeFile, tmpdir, join, resolve } = deps;
  if (!existsSync(options.scriptPath)) return { ok: false, message: `checkpatch.pl not found at ${options.scriptPath}` };
  if (options.signal?.aborted) return { ok: false, message: 'checkpatch.pl run cancelled', cancelled: true };
  const folder = await mkdtemp(join(tmpdir(), 'offload-checkpatch-'));
  try {
    if (input.mode === 'file') await writeFile(join(folder, input.fileName ?? 'input.c'), input.text);
    // checkpatch runs in the private folder, so a relative script path must be made absolute first.
    const args = checkpatchArgs(resolve(options.scriptPath), input, options.strict ?? false);
    return await spawnChecked(deps, options.perl ?? 'perl', args, folder, input.mode === 'patch' ? input.text : '', options);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function spawnChecked(deps: CheckpatchNodeDeps, perl: string, args: string[], cwd: string, stdin: string, options: CheckpatchRunnerOptions): Promise<CheckpatchRunResult> {
  const { spawn } = deps;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECKPATCH_TIMEOUT_MS;
  return new Promise((resolve) => {
    // HOME points at the private folder too: a ~/.checkpatch.conf could add --terse or drop --show-types.
    const child = spawn(perl, args, { cwd, env: { ...deps.env, HOME: cwd }, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (result: CheckpatchRunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const stop = (result: CheckpatchRunResult) => {
      child.kill('SIGKILL');
      finish(result);
    };
    const onAbort = () => stop({ ok: false, message: 'checkpatch.pl run cancelled', cancelled: true });
    const timer = setTimeout(() => stop({ ok: false, message: `checkpatch.pl took longer than ${timeoutMs} ms and was stopped` }), timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > MAX_OUTPUT) stop({ ok: false, message: 'checkpatch.pl printed more than 8 MB and was stopped' });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, message: error.code === 'ENOENT' ? `${perl} was not found: checkpatch.pl needs Perl` : `could not start checkpatch.pl: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      // 0: clean, 1: style problems found; anything else is checkpatch itself failing.
      if (code === 0 || code === 1) finish({ ok: true, output: stdout });
      else finish({ ok: false, message: `checkpatch.pl failed (${signal ?? `exit ${code}`}): ${firstLine(stderr) || firstLine(stdout) || 'no output'}` });
    });
    child.stdin.on('error', () => {
      // The child exited before reading its input; 'close' reports why.
    });
    child.stdin.end(stdin);
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

/**
 * Finds the checkpatch.pl to run: the configured path (absolute, or relative to a workspace folder), else
 * `scripts/checkpatch.pl` of a workspace folder that is a kernel tree. Undefined when there is none.
 */
function locate(deps: CheckpatchNodeDeps, workspaceFolders: readonly string[], configured?: string): string | undefined {
  const { isAbsolute, join } = deps;
  const isFile = (path: string) => fileExists(deps, path);
  const setting = configured?.trim();
  if (setting) {
    const candidates = isAbsolute(setting) ? [setting] : workspaceFolders.map((folder) => join(folder, setting));
    return candidates.find(isFile);
  }
  return workspaceFolders.map((folder) => join(folder, 'scripts', 'checkpatch.pl')).find(isFile);
}

function fileExists(deps: CheckpatchNodeDeps, path: string): boolean {
  try {
    return deps.existsSync(path) && deps.statSync(path).isFile();
  } catch {
    return false;
  }
}
