/**
 * The run controls: built from the shared option lists so the form, the saved state and the validator
 * agree. Native inputs with labels, so everything is reachable with Tab and announced by screen readers.
 */
import {
  BATCH_LIMITS, COPY_VERIFY_MODES, FOLIO_SIZES, MAX_LANES, POLICIES, PROTOCOLS, PROVIDER_KINDS, SCENARIOS,
  type PanelRunConfig, type ProviderKind, checkRunConfig,
} from '../../shared/runConfig';
import type { Checked } from '../../shared/validate';
import { h } from './dom';
import { parseByteSize } from './byteSize';
import { formatBytes } from './format';

const LABELS: Record<string, string> = {
  'last-wins': 'last one wins (V3)', 'first-wins': 'first one wins, -EBUSY (V6)', 'per-batch': 'per batch, by size',
  stock: 'stock: 512 base pages', patch8: 'patch 8: 1 GiB of base pages',
  v3: 'V3 as posted (mtcopy + dcbm)', v4: 'V4: pre-copy, should_batch()', v5: 'V5: register/unregister, owner required',
  v6: 'V6: per-folio FOLIO_CONTENT_COPIED', fixed: 'fixed (= V6)',
  full: 'verify every byte', sampled: 'verify a sample per folio', none: 'no check (corruption goes unseen)',
  kernel: 'kernel CPU copy', mtcopy: 'mtcopy threads', dcbm: 'dcbm DMA channels',
};

function select(id: string, label: string, options: readonly string[]): HTMLElement {
  return h('label', { class: 'field', for: id }, h('span', {}, label),
    h('select', { id, name: id }, ...options.map((value) => h('option', { value }, LABELS[value] ?? value))));
}

function providerRow(kind: ProviderKind): HTMLElement {
  return h('div', { class: 'provider-row' },
    h('input', { type: 'checkbox', id: `provider-${kind}`, name: 'provider', value: kind }),
    h('label', { for: `provider-${kind}` }, LABELS[kind]),
    kind === 'kernel' ? null : h('input', { type: 'number', id: `lanes-${kind}`, min: 1, max: MAX_LANES, step: 1, 'aria-label': `${LABELS[kind]}: count` }));
}

export function buildControls(form: HTMLFormElement): void {
  form.replaceChildren(
    h('fieldset', { class: 'folios' },
      h('legend', {}, 'Folios'),
      h('div', { class: 'radio-row', role: 'radiogroup', 'aria-label': 'Size the run by' },
        h('span', { class: 'choice' }, h('input', { type: 'radio', id: 'sizing-count', name: 'sizing', value: 'count' }), h('label', { for: 'sizing-count' }, 'count per size')),
        h('span', { class: 'choice' }, h('input', { type: 'radio', id: 'sizing-total', name: 'sizing', value: 'total' }), h('label', { for: 'sizing-total' }, 'total bytes, split by these weights'))),
      h('div', { class: 'mix' }, ...FOLIO_SIZES.map((size) => h('label', { class: 'mix-entry', for: `mix-${size}` }, h('span', {}, size),
        h('input', { type: 'number', id: `mix-${size}`, min: 0, step: 1, inputmode: 'numeric' })))),
      h('label', { class: 'field', for: 'total' }, h('span', {}, 'Total'), h('input', { type: 'text', id: 'total', placeholder: 'e.g. 1G, 64G', spellcheck: false }))),
    h('fieldset', { class: 'providers' }, h('legend', {}, 'Copy provider'), ...PROVIDER_KINDS.map(providerRow), select('policy', 'Several providers', POLICIES)),
    h('fieldset', { class: 'kernel' }, h('legend', {}, 'Kernel and protocol'),
      select('scenario', 'Scenario', SCENARIOS), select('protocol', 'Protocol', PROTOCOLS), select('batchLimit', 'Batch limit', BATCH_LIMITS),
      h('label', { class: 'field', for: 'seed' }, h('span', {}, 'Seed'), h('input', { type: 'number', id: 'seed', min: 0, step: 1 })),
      h('div', { class: 'check-row' }, h('input', { type: 'checkbox', id: 'realCopy' }), h('label', { for: 'realCopy' }, 'real copy: move and verify real bytes with the worker copy engine')),
      select('copyVerify', 'Real copy check', COPY_VERIFY_MODES)),
  );
  form.addEventListener('change', () => syncEnabled(form));
}

