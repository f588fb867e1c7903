/**
 * Fills the panel's HTML template (media/panel.html). The policy allows only the extension's own
 * media/ files (through the webview's cspSource), a script carrying this render's nonce, and blob:
 * workers; no inline script or style, no eval, no remote origins.
 */

export interface PanelHtmlParams {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    'worker-src blob:',
  ].join('; ');
}

/** 128 random bits as base64url: a fresh nonce per render. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Replaces every `{{NAME}}`; a placeholder without a value is an error, not an empty string. */
export function renderPanelHtml(template: string, params: PanelHtmlParams): string {
  const values: Record<string, string> = {
    CSP: contentSecurityPolicy(params.cspSource, params.nonce),
    NONCE: params.nonce,
    SCRIPT_URI: params.scriptUri,
    STYLE_URI: params.styleUri,
    CODICON_URI: params.codiconUri,
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`panel template: unknown placeholder {{${name}}}`);
    return escapeAttribute(value);
  });
}
