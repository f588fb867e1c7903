import { Language, Parser, type Tree } from 'web-tree-sitter';

/** The WASM files a C parser needs, as bytes: callers read them with whatever their host offers. */
export interface ParserAssets {
  runtimeWasm: Uint8Array;
  grammarWasm: Uint8Array;
}

let loading: Promise<Language> | undefined;

/** The runtime's own stack functions (emscripten exports web-tree-sitter does not pass on). */
interface StackExports {
  emscripten_stack_get_current(): number;
  _emscripten_stack_restore(pointer: number): void;
}

/** The runtime's shadow stack (in WASM memory) and where its pointer stands when no WASM code runs. */
let stack: { exports: StackExports; top: number } | undefined;

/**
 * A WASM trap ("memory access out of bounds", "table index is out of bounds") unwinds to JavaScript without giving
 * back the shadow stack the trapped frames took (256 bytes and more each). The 64 KiB stack sits just above the
 * module's static data, so after enough swallowed traps every call writes over that data (tree-sitter's allocator
 * pointers among it) and the module dies later, somewhere unrelated (npm run fuzz: `table index is out of bounds`
 * in Tree.delete at run 30,449). The fault is an Error class of its own so that no one mistakes it for an answer.
 */
export class WasmFault extends Error {
  constructor(cause: unknown, readonly reset: boolean) {
    const what = cause instanceof Error ? cause.message : String(cause);
    super(`the C parser's WASM module faulted (${what}); ${reset ? 'it was reset' : 'it could not be reset: reload the window'}`, { cause });
    this.name = 'WasmFault';
  }
}

/** A trap of the tree-sitter runtime: the module's state is suspect until CParser.recover() ran. */
export function isWasmTrap(error: unknown): error is WebAssembly.RuntimeError {
  return typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;
}

/** Bytes of shadow stack lost since the module loaded: 0 unless a trap (or an exception through WASM) unwound it. */
export function wasmStackDrift(): number {
  return stack ? stack.top - stack.exports.emscripten_stack_get_current() : 0;
}

/** The part of emscripten's module object web-tree-sitter reads and writes its transfer buffer through. */
interface EmscriptenAccessors {
  HEAP32?: Int32Array;
  getValue(pointer: number, type?: string): number;
  setValue(pointer: number, value: number, type?: string): void;
}

/** True where typed arrays are little-endian, as WASM memory is (every host this runs on; checked, not assumed). */
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * web-tree-sitter moves every node and cursor through WASM memory with emscripten's generic getValue/setValue: a
 * string test, a switch and a DataView call per 32-bit word, several words per cursor step. On verifier.c they were
 * 17 % of the review's CPU. The same loads and stores on the module's live Int32Array view (replaced by emscripten
 * whenever memory grows, so it is read from the module on every call) do exactly what the "i32" case does on a
 * little-endian host; every other type keeps the original.
 */
export function installFastAccessors(module: Partial<EmscriptenAccessors>): void {
  const { getValue, setValue } = module;
  if (!littleEndian || typeof getValue !== 'function' || typeof setValue !== 'function' || !(module.HEAP32 instanceof Int32Array)) return;
  const heap = module as EmscriptenAccessors & { HEAP32: Int32Array };
  module.getValue = (pointer, type = 'i8') => (type === 'i32' ? heap.HEAP32[pointer >> 2]! : getValue(pointer, type));
  module.setValue = (pointer, value, type = 'i8') => {
    if (type === 'i32') heap.HEAP32[pointer >> 2] = value;
    else setValue(pointer, value, type);
  };
}

/**
 * Loads the tree-sitter runtime and the C grammar once per host. `locateFile` is passed even though the
 * runtime comes as bytes, because emscripten's glue computes a URL from `import.meta.url` in bundles. The
 * runtime is instantiated here (emscripten's `instantiateWasm` hook) to keep its stack functions for recover().
 */
export function loadCLanguage(assets: ParserAssets): Promise<Language> {
  loading ??= (async () => {
    let exports: StackExports | undefined;
    let failed: (error: unknown) => void = () => undefined;
    const instantiated = new Promise<never>((_, reject) => (failed = reject));
    const instantiateWasm = (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
      (WebAssembly.instantiate(assets.runtimeWasm as BufferSource, imports) as Promise<WebAssembly.WebAssemblyInstantiatedSource>).then(({ instance, module }) => {
        exports = instance.exports as unknown as StackExports;
        receive(instance, module);
      }, failed);
      return {};
    };
    // Emscripten makes this options object the module itself (`var Module = moduleArg`): the accessors are installed on it.
    const moduleObject: Partial<EmscriptenAccessors> = { wasmBinary: assets.runtimeWasm, locateFile: (file: string) => file, instantiateWasm } as never;
    await Promise.race([Parser.init(moduleObject), instantiated]);
    installFastAccessors(moduleObject);
    // Another copy of the runtime may have been initialised first (Parser.init keeps the first module).
    if (exports && typeof exports.emscripten_stack_get_current === 'function') stack = { exports, top: exports.emscripten_stack_get_current() };
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
  private parser: Parser;
  /** Traps recovered from so far (a test and the worker read it). */
  faults = 0;

  constructor(private readonly language: Language) {
    this.parser = CParser.open(language);
  }

  private static open(language: Language): Parser {
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
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

  /**
   * After a trap: gives the runtime back the shadow stack the trapped frames kept and replaces the parser object,
   * whose internal state may be mid-parse. Must be called with no WASM frame active (from the review's own catch).
   * Trees made before the trap are not to be trusted: their owners drop them. Returns false when the module could not
   * be reset (its stack functions are unknown, or a fresh parser cannot parse one declaration): the host must then
   * load the runtime anew, in a fresh worker.
   */
  recover(): boolean {
    this.faults++;
    if (!stack) return false;
    stack.exports._emscripten_stack_restore(stack.top);
    try {
      this.parser.delete();
    } catch {
      // The old parser's memory is beyond repair: it is left behind, the new one is separate.
    }
    try {
      this.parser = CParser.open(this.language);
      const probe = this.parser.parse('int probe(void) { return 0; }\n');
      const healthy = probe?.rootNode.firstNamedChild?.type === 'function_definition' && !probe.rootNode.hasError;
      probe?.delete();
      return healthy && wasmStackDrift() === 0;
    } catch {
      if (stack) stack.exports._emscripten_stack_restore(stack.top);
      return false;
    }
  }

  dispose(): void {
    this.parser.delete();
  }
}

export async function createCParser(assets: ParserAssets): Promise<CParser> {
  return new CParser(await loadCLanguage(assets));
}
