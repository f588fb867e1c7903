import { Parser, type Language, type Range, type Tree } from 'web-tree-sitter';
import { bracketDepth, MAX_NESTING, type CParser } from '../c/parser';

/**
 * A unit longer than this many characters is parsed a chunk at a time: tree-sitter's tree of a whole 10 MB file took
 * 167 MB of WASM memory, which never shrinks. Each chunk's tree is judged and deleted before the next is parsed.
 * Files up to this size (kernel/bpf/verifier.c is 717 KB) are parsed whole, as before.
 */
export const CHUNK_CHARS = 1_000_000;

/** One piece of a unit's text, cut where a top-level construct ends; positions are the unit's. */
export interface Chunk {
  startIndex: number;
  endIndex: number;
  /** Row of startIndex (always a line start) and of endIndex. */
  startRow: number;
  endRow: number;
  endColumn: number;
}

const isIdentifierStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0b;

/**
 * Where the text may be cut: starts of lines at which a line scan finds the file at its top level. The line begins in
 * column 0 with a name, a `#` or a comment; before it nothing is open (no brace, parenthesis, bracket, comment, string,
 * `#if` block or line continuation); and the last code before it ends a top-level construct: a `;`, a preprocessor
 * line, or the `}` of a body opened after a `)` (a function; a `}` closing `struct x {` or `= {` may still be
 * followed by attributes and the `;`). Preprocessor lines do not count braces (`#define X {` opens nothing).
 * Linear; every cut found is one a C parser also sees between two top-level declarations.
 */
export function cutPoints(text: string): number[] {
  const cuts: number[] = [];
  let depth = 0; // braces, parentheses and brackets of code
  let conditionals = 0; // #if blocks
  let inComment = false;
  /** The quote of a string literal a line continuation carries on to the next line (0: none). */
  let inString = 0;
  /** The last code character outside comments and strings (0: none yet); a preprocessor line counts as ';'. */
  let last = 0;
  /** The code character before the `{` that opened depth 1 ('' at depth 0). */
  let opener = 0;
  let previousContinues = false;
  /** The line continued is a preprocessor line: the next one is still part of it. */
  let continuedDirective = false;
  let lineStart = 0;
  const n = text.length;
  while (lineStart < n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const first = text.charCodeAt(lineStart);
    if (lineStart > 0 && !previousContinues && !inComment && inString === 0 && depth === 0 && conditionals === 0
      && (last === 0x3b || (last === 0x7d && opener === 0x29))
      && (isIdentifierStart(first) || first === 0x23 || (first === 0x2f && (text.charCodeAt(lineStart + 1) === 0x2a || text.charCodeAt(lineStart + 1) === 0x2f)))) {
      cuts.push(lineStart);
    }
    // A preprocessor line: its own first code character is '#' (after blanks), unless it continues a comment.
    let i = lineStart;
    while (i < lineEnd && isBlank(text.charCodeAt(i))) i++;
    const directive = !inComment && !previousContinues && text.charCodeAt(i) === 0x23;
    if (directive) {
      let j = i + 1;
      while (j < lineEnd && isBlank(text.charCodeAt(j))) j++;
      let k = j;
      while (k < lineEnd && isIdentifierStart(text.charCodeAt(k))) k++;
      const word = text.slice(j, k);
      if (word === 'if' || word === 'ifdef' || word === 'ifndef') conditionals++;
      else if (word === 'endif' && conditionals > 0) conditionals--;
    }
    // Directive lines (and their continuations) are scanned only for comments, which may run on past them.
    const code = !directive && !(previousContinues && continuedDirective);
    if (inString !== 0) {
      i = lineStart;
      while (i < lineEnd && text.charCodeAt(i) !== inString) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      if (i < lineEnd) {
        inString = 0;
        i++;
      }
    }
    for (; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (inComment) {
        if (c === 0x2a && text.charCodeAt(i + 1) === 0x2f) {
          inComment = false;
          i++;
        }
        continue;
      }
      if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
        inComment = true;
        i++;
        continue;
      }
      if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) break;
      if (c === 0x22 || c === 0x27) {
        // A string or character literal ends at its quote or the line's end (a continuation keeps it open: no cut).
        let j = i + 1;
        while (j < lineEnd && text.charCodeAt(j) !== c) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
        // Open at the line's end: a backslash before the newline carries it on.
        if (j >= lineEnd) inString = c;
        i = j;
        if (code) last = c;
        continue;
      }
      if (!code || isBlank(c) || c === 0x5c) continue;
      if (c === 0x7b || c === 0x28 || c === 0x5b) {
        if (depth === 0 && c === 0x7b) opener = last;
        depth++;
      } else if ((c === 0x7d || c === 0x29 || c === 0x5d) && depth > 0) {
        depth--;
      }
      last = c;
    }
    // The line continues when its last character is a backslash (also inside a line comment).
    let end = lineEnd;
    if (end > lineStart && text.charCodeAt(end - 1) === 0x0d) end--;
    const continues = end > lineStart && text.charCodeAt(end - 1) === 0x5c;
    if (directive || (previousContinues && continuedDirective)) {
      continuedDirective = continues;
      if (!continues) last = 0x3b;
    } else {
      continuedDirective = false;
    }
    previousContinues = continues;
    if (!continues) inString = 0;
    lineStart = lineEnd + 1;
  }
  return cuts;
}

