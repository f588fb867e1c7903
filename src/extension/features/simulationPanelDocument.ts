import * as vscode from 'vscode';
import { type CParser, createCParser } from '../../core/c/parser';
import { documentFacts } from '../../shared/documentFacts';
import type { DocumentContext } from '../../shared/protocol';

/** Documents above this size are not read for patch facts (the panel says so and uses defaults). */
const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;

let parser: Promise<CParser> | undefined;

/** The panel's own C parser (the grammar itself is loaded once per host and shared with the review engine). */
export function cParser(extensionUri: vscode.Uri): Promise<CParser> {
  const read = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name));
  parser ??= Promise.all([read('web-tree-sitter.wasm'), read('tree-sitter-c.wasm')])
    .then(([runtimeWasm, grammarWasm]) => createCParser({ runtimeWasm, grammarWasm }))
    .catch((error: unknown) => {
      parser = undefined;
      throw error;
    });
  return parser;
}

function displayName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString(true);
}

/**
 * The small JSON the panel gets about a document: its name and the patch facts the simulator uses.
 * Read fresh on every call so a re-run picks up unsaved edits.
 */
export async function documentContextFor(uri: vscode.Uri, extensionUri: vscode.Uri): Promise<{ context: DocumentContext | null; error: string | null }> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch (error) {
    return { context: null, error: `cannot open ${displayName(uri)}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const base = { uri: uri.toString(), name: displayName(uri), version: document.version };
  const text = document.getText();
  if (text.length > MAX_DOCUMENT_CHARS) {
    return { context: { ...base, facts: null, notes: [`${base.name} is larger than 8 MiB; the simulation uses the model's defaults`] }, error: null };
  }
  try {
    const c = await cParser(extensionUri);
    const { facts, notes } = documentFacts(text, base.name, (source) => c.parse(source));
    return { context: { ...base, facts, notes }, error: null };
  } catch (error) {
    return { context: { ...base, facts: null, notes: [`the C grammar did not load (${error instanceof Error ? error.message : String(error)}); model defaults`] }, error: null };
  }
}
