import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { contentSecurityPolicy, createNonce, renderPanelHtml } from '../../src/shared/panelHtml';

const template = readFileSync(new URL('../../media/panel.html', import.meta.url), 'utf8');
const params = { cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/media/build/panel.js', styleUri: 'https://x/media/panel.css', codiconUri: 'https://x/media/build/codicon.css' };

test('the policy is strict: nothing inline, no eval, only nonce scripts and blob workers', () => {
  const csp = contentSecurityPolicy(params.cspSource, 'n0nce');
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /script-src 'nonce-n0nce'(;|$)/);
  assert.match(csp, /worker-src blob:/);
  assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http:/);
});

test('the rendered page loads its one script by nonce and has no inline script, style or handler', () => {
  const html = renderPanelHtml(template, params);
  assert.doesNotMatch(html, /\{\{/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="abc123"/);
  assert.match(scripts[0][1], /src="https:\/\/x\/media\/build\/panel\.js"/);
  assert.equal(scripts[0][2].trim(), '');
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
  assert.match(html, /aria-live="polite"/);
  assert.match(html, /http-equiv="Content-Security-Policy"/);
});

test('an unknown placeholder is an error, and values are attribute-escaped', () => {
  assert.throws(() => renderPanelHtml('{{NOPE}}', params), /unknown placeholder/);
  assert.equal(renderPanelHtml('{{SCRIPT_URI}}', { ...params, scriptUri: 'a"b<c' }), 'a&quot;b&lt;c');
});

test('nonces are fresh and URL-safe', () => {
  const nonces = new Set(Array.from({ length: 50 }, createNonce));
  assert.equal(nonces.size, 50);
  for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
});
