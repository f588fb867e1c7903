import type { Node, Tree } from 'web-tree-sitter';
import { walk } from '../../c/parser';
import type { ParsedDocument } from '../../patch/types';
import { checkByCollecting, type Rule, type RuleContext, type TopLevelNode } from '../rule';
import { collectExports, definitionsFrom, exportsFrom, isKernelDocText, type Definition, type ExportFacts } from './exports';
import { holdsFirstLine } from './missingSpdx';
import { holdsWholeSeries, usedElsewhere } from './unusedExport';

/**
 * A kernel-doc comment is a `/** … *\/` block above the definition. Blank lines may separate them, and so may other
 * comments (a `/* locking: … *\/` note); any code in between means the block documents something else.
 */
export function hasKernelDoc(definition: Node): boolean {
  for (let previous = definition.previousSibling; previous?.type === 'comment'; previous = previous.previousSibling) {
    if (previous.text.startsWith('/**') && !previous.text.startsWith('/**/')) return true;
  }
  return false;
}

/**
 * True when the document shows what stands above the definition up to the code before it: those lines sit on
 * consecutive document lines of one hunk. A reply may have cut a kernel-doc block away, a hunk may start at the
 * function; then the absence of a comment proves nothing.
 * `previousEnd` is the row where the code before the definition ends (undefined: nothing before it).
 */
function linesInView(context: RuleContext, previousEnd: number | undefined, end: number): boolean {
  const { unit, document } = context;
  if (previousEnd === undefined && !holdsFirstLine(document, unit)) return false;
  for (let row = previousEnd ?? 0; row < end; row++) {
    const line = unit.lines[row];
    const next = unit.lines[row + 1];
    if (line?.docLine === undefined || next?.docLine !== line.docLine + 1 || line.hunk !== next.hunk) return false;
  }
  return true;
}

/** What stands above one top-level definition: read for all of them in one pass over the root's children. */
interface Above {
  /** The top-level node's type: only a function_definition's entry answers for a function starting there. */
  type: string;
  kernelDoc: boolean;
  /** End row of the nearest sibling before it that is no comment; undefined when only comments precede it. */
  previousEnd: number | undefined;
}

const aboveByTree = new WeakMap<Tree, Map<string, Above>>();
const aboveByOutline = new WeakMap<readonly TopLevelNode[], Map<string, Above>>();

