import type { Node, Tree } from 'web-tree-sitter';
import { placed, type Collected, type RuleContext, type UnitRange } from '../rule';
import { calleeName, declaredName, isTopLevel, nodeRange, nodesOfType } from '../syntax';
import { ancestorsBelow } from '../topLevelFinder';

const exportMacros = /^EXPORT_SYMBOL(?:_GPL)?(?:_NS(?:_GPL)?)?$/;

/** One `EXPORT_SYMBOL*(name)` of a unit. */
export interface ExportedSymbol {
  name: string;
  /** The identifier inside the macro's parentheses. */
  symbol: Node;
}

/** Three rules ask for a unit's exports and definitions: found once per tree. */
const exportsCache = new WeakMap<Tree, ExportedSymbol[]>();
const definitionsCache = new WeakMap<Tree, Map<string, { node: Node; name: Node }>>();

/** Every export of the unit, context lines included (the file's other exports tell its prefix). */
export function exportsOf(tree: Tree): ExportedSymbol[] {
  let found = exportsCache.get(tree);
  if (!found) exportsCache.set(tree, (found = findExports(tree)));
  return found;
}

function findExports(tree: Tree): ExportedSymbol[] {
  const found: ExportedSymbol[] = [];
  for (const call of nodesOfType(tree, ['call_expression'])) {
    if (!exportMacros.test(calleeName(call) ?? '')) continue;
    const symbol = call.childForFieldName('arguments')?.namedChild(0);
    if (symbol?.type === 'identifier') found.push({ name: symbol.text, symbol });
  }
  return found;
}

/** File-scope function definitions and variable declarations by name: where an exported symbol is defined. */
export function definitionsOf(tree: Tree): Map<string, { node: Node; name: Node }> {
  let found = definitionsCache.get(tree);
  if (!found) definitionsCache.set(tree, (found = findDefinitions(tree)));
  return found;
}

function findDefinitions(tree: Tree): Map<string, { node: Node; name: Node }> {
  const definitions = new Map<string, { node: Node; name: Node }>();
  for (const node of nodesOfType(tree, ['function_definition'])) {
    const name = declaredName(node.childForFieldName('declarator'));
    if (name) definitions.set(name.text, { node, name });
  }
  for (const node of nodesOfType(tree, ['declaration'])) {
    if (!isTopLevel(node)) continue;
    for (const declarator of node.childrenForFieldName('declarator')) {
      const name = declaredName(declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator);
      // A prototype (`int f(void);`) declares without defining: the definition, if any, wins.
      if (name && declarator.type !== 'function_declarator' && !definitions.has(name.text)) definitions.set(name.text, { node, name });
    }
  }
  return definitions;
}

/**
 * True when the patch owns the exported name: its definition is on a line the patch adds. A name defined on a context
 * line, or not in view at all in a hunk, is an existing kernel symbol the patch merely exports (or one we cannot see):
 * its name is not the author's choice now. Whole files and new files judge what they cannot see as their own.
 */
export function ownsExport(context: RuleContext, definition: Definition | undefined): boolean {
  if (definition) return context.isAdded(definition.nameRange.start.line);
  return context.unit.origin !== 'hunks';
}

/** What stands above a function inside an `#if` block (a top-level one is read from the unit's top-level nodes). */
export interface AboveFacts {
  /** A kernel-doc comment among the comments right above it. */
  kernelDoc: boolean;
  /** End row of the nearest sibling before it that is no comment; undefined when only comments precede it. */
  previousEnd: number | undefined;
}

/** What one top-level declaration contributes to the export rules (Rule.collect): names and ranges, no nodes. */
export interface ExportFacts {
  exports: { name: string; range: UnitRange }[];
  /** `span` is the whole definition's; `above` is collected (when asked) for a function below the top level. */
  functions: { name: string; range: UnitRange; span: UnitRange; above?: AboveFacts }[];
  /** File-scope variable declarations (not prototypes). */
  variables: { name: string; range: UnitRange; span: UnitRange }[];
}

/** True for a `/** … *\/` comment (not the empty `/**\/`). */
export function isKernelDocText(text: string): boolean {
  return text.startsWith('/**') && !text.startsWith('/**/');
}

/**
 * What stands above `node` among its siblings under `root` (its top-level declaration): the siblings are found from the
 * parent reached downwards from `root`, since `previousSibling` asks tree-sitter for the parent, which it finds by
 * descending from the tree's root past every earlier declaration.
 */
