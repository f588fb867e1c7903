import type { Finding } from '../review/finding';
import type { ParsedDocument } from '../patch/types';

/**
 * The key a document's review state is saved under, stable across reloads and edits: a patch's Message-ID(s),
 * else the blob ids of its `index` lines (so the state follows the patch to another file name), else the
 * document's URI — never its content, which every keystroke changes.
 */
export function documentStateKey(parsed: ParsedDocument, uri: string): string {
  return patchIdentity(parsed) ?? `uri:${uri}`;
}

/**
 * False when the text cannot hold a patch identity (no diff, hunk or index line): the caller can key it by URI
 * without reading the whole document as a patch, which for a 700 KB C file blocks the editor's thread.
 */
export function mayCarryPatchIdentity(text: string): boolean {
  return /^(?:>[ \t>]*)?(?:diff |@@ |--- |\+\+\+ |index [0-9a-f]{7,}\.\.)/m.test(text);
}

/** The Message-ID or blob key of a patch, when the text carries one. */
export function patchIdentity(parsed: ParsedDocument): string | undefined {
  const ids = parsed.patches.map((p) => p.messageId?.trim()).filter((id): id is string => !!id);
  if (ids.length > 0) return `msgid:${ids.join(' ')}`;
  const blobs = parsed.docLines
    .map((line) => /^(?:>\s?)*index ([0-9a-f]{7,}\.\.[0-9a-f]{7,})/.exec(line)?.[1])
    .filter((blob): blob is string => !!blob);
  if (blobs.length > 0) return `index:${blobs.join(' ')}`;
  return undefined;
}

/** 64-bit FNV-1a as 16 hex digits: enough to tell documents apart, and no crypto dependency in the core. */
export function fnv1a(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * A finding's identity across reloads and edits elsewhere: its rule, file and the text it flags on its line,
 * never the line number (which moves when lines above change). Repeats get `#2`, `#3` in document order.
 */
export function findingKeys(findings: readonly Finding[], docLines: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const line = docLines[finding.range.start.line] ?? '';
    const flagged = finding.range.start.line === finding.range.end.line
      ? line.slice(finding.range.start.column, finding.range.end.column)
      : line.slice(finding.range.start.column);
    const base = `${finding.rule}|${finding.sourcePath ?? ''}|${flagged.trim()}|${line.trim()}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  });
}