function input(form: HTMLFormElement, id: string): HTMLInputElement | HTMLSelectElement {
  const element = form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`);
  if (!element) throw new Error(`controls: #${id} missing`);
  return element;
}

/** Greys out what the current choice ignores (lanes of unchecked providers, policy with one provider). */
function syncEnabled(form: HTMLFormElement): void {
  let checkedProviders = 0;
  for (const kind of PROVIDER_KINDS) {
    const on = (input(form, `provider-${kind}`) as HTMLInputElement).checked;
    if (on) checkedProviders++;
    if (kind !== 'kernel') input(form, `lanes-${kind}`).disabled = !on;
  }
  input(form, 'policy').disabled = checkedProviders < 2;
  input(form, 'total').disabled = !(input(form, 'sizing-total') as HTMLInputElement).checked;
}

export function writeControls(form: HTMLFormElement, config: PanelRunConfig): void {
  (input(form, config.sizing === 'count' ? 'sizing-count' : 'sizing-total') as HTMLInputElement).checked = true;
  for (const size of FOLIO_SIZES) input(form, `mix-${size}`).value = String(config.folioMix.find((entry) => entry.size === size)?.count ?? 0);
  input(form, 'total').value = formatBytes(config.totalBytes).replace(/ (.)iB$/, '$1').replace(/ B$/, '');
  for (const kind of PROVIDER_KINDS) {
    const choice = config.providers.find((provider) => provider.kind === kind);
    (input(form, `provider-${kind}`) as HTMLInputElement).checked = choice !== undefined;
    if (kind !== 'kernel') input(form, `lanes-${kind}`).value = String(choice?.lanes ?? 4);
  }
  for (const key of ['policy', 'scenario', 'protocol', 'batchLimit', 'copyVerify'] as const) input(form, key).value = config[key];
  input(form, 'seed').value = String(config.seed);
  (input(form, 'realCopy') as HTMLInputElement).checked = config.realCopy;
  syncEnabled(form);
}

/** Reads the form back; the error names the control to fix. */
export function readControls(form: HTMLFormElement): Checked<PanelRunConfig> {
  const int = (id: string) => (input(form, id).value.trim() === '' ? Number.NaN : Number(input(form, id).value));
  const total = parseByteSize(input(form, 'total').value);
  const sizingTotal = (input(form, 'sizing-total') as HTMLInputElement).checked;
  if (sizingTotal && total === undefined) return { ok: false, error: 'Total: write a size such as 512M, 1G or 64G' };
  return checkRunConfig({
    folioMix: FOLIO_SIZES.map((size) => ({ size, count: int(`mix-${size}`) })).filter((entry) => entry.count !== 0),
    sizing: sizingTotal ? 'total' : 'count',
    totalBytes: total ?? 1024 ** 3,
    providers: PROVIDER_KINDS.filter((kind) => (input(form, `provider-${kind}`) as HTMLInputElement).checked)
      .map((kind) => ({ kind, lanes: kind === 'kernel' ? 1 : int(`lanes-${kind}`) })),
    policy: input(form, 'policy').value,
    batchLimit: input(form, 'batchLimit').value,
    scenario: input(form, 'scenario').value,
    seed: int('seed'),
    protocol: input(form, 'protocol').value,
    realCopy: (input(form, 'realCopy') as HTMLInputElement).checked,
    copyVerify: input(form, 'copyVerify').value,
  });
}