/**
 * The unit's text in chunks of about `size` characters (each at least that long but the last), cut at cutPoints();
 * one chunk when the text is no longer than `size`.
 */
export function chunksOf(text: string, size: number): Chunk[] {
  const starts = [0];
  if (text.length > size) {
    for (const cut of cutPoints(text)) if (cut - starts[starts.length - 1]! >= size && text.length - cut > 0) starts.push(cut);
  }
  const chunks: Chunk[] = [];
  let row = 0;
  let at = 0;
  const rowAt = (index: number) => {
    for (let i = text.indexOf('\n', at); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
      row++;
      at = i + 1;
    }
    return row;
  };
  for (let k = 0; k < starts.length; k++) {
    const startIndex = starts[k]!;
    const endIndex = starts[k + 1] ?? text.length;
    const startRow = rowAt(startIndex);
    const endRow = rowAt(endIndex);
    chunks.push({ startIndex, endIndex, startRow, endRow, endColumn: endIndex - at });
  }
  return chunks;
}

/** Parse budget of one chunk: CParser's (2 s plus 10 µs a character). */
const budgetMs = (chars: number) => 2000 + chars * 0.01;

const chunkParsers = new WeakMap<CParser, { parser: Parser; faults: number }>();

/**
 * A parser of its own for chunks (CParser.parse takes no included ranges): it reads the whole unit text but only the
 * chunk's range, so every node's position is the unit's and rules need no shift. Made again after a WASM fault,
 * when CParser has replaced its own parser too.
 */
function chunkParser(owner: CParser): Parser {
  const known = chunkParsers.get(owner);
  if (known && known.faults === owner.faults) return known.parser;
  if (known) {
    try {
      known.parser.delete();
    } catch {
      // Left behind like CParser's own after a fault.
    }
  }
  const probe = owner.parse('');
  let language: Language;
  try {
    language = probe.language;
  } finally {
    probe.delete();
  }
  const parser = new Parser();
  parser.setLanguage(language);
  chunkParsers.set(owner, { parser, faults: owner.faults });
  return parser;
}

/** Refuses text that CParser would refuse (brackets nested too deep for tree-sitter to free its tree). */
export function checkNesting(text: string): void {
  const depth = bracketDepth(text);
  if (depth > MAX_NESTING) throw new Error(`brackets nest ${depth} deep (more than ${MAX_NESTING}): not parsed`);
}

