import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { installFakeDocument } from './fakeDom';
import { renderInvariants, renderLog, renderSummary, renderVerdict } from '../../src/webview/panel/render';
import type { ResultView, SourceRef } from '../../src/webview/panel/resultView';

const HOSTILE = '<img src=x onerror=alert(1)>';

function hostileView(): ResultView {
  const source = { path: `mm/${HOSTILE}.c`, line: 4 };
  return {
    scenario: 'plain', protocol: 'v3', verdict: 'violated', verdictText: `Violated: ${HOSTILE}`, throughputGBps: 1,
    headline: [{ label: HOSTILE, value: HOSTILE }],
    throughput: { folioSizes: ['4K'], series: [] },
    phases: [{ phase: HOSTILE, ns: 10, share: 1 }],
    counters: [{ name: HOSTILE, value: 1 }],
    invariants: [{ name: HOSTILE, held: false, detail: HOSTILE, event: HOSTILE, logIndex: 0, timeNs: 5, source }],
    log: [{ text: `[    0.000001] starting migration offload by ${HOSTILE}`, level: 'info', source }],
    logDropped: 0,
    lanes: [],
    realCopy: null,
    provenance: [{ what: 'migrator name', value: HOSTILE, from: 'document', source }],
  };
}

test('document-derived names render as text: no element is created from them', () => {
  const fake = installFakeDocument(['summary', 'phases', 'counters', 'invariants', 'log', 'verdict']);
  const revealed: SourceRef[] = [];
  const hooks = { reveal: (source: SourceRef) => revealed.push(source) };
  const view = hostileView();
  renderSummary(view);
  renderVerdict(view);
  renderInvariants(view.invariants, hooks);
  renderLog(view, hooks);
  const nodes = [...fake.body.walk()];
  assert.equal(nodes.some((node) => node.nodeName === 'IMG'), false);
  assert.equal(nodes.some((node) => [...node.attributes.keys()].some((name) => /^on/i.test(name))), false);
  const text = fake.body.textContent;
  assert.ok(text.split(HOSTILE).length - 1 >= 8, 'the hostile string is shown, verbatim, as text');
  // The link from a failed invariant to its patch line carries the source through unchanged.
  const link = nodes.find((node) => node.nodeName === 'BUTTON' && node.textContent.includes(`line 5`));
  assert.ok(link);
  link.click();
  assert.deepEqual(revealed, [view.invariants[0].source]);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

test('the webview code never parses strings as HTML', () => {
  const root = new URL('../../src/webview/', import.meta.url).pathname;
  const files = sourceFiles(root);
  assert.ok(files.length > 5);
  for (const file of files) {
    const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
    assert.doesNotMatch(code, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|srcdoc/, file);
    assert.doesNotMatch(code, /\bnew Function\b|\beval\(/, file);
  }
});
