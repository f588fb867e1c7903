/**
 * Draws a PatchCodeView: a "Use the patch's code" toggle, Step / Run to end / Restart buttons, the current
 * document line, locals per frame and the printed lines. Text only, through h().
 */
import { codicon, h, replaceChildren } from './dom';
import type { PatchCodeView } from './patchCodeModel';
import type { SourceRef } from './resultView';

export interface PatchCodeHooks {
  /** The user switched "Use the patch's code" on or off (the next simulation runs the patch's functions). */
  toggle(usePatchCode: boolean): void;
  step(): void;
  runToEnd(): void;
  restart(functionName: string): void;
  reveal(source: SourceRef): void;
}

function sourceButton(label: string, source: SourceRef | null, hooks: PatchCodeHooks): HTMLElement {
  if (!source) return h('span', {}, label);
  const button = h('button', { type: 'button', class: 'link' }, codicon('go-to-file'), ` ${label}`);
  button.addEventListener('click', () => hooks.reveal(source));
  return button;
}

export function renderPatchCodeControls(container: HTMLElement, functions: string[], usePatchCode: boolean, hooks: PatchCodeHooks): void {
  const toggle = h('input', { type: 'checkbox', id: 'use-patch-code', checked: usePatchCode });
  toggle.addEventListener('change', () => hooks.toggle((toggle as HTMLInputElement).checked));
  const select = h('select', { id: 'patch-function', 'aria-label': 'Function to step' }, ...functions.map((name) => h('option', { value: name }, name)));
  const button = (icon: string, label: string, action: () => void) => {
    const b = h('button', { type: 'button' }, codicon(icon), ` ${label}`);
    b.addEventListener('click', action);
    return b;
  };
  replaceChildren(container,
    h('label', { for: 'use-patch-code' }, toggle, " Use the patch's code"),
    h('div', { class: 'patch-code-actions' }, select,
      button('debug-restart', 'Restart', () => hooks.restart((select as HTMLSelectElement).value || functions[0] || '')),
      button('debug-step-over', 'Step', () => hooks.step()),
      button('debug-continue', 'Run to end', () => hooks.runToEnd())));
}

export function renderPatchCode(container: HTMLElement, view: PatchCodeView, hooks: PatchCodeHooks): void {
  replaceChildren(container,
    h('p', { class: `patch-code-status ${view.state}`, role: 'status' }, view.status),
    view.where ? h('p', { class: 'patch-code-where' }, 'At ', sourceButton(view.where, view.source, hooks)) : null,
    view.error ? h('p', { class: 'patch-code-error' }, codicon('error'), ` ${view.error}`) : null,
    ...view.frames.map((frame) => h('table', { class: 'patch-code-locals' },
      h('caption', {}, `${frame.function}() `, sourceButton(frame.where, frame.source, hooks)),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'local'), h('th', { scope: 'col' }, 'type'), h('th', { scope: 'col' }, 'value'))),
      h('tbody', {}, ...frame.locals.map((l) => h('tr', {}, h('th', { scope: 'row' }, l.name), h('td', {}, l.type), h('td', {}, l.value)))))),
    h('ol', { class: 'patch-code-log' }, ...view.log.map((line) => h('li', { class: line.level }, line.text, ' ', sourceButton(line.where, line.source, hooks)))));
}
