import { Parser, type Language, type Range, type Tree } from 'web-tree-sitter';
import { bracketDepth, MAX_NESTING, type CParser } from '../c/parser';
import { lineOfOffset, lineStartsOf } from '../text/lineOfOffset';

/**
 * A unit longer than this many characters is parsed a chunk at a time: tree-sitter's tree of a whole 10 MB file took
 * 167 MB of WASM memory, which never shrinks. Each chunk's tree is judged and deleted before the next is parsed.
 * Files up to this size (kernel/bpf/verifier.c is 717 KB) are parsed whole, as before.
 */
export const CHUNK_CHARS = 1_000_000;

/**
 * One piece of a unit's text as parsed: [startIndex, endIndex), a run of whole lines (the last may end mid-line). Its
 * top-level nodes starting before `judgedEnd` are its own; those after it (the slack) are the next chunk's, parsed
 * here only so that error recovery before the cut sees what follows, as in the whole unit.
 */
export interface Chunk {
  startIndex: number;
  endIndex: number;
  judgedEnd: number;
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
 * Characters on each side of a cut that must parse cleanly for the cut to be kept. tree-sitter's error recovery is not
 * local: a declaration it recovers from near a cut, or an error just after it (recovery may reach back into what came
 * before), parses differently when the text ends or starts there than in the whole unit.
 */
const CLEAN_MARGIN = 2000;


/** Index of the first entry of `sorted` that is >= value (sorted.length when none). */
function ceilingIndex(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Top-level nodes of the tree ending after `from`: where they stand and whether error recovery made them. */
function tailNodes(tree: Tree, from: number): { start: number; end: number; recovered: boolean }[] {
  const found: { start: number; end: number; recovered: boolean }[] = [];
  const cursor = tree.walk();
  try {
    if (!cursor.gotoFirstChild()) return found;
    do {
      if (cursor.endIndex <= from) continue;
      const recovered = !cursor.nodeIsNamed || cursor.nodeType === 'ERROR' || cursor.currentNode.hasError;
      found.push({ start: cursor.startIndex, end: cursor.endIndex, recovered });
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
  return found;
}

/**
 * The first cut at or after `from` (and no later than `to`) where the tree has a boundary between top-level nodes
 * and no recovered node within CLEAN_MARGIN on either side; undefined when there is none.
 */
function cleanCut(tree: Tree, cuts: readonly number[], from: number, to: number): number | undefined {
  const nodes = tailNodes(tree, from - CLEAN_MARGIN);
  let first = 0;
  for (let k = ceilingIndex(cuts, from); k < cuts.length && cuts[k]! <= to; k++) {
    const cut = cuts[k]!;
    while (first < nodes.length && nodes[first]!.end <= cut - CLEAN_MARGIN) first++;
    let clean = true;
    for (let n = first; n < nodes.length && nodes[n]!.start < cut + CLEAN_MARGIN; n++) {
      const node = nodes[n]!;
      if ((node.start < cut && cut < node.end) || node.recovered) {
        clean = false;
        break;
      }
    }
    if (clean) return cut;
  }
  return undefined;
}

/**
 * The unit's text as trees of chunks of about `size` characters, in order, one tree at a time (the caller deletes each
 * tree it is handed; one it did not take is deleted when the generator is closed). Each chunk is parsed with some
 * slack past the place it should end and cut at the first clean cut point (cutPoints()) there; when the slack holds
 * none, the chunk is parsed again with twice the slack. One chunk when the text is no longer than `size`.
 */
export function* chunkTrees(owner: CParser, text: string, size: number): Generator<{ chunk: Chunk; tree: Tree }> {
  const cuts = text.length > size ? cutPoints(text) : [];
  const lines = lineStartsOf(text);
  const chunkOf = (startIndex: number, endIndex: number, judgedEnd: number): Chunk => {
    const endRow = lineOfOffset(lines, endIndex);
    return { startIndex, endIndex, judgedEnd, startRow: lineOfOffset(lines, startIndex), endRow, endColumn: endIndex - lines[endRow]! };
  };
  let start = 0;
  while (start < text.length || start === 0) {
    const wanted = start + size;
    let slack = Math.max(4 * CLEAN_MARGIN, size >> 4);
    for (;;) {
      const k = ceilingIndex(cuts, wanted + slack);
      const end = wanted >= text.length || k >= cuts.length ? text.length : cuts[k]!;
      const parsed = parseChunk(owner, text, chunkOf(start, end, end));
      let tree: Tree | undefined = parsed;
      try {
        const cut = end === text.length && wanted >= text.length ? undefined : cleanCut(parsed, cuts, wanted, end - CLEAN_MARGIN);
        if (cut !== undefined || end === text.length) {
          const chunk = chunkOf(start, end, cut ?? text.length);
          tree = undefined;
          yield { chunk, tree: parsed };
          start = chunk.judgedEnd;
          break;
        }
      } finally {
        tree?.delete();
      }
      slack *= 2;
    }
    if (start >= text.length) return;
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

/** The trees of chunks chunkTrees() already cut, parsed again one at a time. */
export function* eachChunkTree(owner: CParser, text: string, chunks: readonly Chunk[]): Generator<{ chunk: Chunk; tree: Tree }> {
  for (const chunk of chunks) yield { chunk, tree: parseChunk(owner, text, chunk) };
}
