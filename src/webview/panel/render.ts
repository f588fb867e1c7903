/**
 * Draws a ResultView into the panel's sections. Every string goes in through h()/Text nodes: log lines
 * and names come from the document and the simulator, and must stay inert.
 */
import { byId, codicon, h, replaceChildren } from './dom';
import { formatNs } from './format';
import type { InvariantView, LogLineView, ResultView, SourceRef } from './resultView';

export interface RenderHooks {
  /** Ask the extension to show this line of the document. */
  reveal(source: SourceRef): void;
}

export function renderSummary(view: ResultView): void {
  replaceChildren(byId('summary'),
    h('dl', { class: 'headline' }, ...view.headline.flatMap((item) => [h('dt', {}, item.label), h('dd', { 'data-metric': item.label }, item.value)])),
    view.provenance.length === 0 ? null : h('details', { class: 'provenance' },
      h('summary', {}, 'What came from the document, what is a default'),
      h('ul', {}, ...view.provenance.map((entry) => h('li', { class: entry.from },
        h('span', { class: 'badge' }, entry.from), ` ${entry.what}: `, h('code', {}, entry.value),
        entry.source ? ` (${entry.source.path}, line ${entry.source.line + 1})` : null)))));
  renderTable(byId<HTMLTableElement>('phases'), 'Time per phase', ['phase', 'time', 'share'],
    view.phases.map((phase) => [phase.phase, formatNs(phase.ns), `${(phase.share * 100).toFixed(1)} %`]));
  renderTable(byId<HTMLTableElement>('counters'), 'Fallbacks, retries, copies', ['counter', 'value'],
    view.counters.map((counter) => [counter.name, String(counter.value)]));
}

function renderTable(table: HTMLTableElement, caption: string, head: string[], rows: string[][]): void {
  replaceChildren(table, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((cell) => h('th', { scope: 'col' }, cell)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))));
}

export function renderVerdict(view: Pick<ResultView, 'verdict' | 'verdictText'> | null): void {
  const verdict = byId('verdict');
  verdict.className = `verdict ${view?.verdict ?? ''}`;
  replaceChildren(verdict, view ? codicon(view.verdict === 'held' ? 'pass' : 'error') : null, view ? ` ${view.verdictText}` : '');
}

function invariantItem(invariant: InvariantView, hooks: RenderHooks): HTMLElement {
  const item = h('li', { class: invariant.held ? 'held' : 'violated' },
    codicon(invariant.held ? 'pass' : 'error'), ' ', h('strong', {}, invariant.name), invariant.held ? ' held' : ` violated: ${invariant.detail}`);
  if (invariant.held) return item;
  if (invariant.event) item.append(h('div', { class: 'event' }, invariant.event));
  const actions = h('div', { class: 'actions' });
  if (invariant.logIndex !== null) {
    const index = invariant.logIndex;
    const button = h('button', { type: 'button', class: 'link' }, codicon('list-flat'), ' show the event in the log');
    button.addEventListener('click', () => focusLogLine(index));
    actions.append(button);
  }
  if (invariant.source) {
    const source = invariant.source;
    const button = h('button', { type: 'button', class: 'link' }, codicon('go-to-file'), ` ${source.path}, line ${source.line + 1}`);
    button.addEventListener('click', () => hooks.reveal(source));
    actions.append(button);
  }
  item.append(actions);
  return item;
}

export function renderInvariants(invariants: InvariantView[], hooks: RenderHooks): void {
  replaceChildren(byId('invariants'), ...invariants.map((invariant) => invariantItem(invariant, hooks)));
}

function logItem(line: LogLineView, index: number, hooks: RenderHooks): HTMLElement {
  const item = h('li', { class: `log-${line.level}`, id: `log-${index}`, tabindex: '-1' }, line.text);
  if (line.source) {
    const source = line.source;
    const button = h('button', { type: 'button', class: 'link', title: `${source.path}, line ${source.line + 1}` }, codicon('go-to-file'));
    button.addEventListener('click', () => hooks.reveal(source));
    item.append(' ', button);
  }
  return item;
}

export function renderLog(view: Pick<ResultView, 'log' | 'logDropped'>, hooks: RenderHooks): void {
  replaceChildren(byId('log'), ...view.log.map((line, index) => logItem(line, index, hooks)),
    view.logDropped > 0 ? h('li', { class: 'log-info' }, `… ${view.logDropped} more lines in the JSON export`) : null);
}

/** Appends lines while a run is live (only the new ones, so the list does not flicker). */
export function appendLog(lines: LogLineView[], from: number, hooks: RenderHooks): void {
  const list = byId('log');
  list.append(...lines.map((line, i) => logItem(line, from + i, hooks)));
}

export function focusLogLine(index: number): void {
  const line = document.getElementById(`log-${index}`);
  if (!line) return;
  for (const old of document.querySelectorAll('.log-lines .focused')) old.classList.remove('focused');
  line.classList.add('focused');
  line.scrollIntoView({ block: 'center' });
  line.focus();
}
