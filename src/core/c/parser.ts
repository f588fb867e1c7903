import { Language, Parser, type Tree } from 'web-tree-sitter';

/** The WASM files a C parser needs, as bytes: callers read them with whatever their host offers. */
export interface ParserAssets {
  runtimeWasm: Uint8Array;
  grammarWasm: Uint8Array;
}

let loading: Promise<Language> | undefined;

/**
 * Loads the tree-sitter runtime and the C grammar once per host. `locateFile` is passed even though the
 * runtime comes as bytes, because emscripten's glue computes a URL from `import.meta.url` in bundles.
 */
export function loadCLanguage(assets: ParserAssets): Promise<Language> {
  loading ??= (async () => {
    await Parser.init({ wasmBinary: assets.runtimeWasm, locateFile: (file: string) => file });
    return Language.load(assets.grammarWasm);
  })().catch((error: unknown) => {
    loading = undefined;
    throw new Error(`cannot load the tree-sitter C grammar: ${error instanceof Error ? error.message : String(error)}`);
  });
  return loading;
}

/**
 * Parse budget per document: a pathological input must not stall the caller. It grows with the text (10 µs a
 * character, some ten times tree-sitter's pace on a loaded machine), so a 10 MB file is parsed rather than refused.
 */
const PARSE_BUDGET_MS = 2000;
const PARSE_BUDGET_MS_PER_CHAR = 0.01;

/**
 * Brackets nested deeper than this are refused before parsing: tree-sitter's WASM build frees a very deep tree
 * recursively and overflows its stack ("memory access out of bounds"), after which the module is unusable.
 * Kernel code nests a few dozen levels at most (found by npm run fuzz: about 2,800 open parentheses).
 */
export const MAX_NESTING = 256;

/** The deepest bracket nesting of C text, outside comments, strings and character literals; linear. */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) { // /* … */
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) { // // …
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === 0x22 || c === 0x27) { // "…" and '…' end at their quote or the line's end
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 0x0a) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      i = j;
    } else if (c === 0x28 || c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

export class CParser {
  private readonly parser: Parser;

  constructor(language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  /** Parses `text`, reusing `previous` (already edited with `tree.edit`) for an incremental re-parse. */
  parse(text: string, previous?: Tree): Tree {
    const depth = bracketDepth(text);
    if (depth > MAX_NESTING) throw new Error(`brackets nest ${depth} deep (more than ${MAX_NESTING}): not parsed`);
    const deadline = Date.now() + PARSE_BUDGET_MS + text.length * PARSE_BUDGET_MS_PER_CHAR;
    const tree = this.parser.parse(text, previous ?? null, { progressCallback: () => Date.now() > deadline });
    if (!tree) throw new Error('the C parse exceeded its time budget');
    return tree;
  }

  dispose(): void {
    this.parser.delete();
  }
}

export async function createCParser(assets: ParserAssets): Promise<CParser> {
  return new CParser(await loadCLanguage(assets));
}