function aboveWithin(root: Node, node: Node): AboveFacts {
  const parent = ancestorsBelow(root, node).at(-1);
  const siblings = parent ? parent.children : [];
  let index = siblings.findIndex((child) => child?.id === node.id);
  let kernelDoc = false;
  let previous = index > 0 ? siblings[--index] : undefined;
  while (previous?.type === 'comment') {
    if (isKernelDocText(previous.text)) kernelDoc = true;
    previous = index > 0 ? siblings[--index] : undefined;
  }
  return { kernelDoc, previousEnd: previous ? previous.endPosition.row : undefined };
}

/**
 * The exports and definitions of one top-level declaration, for the engine to keep while it is unchanged; with
 * `above`, also what stands above each function below the top level (kernel-doc needs it, and judge() has no tree of
 * a unit parsed in chunks to look it up in).
 */
export function collectExports(context: RuleContext, above = false): ExportFacts | undefined {
  const facts: ExportFacts = { exports: [], functions: [], variables: [] };
  for (const call of nodesOfType(context.root, ['call_expression'])) {
    if (!exportMacros.test(calleeName(call) ?? '')) continue;
    const symbol = call.childForFieldName('arguments')?.namedChild(0);
    if (symbol?.type === 'identifier') facts.exports.push({ name: symbol.text, range: nodeRange(symbol) });
  }
  for (const node of nodesOfType(context.root, ['function_definition'])) {
    const name = declaredName(node.childForFieldName('declarator'));
    if (!name) continue;
    const item: ExportFacts['functions'][number] = { name: name.text, range: nodeRange(name), span: nodeRange(node) };
    if (above && node.id !== context.root.id) item.above = aboveWithin(context.root, node);
    facts.functions.push(item);
  }
  // File scope is the judged top-level node itself (isTopLevel would list the root's children of every new tree).
  for (const node of nodesOfType(context.root, ['declaration'])) {
    if (node.id !== context.root.id) continue;
    for (const declarator of node.childrenForFieldName('declarator')) {
      const name = declaredName(declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator);
      if (name && declarator.type !== 'function_declarator') facts.variables.push({ name: name.text, range: nodeRange(name), span: nodeRange(node) });
    }
  }
  return facts.exports.length + facts.functions.length + facts.variables.length > 0 ? facts : undefined;
}

/** A collected definition, from the facts alone: judge() reads no tree (a unit parsed in chunks has none whole). */
export interface Definition {
  /** The definition node's type, known from the facts: a function's span is its function_definition's. */
  kind: 'function_definition' | 'declaration';
  /** Where its name stands in the current tree (the facts' range, moved with its declaration). */
  nameRange: UnitRange;
  span: UnitRange;
  /** What stands above a function below the top level (collected with `above`). */
  above?: AboveFacts;
}

/** One collected `EXPORT_SYMBOL*(name)`: the range is the identifier's inside the parentheses. */
export interface CollectedExport {
  name: string;
  range: UnitRange;
}

/** exportsOf() over collected facts: every export of the unit in document order. */
export function exportsFrom(collected: readonly Collected<ExportFacts>[]): CollectedExport[] {
  const found: CollectedExport[] = [];
  for (const { facts, rows } of collected) {
    for (const item of facts.exports) found.push({ name: item.name, range: placed(item.range, rows) });
  }
  return found;
}

/**
 * definitionsOf() over collected facts, with the same precedence: the last function definition, else the first
 * variable. Only of the `wanted` names when given (the exported ones: a file defines far more than it exports).
 */
export function definitionsFrom(collected: readonly Collected<ExportFacts>[], wanted?: ReadonlySet<string>): Map<string, Definition> {
  const found = new Map<string, { item: ExportFacts['functions'][number] | ExportFacts['variables'][number]; rows: number; kind: Definition['kind'] }>();
  for (const { facts, rows } of collected) {
    for (const item of facts.functions) if (!wanted || wanted.has(item.name)) found.set(item.name, { item, rows, kind: 'function_definition' });
  }
  for (const { facts, rows } of collected) {
    for (const item of facts.variables) {
      if ((!wanted || wanted.has(item.name)) && !found.has(item.name)) found.set(item.name, { item, rows, kind: 'declaration' });
    }
  }
  const definitions = new Map<string, Definition>();
  for (const [name, { item, rows, kind }] of found) {
    const above = 'above' in item ? item.above : undefined;
    // Its row moves with the declaration too: facts reused from an earlier review were collected where it stood then.
    const movedAbove = above && { ...above, previousEnd: above.previousEnd === undefined ? undefined : above.previousEnd + rows };
    definitions.set(name, { kind, nameRange: placed(item.range, rows), span: placed(item.span, rows), ...(movedAbove ? { above: movedAbove } : {}) });
  }
  return definitions;
}
