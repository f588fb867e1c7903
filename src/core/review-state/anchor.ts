/**
 * Where a reviewer's thread stands, by content rather than by line number: the line's text and a few lines on
 * either side, as b4 re-finds review comments after a rebase. Edits elsewhere move the line; edits of the line
 * itself leave the context to find it by; when neither is left the thread is outdated, never dropped.
 */
export interface Anchor {
  line: number;
  lineText: string;
  before: string[];
  after: string[];
}

export interface Located {
  line: number;
  /** The anchored text is gone: the thread is shown where it was, marked outdated. */
  outdated: boolean;
}

const CONTEXT = 3;

export function captureAnchor(docLines: readonly string[], line: number): Anchor {
  const at = clampLine(docLines, line);
  return {
    line: at,
    lineText: docLines[at] ?? '',
    before: docLines.slice(Math.max(0, at - CONTEXT), at),
    after: docLines.slice(at + 1, at + 1 + CONTEXT),
  };
}

/**
 * The line that best matches the anchor: its own text scores most, each matching context line a little, and
 * the distance from where it was breaks ties. One pass over the document, so it stays linear.
 */
export function locateAnchor(docLines: readonly string[], anchor: Anchor): Located {
  const wanted = anchor.lineText.trim();
  let best = { line: -1, score: 0, distance: Infinity };
  for (let line = 0; line < docLines.length; line++) {
    const own = wanted !== '' && docLines[line]!.trim() === wanted ? CONTEXT * 2 + 1 : 0;
    const context = own > 0 || anchor.before.length + anchor.after.length > 0 ? contextScore(docLines, line, anchor) : 0;
    const score = own + context;
    const distance = Math.abs(line - anchor.line);
    if (score > best.score || (score === best.score && score > 0 && distance < best.distance)) best = { line, score, distance };
  }
  if (best.line >= 0 && best.score > CONTEXT * 2) return { line: best.line, outdated: false };
  // Only context matched: the line itself was edited, so the thread still belongs here but says it is outdated.
  if (best.line >= 0 && best.score >= 2) return { line: best.line, outdated: true };
  return { line: clampLine(docLines, anchor.line), outdated: true };
}

function contextScore(docLines: readonly string[], line: number, anchor: Anchor): number {
  let score = 0;
  anchor.before.forEach((text, i) => {
    if (text.trim() !== '' && docLines[line - anchor.before.length + i]?.trim() === text.trim()) score++;
  });
  anchor.after.forEach((text, i) => {
    if (text.trim() !== '' && docLines[line + 1 + i]?.trim() === text.trim()) score++;
  });
  return score;
}

function clampLine(docLines: readonly string[], line: number): number {
  return Math.max(0, Math.min(line, docLines.length - 1));
}

/** Whatever storage hands back becomes an anchor, or undefined. */
export function readAnchor(value: unknown): Anchor | undefined {
  const v = value as Partial<Anchor> | null;
  if (typeof v !== 'object' || v === null || typeof v.line !== 'number' || typeof v.lineText !== 'string') return undefined;
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : []);
  return { line: v.line, lineText: v.lineText, before: strings(v.before), after: strings(v.after) };
}