/** The tree of one chunk of `text`: the unit's positions, the chunk's nodes only. */
export function parseChunk(owner: CParser, text: string, chunk: Chunk): Tree {
  const range: Range = {
    startIndex: chunk.startIndex, endIndex: chunk.endIndex,
    startPosition: { row: chunk.startRow, column: 0 }, endPosition: { row: chunk.endRow, column: chunk.endColumn },
  };
  const deadline = Date.now() + budgetMs(chunk.endIndex - chunk.startIndex);
  const tree = chunkParser(owner).parse(text, null, { includedRanges: [range], progressCallback: () => Date.now() > deadline });
  if (!tree) throw new Error('the C parse exceeded its time budget');
  return tree;
}

/**
 * Characters on each side of a cut that must parse cleanly in both chunks for the cut to be kept. tree-sitter's error
 * recovery is not local: a declaration it recovers from near a cut, or an error just after it (recovery may reach back
 * into what came before), parses differently when the text ends or starts there than in the whole unit.
 */
const CLEAN_MARGIN = 2000;

/** Error recovery near the end (`tail`) or the start of a chunk's tree: the cut there may not be where the whole parse cuts. */
function recoversNear(tree: Tree, chunk: Chunk, tail: boolean): boolean {
  const cursor = tree.walk();
  try {
    if (!(tail ? cursor.gotoLastChild() : cursor.gotoFirstChild())) return false;
    do {
      if (tail ? cursor.endIndex < chunk.endIndex - CLEAN_MARGIN : cursor.startIndex > chunk.startIndex + CLEAN_MARGIN) return false;
      if (!cursor.nodeIsNamed || cursor.nodeType === 'ERROR' || cursor.currentNode.hasError) return true;
    } while (tail ? cursor.gotoPreviousSibling() : cursor.gotoNextSibling());
    return false;
  } finally {
    cursor.delete();
  }
}

/** Two neighbouring chunks as one. */
function joined(a: Chunk, b: Chunk): Chunk {
  return { startIndex: a.startIndex, endIndex: b.endIndex, startRow: a.startRow, endRow: b.endRow, endColumn: b.endColumn };
}

/**
 * The trees of a unit's chunks in order, each handed on once its neighbour showed the cut between them clean (so at
 * most two trees live at once); chunks whose cut is not clean are parsed again as one. The caller deletes each tree
 * it is handed (and must take them all, or the last one it did not take is deleted when the generator is closed).
 */
export function* chunkTrees(owner: CParser, text: string, planned: readonly Chunk[]): Generator<{ chunk: Chunk; tree: Tree }> {
  let next = 1;
  let chunk = planned[0]!;
  let tree: Tree | undefined = parseChunk(owner, text, chunk);
  let following: Tree | undefined;
  try {
    while (next < planned.length) {
      const after = planned[next++]!;
      if (recoversNear(tree, chunk, true)) {
        tree.delete();
        tree = undefined;
        chunk = joined(chunk, after);
        tree = parseChunk(owner, text, chunk);
        continue;
      }
      following = parseChunk(owner, text, after);
      if (recoversNear(following, after, false)) {
        following.delete();
        following = undefined;
        tree.delete();
        tree = undefined;
        chunk = joined(chunk, after);
        tree = parseChunk(owner, text, chunk);
        continue;
      }
      const handed = tree;
      tree = undefined;
      yield { chunk, tree: handed };
      chunk = after;
      tree = following;
      following = undefined;
    }
    const last = tree;
    tree = undefined;
    yield { chunk, tree: last };
  } finally {
    tree?.delete();
    following?.delete();
  }
}

const standIns = new WeakMap<CParser, { tree: Tree; faults: number }>();

/** An empty tree that stands in for the unit's in unit rules' contexts when the unit is parsed in chunks. */
export function standInTree(owner: CParser): Tree {
  const known = standIns.get(owner);
  if (known && known.faults === owner.faults) return known.tree;
  const tree = owner.parse('');
  standIns.set(owner, { tree, faults: owner.faults });
  return tree;
}

/** The trees of chunks already known to cut cleanly (chunkTrees() found them), one at a time. */
export function* eachChunkTree(owner: CParser, text: string, chunks: readonly Chunk[]): Generator<{ chunk: Chunk; tree: Tree }> {
  for (const chunk of chunks) yield { chunk, tree: parseChunk(owner, text, chunk) };
}
