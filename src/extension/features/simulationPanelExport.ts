import * as vscode from 'vscode';
import type { ExportFormat } from '../../shared/protocol';
import { exportBytes } from '../../shared/exportPayload';

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  json: { JSON: ['json'] },
  csv: { CSV: ['csv'] },
  png: { 'PNG image': ['png'] },
};

/** Asks where to save an export from the panel and writes it; the panel shows the outcome. */
export async function saveExport(
  message: { format: ExportFormat; suggestedName: string; data: string },
  near: vscode.Uri | undefined,
): Promise<{ path: string | null; error: string | null }> {
  const bytes = exportBytes(message.format, message.data);
  if (!bytes.ok) return { path: null, error: bytes.error };
  const folder = near && near.scheme === 'file' ? vscode.Uri.joinPath(near, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, message.suggestedName) : undefined,
    filters: FILTERS[message.format],
    title: `Export simulation ${message.format.toUpperCase()}`,
  });
  if (!target) return { path: null, error: null };
  try {
    await vscode.workspace.fs.writeFile(target, bytes.value);
    return { path: target.toString(true), error: null };
  } catch (error) {
    return { path: null, error: `could not write ${target.toString(true)}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
