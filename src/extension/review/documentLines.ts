import type * as vscode from 'vscode';

/**
 * A document's lines as the read-only array the core's functions take, each line read from VS Code's own line store
 * when it is indexed. Hint keys read one line per finding; splitting a 700 KB document on this thread after every
 * review cost 8-25 ms and kept a second copy of its 20,000 lines. VS Code ends lines where splitDocumentLines does
 * (CRLF, LF, a lone CR), so the lines are the same.
 *
 * The lines are those of the document when they are read: callers use them at once, for the version they hold.
 */
export function linesOfDocument(document: vscode.TextDocument): readonly string[] {
  const count = document.lineCount;
  const index = (key: string | symbol): number | undefined => {
    if (typeof key !== 'string') return undefined;
    const at = Number(key);
    return Number.isInteger(at) && String(at) === key && at >= 0 && at < count ? at : undefined;
  };
  return new Proxy<string[]>([], {
    get: (target, key, receiver) => {
      if (key === 'length') return count;
      const at = index(key);
      return at === undefined ? Reflect.get(target, key, receiver) : document.lineAt(at).text;
    },
    has: (target, key) => index(key) !== undefined || Reflect.has(target, key),
  });
}
