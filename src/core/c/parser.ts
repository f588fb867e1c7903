import { Language, Parser, type Node, type Tree, type TreeCursor } from 'web-tree-sitter';

/**
 * The WASM files a C parser needs, as bytes (callers read them with whatever their host offers) or compiled already:
 * a thread handed another thread's compiled modules compiles nothing itself.
 */
export interface ParserAssets {
  runtimeWasm: Uint8Array | WebAssembly.Module;
  grammarWasm: Uint8Array | WebAssembly.Module;
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

/** The runtime's cursor functions: each reads the cursor's four words from the transfer buffer (and moves write them back). */
interface CursorExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_wasm(tree: number): void;
  _ts_tree_cursor_start_position_wasm(tree: number): void;
  _ts_tree_cursor_end_position_wasm(tree: number): void;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
}

/** The cursor functions, held in a plain object of one shape: the module object is a big dictionary, slow to look up in. */
interface CursorRuntime {
  module: CursorExports;
  /** The transfer buffer's index in HEAP32. */
  word: number;
  firstChild(tree: number): number;
  nextSibling(tree: number): number;
  parent(tree: number): number;
  typeId(tree: number): number;
  fieldId(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
  /** Writes the current node's id, start index, start row and column (and a fifth word) to the transfer buffer. */
  currentNode(tree: number): void;
  /** Write the current node's start (end) row and column to the transfer buffer. */
  startPosition(tree: number): void;
  endPosition(tree: number): void;
  isNamed(tree: number): number;
}

let cursorRuntime: CursorRuntime | undefined;

function bindCursorRuntime(module: Partial<CursorExports>): CursorRuntime | undefined {
  const names = ['_ts_init', '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm',
    '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm', '_ts_tree_cursor_current_node_wasm',
    '_ts_tree_cursor_start_position_wasm', '_ts_tree_cursor_end_position_wasm', '_ts_tree_cursor_current_node_is_named_wasm'] as const;
  if (!littleEndian || !(module.HEAP32 instanceof Int32Array) || names.some((name) => typeof module[name] !== 'function')) return undefined;
  const full = module as CursorExports;
  // ts_init only writes the ABI versions into the transfer buffer and returns its address, as on Parser.init.
  return {
    module: full, word: full._ts_init() >> 2,
    firstChild: full._ts_tree_cursor_goto_first_child_wasm, nextSibling: full._ts_tree_cursor_goto_next_sibling_wasm,
    parent: full._ts_tree_cursor_goto_parent_wasm, typeId: full._ts_tree_cursor_current_node_type_id_wasm,
    fieldId: full._ts_tree_cursor_current_field_id_wasm, startIndex: full._ts_tree_cursor_start_index_wasm, endIndex: full._ts_tree_cursor_end_index_wasm,
    currentNode: full._ts_tree_cursor_current_node_wasm, startPosition: full._ts_tree_cursor_start_position_wasm,
    endPosition: full._ts_tree_cursor_end_position_wasm, isNamed: full._ts_tree_cursor_current_node_is_named_wasm,
  };
}

/** What a walk reads of a leaf (a name) without making a Node of it: the Node's id, text and start. */
export interface LeafFacts {
  id: number;
  text: string;
  row: number;
  column: number;
}

/** What a walk asks of a cursor: web-tree-sitter's TreeCursor, or the faster one below over the same cursor. */
export type Walker = Pick<TreeCursor, 'nodeType' | 'nodeTypeId' | 'currentFieldName' | 'currentFieldId' | 'currentNode' | 'nodeIsMissing' | 'nodeIsNamed'
  | 'startIndex' | 'endIndex' | 'startPosition' | 'endPosition' | 'gotoFirstChild' | 'gotoNextSibling' | 'gotoParent' | 'delete'> & {
  /** The current node's id, text and start, as its Node would give them. */
  leaf(): LeafFacts;
};

type TextCallback = (index: number, position: { row: number; column: number }) => string | undefined | null;

/** The parts of web-tree-sitter's TreeCursor (0.27) the fast cursor works on: its four words and its tree's address. */
interface CursorInternals {
  handles?: unknown;
  tree?: { 0?: unknown; language?: { types?: unknown; fields?: unknown }; textCallback?: unknown };
}

/** A node's text as web-tree-sitter's Node.text reads it from the tree's source (getText of web-tree-sitter 0.27). */
function sourceText(source: TextCallback, startIndex: number, endIndex: number, position: { row: number; column: number }): string {
  const length = endIndex - startIndex;
  let result = source(startIndex, position);
  if (result) {
    let index = startIndex + result.length;
    while (index < endIndex) {
      const more = source(index, position);
      if (!more) break;
      index += more.length;
      result += more;
    }
    if (index > endIndex) result = result.slice(0, length);
  }
  return result ?? '';
}

/** The plain cursor with leaf() added, where the fast one cannot be used. */
function plainWalker(cursor: TreeCursor): Walker {
  return Object.assign(cursor, {
    leaf(): LeafFacts {
      const node = cursor.currentNode;
      return { id: node.id, text: node.text, row: node.startPosition.row, column: node.startPosition.column };
    },
  });
}

/**
 * web-tree-sitter's cursor steps cost more in JavaScript than in WASM: each looks up `C._ts_…` in the emscripten module
 * (a dictionary of hundreds of properties), the tree's address and its language, and moves the four cursor words
 * through four generic accessor calls each way. This one does the same calls on the same cursor (it reads and writes
 * the TreeCursor's own `handles`, so the TreeCursor stays valid for what this does not cover: `currentNode`,
 * `nodeIsMissing`, `delete`), with the functions and the tree's address held once.
 */
class FastCursor implements Walker {
  private readonly handles: number[];
  private readonly tree: number;
  private readonly types: string[];
  private readonly fields: (string | null)[];
  private readonly source: TextCallback;
  private heap: Int32Array;

