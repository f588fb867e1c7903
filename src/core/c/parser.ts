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

export class CParser {
  private readonly parser: Parser;

  constructor(language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  /** Parses `text`, reusing `previous` (already edited with `tree.edit`) for an incremental re-parse. */
  parse(text: string, previous?: Tree): Tree {
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
