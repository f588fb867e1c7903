import * as vscode from 'vscode';
import { DEFAULT_CHECKPATCH_TIMEOUT_MS } from '../../node/checkpatchProcess';

export interface CheckpatchSettings {
  /** `kernelOffload.checkpatch.path`; empty means "look for scripts/checkpatch.pl in the workspace". */
  path: string;
  strict: boolean;
  timeoutMs: number;
}

/** The checkpatch settings, with wrong types from a hand-edited settings.json falling back to defaults. */
export function checkpatchSettings(scope?: vscode.ConfigurationScope): CheckpatchSettings {
  const config = vscode.workspace.getConfiguration('kernelOffload.checkpatch', scope);
  const path = config.get<unknown>('path');
  const strict = config.get<unknown>('strict');
  const timeoutMs = config.get<unknown>('timeoutMs');
  return {
    path: typeof path === 'string' ? path : '',
    strict: typeof strict === 'boolean' ? strict : false,
    timeoutMs: typeof timeoutMs === 'number' && timeoutMs >= 1000 ? timeoutMs : DEFAULT_CHECKPATCH_TIMEOUT_MS,
  };
}