  constructor(private readonly cursor: TreeCursor, private readonly runtime: CursorRuntime) {
    const internals = cursor as unknown as CursorInternals;
    this.handles = internals.handles as number[];
    this.tree = internals.tree![0] as number;
    this.types = internals.tree!.language!.types as string[];
    this.fields = internals.tree!.language!.fields as (string | null)[];
    this.source = internals.tree!.textCallback as TextCallback;
    this.heap = runtime.module.HEAP32;
  }

  /** Writes the cursor into the transfer buffer; the heap view is renewed when memory grew (the old one is then empty). */
  private marshal(): Int32Array {
    let heap = this.heap;
    if (heap.length === 0) heap = this.heap = this.runtime.module.HEAP32;
    const word = this.runtime.word;
    const handles = this.handles;
    heap[word] = handles[0]!;
    heap[word + 1] = handles[1]!;
    heap[word + 2] = handles[2]!;
    heap[word + 3] = handles[3]!;
    return heap;
  }

  private unmarshal(): void {
    let heap = this.heap;
    if (heap.length === 0) heap = this.heap = this.runtime.module.HEAP32;
    const word = this.runtime.word;
    const handles = this.handles;
    handles[0] = heap[word]!;
    handles[1] = heap[word + 1]!;
    handles[2] = heap[word + 2]!;
    handles[3] = heap[word + 3]!;
  }

  get nodeTypeId(): number {
    this.marshal();
    return this.runtime.typeId(this.tree);
  }

  get nodeType(): string {
    return this.types[this.nodeTypeId] || 'ERROR';
  }

  get currentFieldId(): number {
    this.marshal();
    return this.runtime.fieldId(this.tree);
  }

  get currentFieldName(): string | null {
    return this.fields[this.currentFieldId] ?? null;
  }

  get startIndex(): number {
    this.marshal();
    return this.runtime.startIndex(this.tree);
  }

  get endIndex(): number {
    this.marshal();
    return this.runtime.endIndex(this.tree);
  }

  get currentNode(): Node {
    return this.cursor.currentNode;
  }

  leaf(): LeafFacts {
    this.marshal();
    this.runtime.currentNode(this.tree);
    let heap = this.heap;
    if (heap.length === 0) heap = this.heap = this.runtime.module.HEAP32;
    const word = this.runtime.word;
    const id = heap[word]!;
    const startIndex = heap[word + 1]!;
    const row = heap[word + 2]!;
    const column = heap[word + 3]!;
    const endIndex = this.endIndex;
    return { id, text: sourceText(this.source, startIndex, endIndex, { row, column }), row, column };
  }

  get nodeIsMissing(): boolean {
    return this.cursor.nodeIsMissing;
  }

  get nodeIsNamed(): boolean {
    this.marshal();
    return this.runtime.isNamed(this.tree) === 1;
  }

  get startPosition(): { row: number; column: number } {
    this.marshal();
    this.runtime.startPosition(this.tree);
    return this.point();
  }

  get endPosition(): { row: number; column: number } {
    this.marshal();
    this.runtime.endPosition(this.tree);
    return this.point();
  }

  /** The point a position call wrote to the transfer buffer, read as web-tree-sitter's unmarshalPoint reads it. */
  private point(): { row: number; column: number } {
    let heap = this.heap;
    if (heap.length === 0) heap = this.heap = this.runtime.module.HEAP32;
    const word = this.runtime.word;
    return { row: heap[word]! >>> 0, column: heap[word + 1]! >>> 0 };
  }

  gotoFirstChild(): boolean {
    this.marshal();
    const moved = this.runtime.firstChild(this.tree);
    this.unmarshal();
    return moved === 1;
  }

