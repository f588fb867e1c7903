const TRAILER = /^([A-Z][A-Za-z]*(?:-[A-Za-z]+)*-by): +(\S.*<[^<>@\s]+@[^<>\s]+>)$/;

/**
 * Checks a trailer the reviewer typed. Tags such as `Reviewed-by:` are a person's statement: the tool only
 * passes through one the reviewer wrote, and refuses anything that is not a well-formed `Tag-by: Name <mail>`.
 */
export function parseTrailer(input: string): { ok: true; trailer: string } | { ok: false; reason: string } {
  const line = input.trim();
  if (line.includes('\n')) return { ok: false, reason: 'a trailer is a single line' };
  const match = TRAILER.exec(line);
  if (!match) return { ok: false, reason: 'expected "Tag-by: Full Name <address>", e.g. "Reviewed-by: Jane Doe <jane@example.org>"' };
  return { ok: true, trailer: `${match[1]}: ${match[2]!.trim()}` };
}
