import * as vscode from 'vscode';
import { COMMAND } from '../commands';

/** Replaced by esbuild with the bundle's entry (dist/extension.cjs or dist/web.cjs); undefined when run from sources. */
declare const __KERNEL_OFFLOAD_ENTRY__: string | undefined;

/** What the extension runs as, from the bundle it was built into and from the globals of the runtime around it. */
export function hostKind(): { entry: string; runtime: 'node' | 'webworker' | 'browser' } {
  const entry = typeof __KERNEL_OFFLOAD_ENTRY__ === 'string' ? __KERNEL_OFFLOAD_ENTRY__ : 'sources';
  const scope = globalThis as { process?: { versions?: { node?: string } }; WorkerGlobalScope?: abstract new () => unknown };
  if (scope.process?.versions?.node) return { entry, runtime: 'node' };
  return { entry, runtime: scope.WorkerGlobalScope && globalThis instanceof scope.WorkerGlobalScope ? 'webworker' : 'browser' };
}

export function registerHostKind(): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMAND.testHostKind, () => {
    const kind = hostKind();
    void vscode.window.showInformationMessage(`Kernel Offload host: entry ${kind.entry}, runtime ${kind.runtime}`);
    return kind;
  })];
}
