/**
 * The panel's "Use the patch's code" section: asks the extension host (which has tree-sitter and the
 * interpreter) to restart / step / run a function of the patch and draws the snapshots it sends back.
 * The host sends the function list when the panel is attached to a document and whenever that document
 * changes, so the next Restart steps the edited code.
 */
import type { PatchFunctionsInfo, PatchStepAction, PatchStepMigrator } from '../../core/interp/patchStepSession';
import type { PatchCodeHostMessage } from '../../shared/patchCodeProtocol';
import type { HostToPanel } from '../../shared/protocol';
import { h, replaceChildren } from './dom';
import { patchCodeView, type PatchCodeView } from './patchCodeModel';
import { type PatchCodeHooks, renderPatchCode, renderPatchCodeControls } from './patchCodeView';
import type { PanelHostApi } from './vscodeApi';

export interface PatchCodeTestState {
  usePatchCode: boolean;
  functions: string[];
  view: PatchCodeView | null;
  error: string | null;
}

export interface PatchCodePanelDeps {
  host: PanelHostApi;
  controls: HTMLElement;
  output: HTMLElement;
  /** The provider whose migrator a `struct migrator *` argument gets (the Run controls' first provider). */
  migrator(): PatchStepMigrator;
}

export class PatchCodePanel {
  private usePatchCode = false;
  private info: PatchFunctionsInfo | null = null;
  private documentUri: string | null = null;
  private current: string | null = null;
  private view: PatchCodeView | null = null;
  private error: string | null = null;
  private readonly hooks: PatchCodeHooks = {
    toggle: (on) => {
      this.usePatchCode = on;
      this.drawOutput();
    },
    restart: (name) => this.request(name, 'restart'),
    step: () => this.request(this.current ?? this.selected(), 'step'),
    runToEnd: () => this.request(this.current ?? this.selected(), 'run'),
    reveal: (source) => {
      if (this.documentUri) this.deps.host.post({ type: 'revealLine', uri: this.documentUri, line: source.line });
    },
  };

  constructor(private readonly deps: PatchCodePanelDeps) {
    this.drawControls();
    this.drawOutput();
  }

  /** Takes every host message: `init` tells which document; the patch-code ones carry functions and snapshots. */
  receive(message: HostToPanel): void {
    if (message.type === 'init') {
      const uri = message.document?.uri ?? null;
      // Re-targeted at another document: the old snapshot's lines belong to the old one.
      if (uri !== this.documentUri) [this.view, this.current, this.error] = [null, null, null];
      this.documentUri = uri;
      return this.drawOutput();
    }
    if (message.type === 'patchFunctions' || message.type === 'patchSnapshot') this.receivePatchCode(message);
  }

  testState(): PatchCodeTestState {
    return { usePatchCode: this.usePatchCode, functions: this.info?.functions.map((f) => f.name) ?? [], view: this.view, error: this.error };
  }

  private receivePatchCode(message: Exclude<PatchCodeHostMessage, { type: 'patchSimResult' }>): void {
    if (message.type === 'patchFunctions') {
      this.info = message.info;
      // The document changed: an old snapshot would point at lines that moved.
      if (this.current && !message.info.functions.some((f) => f.name === this.current)) this.current = null;
      this.error = message.info.error;
      this.drawControls();
    } else {
      this.current = message.function;
      this.view = message.snapshot ? patchCodeView(message.function, message.snapshot) : null;
      this.error = message.error;
    }
    this.drawOutput();
  }

  private selected(): string {
    const select = document.getElementById('patch-function') as HTMLSelectElement | null;
    return select?.value || this.info?.functions[0]?.name || '';
  }

  private request(name: string, action: PatchStepAction): void {
    if (!name) {
      this.error = 'the patch defines no function to step';
      return this.drawOutput();
    }
    if (action === 'restart') this.current = name;
    this.deps.host.post({ type: 'patchStep', function: name, action, migrator: this.deps.migrator() });
  }

  private drawControls(): void {
    renderPatchCodeControls(this.deps.controls, this.info?.functions.map((f) => f.name) ?? [], this.usePatchCode, this.hooks);
    const select = document.getElementById('patch-function') as HTMLSelectElement | null;
    if (select && this.current) select.value = this.current;
  }

  private drawOutput(): void {
    const out = this.deps.output;
    if (!this.usePatchCode) return replaceChildren(out, h('p', { class: 'hint' }, "Check \u201cUse the patch's code\u201d to step through the patch's own C."));
    const unresolved = this.info?.unresolved ?? [];
    const notes = [
      this.error ? h('p', { class: 'patch-code-error' }, this.error) : null,
      unresolved.length > 0 ? h('p', { class: 'hint' }, `Calls nothing provides: ${unresolved.map((u) => `${u.name}() at ${u.at}`).join(', ')}`) : null,
    ];
    if (!this.view) return replaceChildren(out, ...notes, h('p', { class: 'hint' }, 'Pick a function and press Restart, Step or Run to end.'));
    const stepping = h('div', { class: 'patch-code-stepping' });
    renderPatchCode(stepping, this.view, this.hooks);
    replaceChildren(out, ...notes, stepping);
  }
}
