import * as vscode from 'vscode';
import type { Severity } from '../core/review/finding';
import { hintsAsChoice, type HintsAs } from '../core/review-state';
import { DEFAULT_CHECKPATCH_TIMEOUT_MS } from '../node/checkpatchProcess';

/** Every `kernelOffload.*` setting this layer reads, with its type. */
export interface Settings {
  /** Severity per rule id, or 'off'; a missing id keeps the rule's default. */
  rules: Record<string, Severity | 'off'>;
  /** Words terse-identifier accepts on top of English and the kernel's vocabulary. */
  vocabulary: string[];
  /** Milliseconds of quiet typing before an edited document is reviewed again. */
  reviewDelay: number;
  /** Documents longer than this (characters) are not reviewed. */
  maxDocumentSize: number;
  /** Where hints show up: diagnostics, review threads or both. */
  hintsAs: HintsAs;
  /** checkpatch.pl to run; empty means "look for scripts/checkpatch.pl in the workspace". */
  'checkpatch.path': string;
  'checkpatch.strict': boolean;
  'checkpatch.timeoutMs': number;
}

const severities = new Set(['error', 'warning', 'info', 'hint', 'off']);
const count = (value: unknown) => (typeof value === 'number' && value >= 0 ? value : undefined);

/**
 * Each setting's reader: a hand-edited settings.json can hold anything, so a value of the wrong type is
 * undefined (the default applies) and bad severities are dropped.
 */
const readers: { [K in keyof Settings]: (value: unknown) => Settings[K] | undefined } = {
  rules: (value) => {
    if (typeof value !== 'object' || value === null) return undefined;
    const entries = Object.entries(value).filter(([, severity]) => typeof severity === 'string' && severities.has(severity));
    return Object.fromEntries(entries) as Settings['rules'];
  },
  vocabulary: (value) => (Array.isArray(value) ? value.filter((word): word is string => typeof word === 'string') : undefined),
  reviewDelay: count,
  maxDocumentSize: count,
  hintsAs: (value) => hintsAsChoice(value),
  'checkpatch.path': (value) => (typeof value === 'string' ? value : undefined),
  'checkpatch.strict': (value) => (typeof value === 'boolean' ? value : undefined),
  'checkpatch.timeoutMs': (value) => (typeof value === 'number' && value >= 1000 ? value : undefined),
};

const defaults: Settings = {
  rules: {}, vocabulary: [], reviewDelay: 400, maxDocumentSize: 16_000_000, hintsAs: hintsAsChoice(undefined),
  'checkpatch.path': '', 'checkpatch.strict': false, 'checkpatch.timeoutMs': DEFAULT_CHECKPATCH_TIMEOUT_MS,
};

/** The only place that reads the extension's configuration; features never call getConfiguration themselves. */
export function getSetting<K extends keyof Settings>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  const value = vscode.workspace.getConfiguration('kernelOffload', scope).get<unknown>(key);
  return readers[key](value) ?? defaults[key];
}

/** True when a configuration change touches one of `keys`. */
export function affectsSettings(event: vscode.ConfigurationChangeEvent, ...keys: (keyof Settings)[]): boolean {
  return keys.some((key) => event.affectsConfiguration(`kernelOffload.${key}`));
}

/**
 * "Disable <rule>": writes `"<rule>": "off"` into `kernelOffload.rules` where the user keeps workspace choices (the
 * workspace folder of `scope`, else the workspace, else the user settings), keeping the other rules' entries there.
 * Returns where it wrote, for the message shown to the user.
 */
export async function disableRule(ruleId: string, scope: vscode.Uri | undefined): Promise<'folder' | 'workspace' | 'user'> {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
  const configuration = vscode.workspace.getConfiguration('kernelOffload', folder?.uri);
  const inspected = configuration.inspect<Record<string, unknown>>('rules');
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 && vscode.workspace.workspaceFile !== undefined;
  const [target, where, current] = folder && multiRoot
    ? [vscode.ConfigurationTarget.WorkspaceFolder, 'folder' as const, inspected?.workspaceFolderValue]
    : vscode.workspace.workspaceFolders?.length
      ? [vscode.ConfigurationTarget.Workspace, 'workspace' as const, inspected?.workspaceValue]
      : [vscode.ConfigurationTarget.Global, 'user' as const, inspected?.globalValue];
  const rules = typeof current === 'object' && current !== null ? current : {};
  await configuration.update('rules', { ...rules, [ruleId]: 'off' }, target);
  return where;
}
