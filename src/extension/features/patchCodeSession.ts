import * as vscode from 'vscode';
import { PatchStepSession, type PatchDocumentText } from '../../core/interp/patchStepSession';
import type { PatchCodePanelMessage } from '../../shared/patchCodeProtocol';
import type { HostToPanel } from '../../shared/protocol';
import { startPatchCodeSimulation } from '../../core/interp/patchCodeSimulation';
import type { SimResult } from '../../core/sim/types';
import { toSimConfig } from '../../shared/simConfig';
import { cParser, documentContextFor } from './simulationPanelDocument';

/** Edits arrive per keystroke; the function list is re-sent once typing pauses. */
const CHANGE_DELAY_MS = 400;

/**
 * "Use the patch's code" for one panel: the stepping session (src/core/interp/patchStepSession) for the
 * document the panel is attached to, fed with that document's current text, so an edit (saved or not)
 * changes the next Restart. Reveal-line requests go through the panel's existing `revealLine` message.
 */
export class PatchCodeSessionHost implements vscode.Disposable {
  private session: PatchStepSession | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listener: vscode.Disposable;
  private disposed = false;
  /** Runs in progress, and those of them the panel stopped (a reloaded panel counts its requests from 1 again). */
  private readonly running = new Set<number>();
  private readonly cancelled = new Set<number>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly documentUri: () => vscode.Uri | undefined,
    private readonly post: (message: HostToPanel) => Thenable<boolean>,
  ) {
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() !== this.documentUri()?.toString()) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.sendFunctions(), CHANGE_DELAY_MS);
    });
  }

  /** Tells the panel which functions the attached document defines (none, with a reason, when it has no C). */
  async sendFunctions(): Promise<void> {
    const doc = await this.read();
    if (typeof doc === 'string') {
      await this.post({ type: 'patchFunctions', info: { functions: [], unresolved: [], notes: [], error: doc } });
      return;
    }
    const session = await this.sessionOrError();
    const info = typeof session === 'string' ? { functions: [], unresolved: [], notes: [], error: session } : session.functions(doc);
    await this.post({ type: 'patchFunctions', info });
  }

  async step(message: Extract<PatchCodePanelMessage, { type: 'patchStep' }>): Promise<void> {
    const doc = await this.read();
    const session = typeof doc === 'string' ? doc : await this.sessionOrError();
    const outcome = typeof doc === 'string' ? { snapshot: null, error: doc }
      : typeof session === 'string' ? { snapshot: null, error: session }
        : session.act(doc, message);
    await this.post({ type: 'patchSnapshot', function: message.function, ...outcome });
  }

  /**
   * A simulation whose migrator protocol is the document's own C. It runs here (the webview has no
   * tree-sitter), in slices that yield to the event loop, and only for small runs (patchCodeSimulation.ts).
   */
  async simulate(message: Extract<PatchCodePanelMessage, { type: 'patchSimulate' }>): Promise<void> {
    const answer = (result: SimResult | null, error: string | null) => this.post({ type: 'patchSimResult', requestId: message.requestId, result, error });
    const doc = await this.read();
    const uri = this.documentUri();
    if (typeof doc === 'string' || !uri) return void (await answer(null, typeof doc === 'string' ? doc : 'the panel is not attached to a document'));
    let run;
    try {
      const { context } = await documentContextFor(uri, this.extensionUri);
      run = startPatchCodeSimulation(doc.text, doc.fileName, await cParser(this.extensionUri), toSimConfig(message.config, context?.facts ?? null));
    } catch (error) {
      return void (await answer(null, oneLine(error)));
    }
    this.running.add(message.requestId);
    try {
      while (!run.slice()) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (this.disposed) return;
        if (this.cancelled.delete(message.requestId)) return void (await answer(null, 'stopped'));
      }
      await answer(JSON.parse(JSON.stringify(run.result())) as SimResult, null);
    } catch (error) {
      await answer(null, oneLine(error));
    } finally {
      this.running.delete(message.requestId);
      this.cancelled.delete(message.requestId);
      run.dispose();
    }
  }

  /** Ends a running simulation at its next slice (a slice is a few thousand steps: well under 100 ms). */
  cancel(requestId: number): void {
    if (this.running.has(requestId)) this.cancelled.add(requestId);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.listener.dispose();
    this.session?.dispose();
  }

  private async read(): Promise<PatchDocumentText | string> {
    const uri = this.documentUri();
    if (!uri) return 'the panel is not attached to a document';
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      return { text: document.getText(), fileName: uri.path.split('/').pop() || uri.toString(true), version: document.version };
    } catch (error) {
      return `cannot open ${uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private async sessionOrError(): Promise<PatchStepSession | string> {
    try {
      this.session ??= new PatchStepSession(await cParser(this.extensionUri));
      return this.session;
    } catch (error) {
      return `the C grammar did not load: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
