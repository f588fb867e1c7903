import { checkpatchProcess, type CheckpatchProcess } from '../../node/checkpatchProcess';

/**
 * checkpatch.pl needs a child process, which only the desktop extension host has. The modules are taken from
 * the running Node (process.getBuiltinModule) rather than imported, so the same code bundles for the web host,
 * where this returns undefined and the feature explains why it cannot run.
 */
export function hostCheckpatch(): CheckpatchProcess | undefined {
  const host = (globalThis as { process?: NodeJS.Process }).process;
  if (typeof host?.getBuiltinModule !== 'function') return undefined;
  const get = host.getBuiltinModule.bind(host);
  const fs = get('node:fs');
  const fsp = get('node:fs/promises');
  const path = get('node:path');
  return checkpatchProcess({
    spawn: get('node:child_process').spawn,
    existsSync: fs.existsSync,
    statSync: fs.statSync,
    mkdtemp: fsp.mkdtemp,
    rm: fsp.rm,
    writeFile: fsp.writeFile,
    tmpdir: get('node:os').tmpdir,
    join: path.join,
    resolve: path.resolve,
    isAbsolute: path.isAbsolute,
    env: host.env,
  });
}