  gotoNextSibling(): boolean {
    this.marshal();
    const moved = this.runtime.nextSibling(this.tree);
    this.unmarshal();
    return moved === 1;
  }

  gotoParent(): boolean {
    this.marshal();
    const moved = this.runtime.parent(this.tree);
    this.unmarshal();
    return moved === 1;
  }

  delete(): void {
    this.cursor.delete();
  }
}

/** Whether the fast cursor reads what web-tree-sitter's own does here (checked once, on the first cursor made). */
let fastCursorAgrees: boolean | undefined;

function agrees(plain: TreeCursor, fast: FastCursor): boolean {
  const internals = plain as unknown as CursorInternals;
  if (!Array.isArray(internals.handles) || internals.handles.length !== 4 || typeof internals.tree?.[0] !== 'number'
    || !Array.isArray(internals.tree.language?.types) || !Array.isArray(internals.tree.language?.fields) || typeof internals.tree.textCallback !== 'function') return false;
  const node = plain.currentNode;
  const leaf = fast.leaf();
  if (leaf.id !== node.id || leaf.text !== node.text || leaf.row !== node.startPosition.row || leaf.column !== node.startPosition.column) return false;
  const probe = plain.copy();
  try {
    const before = [plain.nodeTypeId, plain.startIndex, plain.endIndex, plain.nodeIsNamed, plain.startPosition.row, plain.startPosition.column,
      plain.endPosition.row, plain.endPosition.column, probe.gotoFirstChild(), probe.nodeTypeId, probe.currentFieldId, probe.endIndex,
      probe.nodeIsNamed, probe.endPosition.row, probe.endPosition.column];
    const after = [fast.nodeTypeId, fast.startIndex, fast.endIndex, fast.nodeIsNamed, fast.startPosition.row, fast.startPosition.column,
      fast.endPosition.row, fast.endPosition.column, fast.gotoFirstChild(), fast.nodeTypeId, fast.currentFieldId, fast.endIndex,
      fast.nodeIsNamed, fast.endPosition.row, fast.endPosition.column];
    fast.gotoParent();
    return before.every((value, index) => value === after[index]) && fast.nodeTypeId === plain.nodeTypeId;
  } finally {
    probe.delete();
  }
}

/**
 * A cursor over `scope` (a tree, or one node's subtree: the walk stops at the node), fast where the runtime is the one
 * loadCLanguage() set up, else web-tree-sitter's own. Delete it after use.
 */
export function walk(scope: Tree | Node): Walker {
  const cursor = scope.walk();
  if (!cursorRuntime || fastCursorAgrees === false) return plainWalker(cursor);
  try {
    const fast = new FastCursor(cursor, cursorRuntime);
    fastCursorAgrees ??= agrees(cursor, fast);
    return fastCursorAgrees ? fast : plainWalker(cursor);
  } catch {
    fastCursorAgrees = false;
    return plainWalker(cursor);
  }
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
      const { runtimeWasm } = assets;
      const started = runtimeWasm instanceof WebAssembly.Module
        ? WebAssembly.instantiate(runtimeWasm, imports).then((instance) => ({ instance, module: runtimeWasm }))
        : WebAssembly.instantiate(runtimeWasm as BufferSource, imports);
      started.then(({ instance, module }) => {
        exports = instance.exports as unknown as StackExports;
        receive(instance, module);
      }, failed);
      return {};
    };
    // Emscripten makes this options object the module itself (`var Module = moduleArg`): the accessors are installed on it.
    const moduleObject: Partial<EmscriptenAccessors> = {
      ...(assets.runtimeWasm instanceof Uint8Array ? { wasmBinary: assets.runtimeWasm } : {}), locateFile: (file: string) => file, instantiateWasm,
    } as never;
    await Promise.race([Parser.init(moduleObject), instantiated]);
    installFastAccessors(moduleObject);
    cursorRuntime = bindCursorRuntime(moduleObject as Partial<CursorExports>);
    // Another copy of the runtime may have been initialised first (Parser.init keeps the first module).
    if (exports && typeof exports.emscripten_stack_get_current === 'function') stack = { exports, top: exports.emscripten_stack_get_current() };
    const { grammarWasm } = assets;
    return grammarWasm instanceof WebAssembly.Module ? Language.loadSync(grammarWasm) : Language.load(grammarWasm);
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

/** The characters bracketDepth acts on: every other character is passed over by one native search. */
const BRACKET_OR_QUOTE = /[/"'()[\]{}]/g;

/**
 * The deepest bracket nesting of C text, outside comments, strings and character literals; linear. It runs before
 * every parse, re-reviews too: a character-by-character loop over a 100 KB file cost half a millisecond.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  const next = BRACKET_OR_QUOTE;
  for (let i = 0; i < text.length; i++) {
    next.lastIndex = i;
    const found = next.exec(text);
    if (!found) break;
    i = found.index;
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
