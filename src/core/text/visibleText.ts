/**
 * Document text as it may be shown in a message: characters that change how text reads without being seen
 * (Unicode bidi controls, zero-width characters, other control characters) are written out as `<U+202E>`,
 * as the kernel's own checks warn about them (Trojan Source, CVE-2021-42574), and very long text is cut so
 * one hostile line cannot flood a hover, the Problems panel or a reply.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

export const MAX_SHOWN = 500;

export function visibleText(text: string, max = MAX_SHOWN): string {
  const shown = text.replace(INVISIBLE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
  return shown.length <= max ? shown : `${shown.slice(0, max - 1)}…`;
}

/** True when the text holds a character visibleText would write out. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}