/** The root's children in order, from one cursor pass (or from the engine's outline of a unit parsed in chunks). */
function* rootChildren(context: RuleContext): Generator<TopLevelNode> {
  if (context.topLevel) {
    yield* context.topLevel;
    return;
  }
  const cursor = walk(context.tree);
  try {
    if (!cursor.gotoFirstChild()) return;
    do {
      const start = cursor.startPosition;
      yield { type: cursor.nodeType, startIndex: cursor.startIndex, row: start.row, column: start.column, endRow: cursor.endPosition.row };
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
}

/**
 * hasKernelDoc() and aboveInView()'s starting row for every top-level node, keyed by its start (`row:column`), from one
 * pass: `previousSibling` asks tree-sitter for the parent, which it finds by descending from the root past
 * every earlier declaration, so asking it per exported function made the rule quadratic in the file's size.
 */
function aboveTopLevel(context: RuleContext): Map<string, Above> {
  const cached = context.topLevel ? aboveByOutline.get(context.topLevel) : aboveByTree.get(context.tree);
  if (cached) return cached;
  const found = new Map<string, Above>();
  const text = context.unit.text;
  let kernelDoc = false;
  let previousEnd: number | undefined;
  for (const node of rootChildren(context)) {
    found.set(`${node.row}:${node.column}`, { type: node.type, kernelDoc, previousEnd });
    if (node.type === 'comment') {
      if (isKernelDocText(text.slice(node.startIndex, node.startIndex + 4))) kernelDoc = true;
    } else {
      kernelDoc = false;
      previousEnd = node.endRow;
    }
  }
  if (context.topLevel) aboveByOutline.set(context.topLevel, found);
  else aboveByTree.set(context.tree, found);
  return found;
}

/** What stands above a collected function: from the one pass for a top-level one, from its facts for one in an `#if` block. */
function aboveOf(context: RuleContext, definition: Definition): Above {
  const top = aboveTopLevel(context).get(`${definition.span.start.line}:${definition.span.start.column}`);
  if (top?.type === 'function_definition') return top;
  const above = definition.above ?? { kernelDoc: false, previousEnd: undefined };
  return { type: definition.kind, ...above };
}

const KERNEL_DOC_HEADER = /\/\*\*\s*\n\s*\*\s*([A-Za-z_]\w*)(?:\(\))?\s+-/g;
const documentedNames = new WeakMap<ParsedDocument, Set<string>>();

/**
 * The names some file of the document carries a kernel-doc block for (`/**` then `* name() - …`): some subsystems
 * document the API at its prototype in the header, and kernel-doc accepts that. One scan of each unit's text per
 * document: a search per exported name made the rule quadratic on big files.
 */
function documentedInDocument(document: ParsedDocument): Set<string> {
  let names = documentedNames.get(document);
  if (!names) {
    names = new Set(document.units.flatMap((unit) => [...unit.text.matchAll(KERNEL_DOC_HEADER)].map((match) => match[1]!)));
    documentedNames.set(document, names);
  }
  return names;
}

export const exportedSymbolKernelDoc: Rule<ExportFacts> = {
  id: 'exported-symbol-kernel-doc',
  defaultSeverity: 'info',
  title: 'Exported function without kernel-doc',
  checkpatchTypes: [],
  rationale: [
    'An exported function is an API other modules call. `Documentation/doc-guide/kernel-doc.rst` asks that every exported',
    'function carries a kernel-doc comment (`/** name() - what it does … Return: … */`) above its definition, and',
    '`Documentation/process/coding-style.rst` ("Commenting") points there. Blank lines or plain comments between the block and',
    'the definition do not break the link, and a kernel-doc block at the prototype in a header of the document counts too.',
    'Only functions the patch defines are judged: exporting an existing function',
    'does not make its documentation the author\'s task; nor is a function in a file whose existing exports mostly go without',
    'kernel-doc (the file\'s convention), nor an export a whole series never uses (unused-export asks to drop it). checkpatch.pl',
    'has no such rule.',
  ].join('\n'),
  check(context) {
    checkByCollecting(exportedSymbolKernelDoc, context);
  },
  // Exports and definitions are collected per declaration and kept with it: an edit re-reads only what it touched.
  collect: (context) => collectExports(context, true),
  judge(context, collected) {
    const exported = exportsFrom(collected);
    if (exported.length === 0) return;
    const names = new Set(exported.map((item) => item.name));
    const definitions = definitionsFrom(collected, names);
    const functions = [...names]
      .map((name) => ({ name, definition: definitions.get(name) }))
      .filter((item): item is { name: string; definition: Definition } => item.definition?.kind === 'function_definition');
    const houseStyle = houseStyleOf(context, functions);
    for (const { name, definition } of functions) {
      if (!context.isAdded(definition.nameRange.start.line)) continue;
      const above = aboveOf(context, definition);
      if (above.kernelDoc || !linesInView(context, above.previousEnd, definition.span.start.line)) continue;
      if (documentedInDocument(context.document).has(name) || houseStyle.leavesUndocumented(name)) continue;
      // An export nothing in the whole series uses should go, not be documented: unused-export says so instead.
      if (holdsWholeSeries(context.document) && !usedElsewhere(context.document, name, context.unit.path)) continue;
      context.report({ range: definition.nameRange, message: `exported function '${name}' has no kernel-doc comment` });
    }
  },
};

/**
 * The file's own existing exports show it does not document them when fewer than half of at least two carry
 * kernel-doc: a maintainer keeps the file's convention and does not ask one newcomer for what the file never had.
 * Existing means on context lines of a patch; in a whole file, every other export. A new file has no convention yet.
 * Counted once per unit (a count per judged name made the rule quadratic on big files).
 */
function houseStyleOf(context: RuleContext, functions: { name: string; definition: Definition }[]): { leavesUndocumented(name: string): boolean } {
  if (context.unit.origin === 'new-file') return { leavesUndocumented: () => false };
  const existing = functions.filter((item) => context.unit.origin === 'whole-file' || !context.isAdded(item.definition.nameRange.start.line));
  const documented = new Set(existing.filter((item) => aboveOf(context, item.definition).kernelDoc).map((item) => item.name));
  const existingNames = new Set(existing.map((item) => item.name));
  return {
    leavesUndocumented(name) {
      const others = existingNames.size - (existingNames.has(name) ? 1 : 0);
      const documentedOthers = documented.size - (documented.has(name) ? 1 : 0);
      return others >= 2 && documentedOthers * 2 < others;
    },
  };
}
