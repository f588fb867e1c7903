import * as vscode from 'vscode';
import type { Severity } from '../core/review/finding';

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
}

const defaults: Settings = { rules: {}, vocabulary: [], reviewDelay: 400, maxDocumentSize: 16_000_000 };

/** The only place that reads the extension's configuration; features never call getConfiguration themselves. */
export function getSetting<K extends keyof Settings>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  const value = vscode.workspace.getConfiguration('kernelOffload', scope).get<unknown>(key);
  return sanitize(key, value) ?? defaults[key];
}

const severities = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** A hand-edited settings.json can hold anything: wrong types fall back to the default, bad severities are dropped. */
function sanitize<K extends keyof Settings>(key: K, value: unknown): Settings[K] | undefined {
  const fallback = defaults[key];
  if (typeof fallback === 'number') return typeof value === 'number' && value >= 0 ? (value as Settings[K]) : undefined;
  if (Array.isArray(fallback)) return Array.isArray(value) ? (value.filter((word) => typeof word === 'string') as Settings[K]) : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value).filter(([, severity]) => typeof severity === 'string' && severities.has(severity));
  return Object.fromEntries(entries) as Settings[K];
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
