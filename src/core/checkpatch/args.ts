import type { CheckpatchInput } from './input';

/**
 * The argument vector for `perl`: no kernel tree needed, types shown (they become diagnostic codes), no
 * colour escapes. A patch is read from standard input (`-`); a C file is passed with `--file` by its name in
 * the runner's private working folder.
 */
export function checkpatchArgs(scriptPath: string, input: Pick<CheckpatchInput, 'mode' | 'fileName'>, strict: boolean): string[] {
  const args = [scriptPath, '--no-tree', '--show-types', '--color=never'];
  if (strict) args.push('--strict');
  if (input.mode === 'file') args.push('--file', input.fileName ?? 'input.c');
  else args.push('-');
  return args;
}
