import type { Node, Tree } from 'web-tree-sitter';
import { placed, type Collected, type RuleContext, type UnitRange } from '../rule';
import { calleeName, declaredName, isTopLevel, nodeRange, nodesOfType } from '../syntax';

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

/** What one top-level declaration contributes to the export rules (Rule.collect): names and ranges, no nodes. */
export interface ExportFacts {
  exports: { name: string; range: UnitRange }[];
  /** `span` is the whole definition's: its node is found by descending to it, never by parent walks from the name. */
  functions: { name: string; range: UnitRange; span: UnitRange }[];
  /** File-scope variable declarations (not prototypes). */
  variables: { name: string; range: UnitRange; span: UnitRange }[];
}

/** The exports and definitions of one top-level declaration, for the engine to keep while it is unchanged. */
export function collectExports(context: RuleContext): ExportFacts | undefined {
  const facts: ExportFacts = { exports: [], functions: [], variables: [] };
  for (const call of nodesOfType(context.root, ['call_expression'])) {
    if (!exportMacros.test(calleeName(call) ?? '')) continue;
    const symbol = call.childForFieldName('arguments')?.namedChild(0);
    if (symbol?.type === 'identifier') facts.exports.push({ name: symbol.text, range: nodeRange(symbol) });
  }
  for (const node of nodesOfType(context.root, ['function_definition'])) {
    const name = declaredName(node.childForFieldName('declarator'));
    if (name) facts.functions.push({ name: name.text, range: nodeRange(name), span: nodeRange(node) });
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

/**
 * The smallest node of the current tree covering a collected range, or its nearest ancestor of `type` (tree-sitter
 * finds a parent by descending from the root, so the walk up is only for a range that did not land on the node).
 */
function nodeAt(tree: Tree, range: UnitRange, type?: string): Node {
  let node = tree.rootNode.descendantForPosition(
    { row: range.start.line, column: range.start.column }, { row: range.end.line, column: range.end.column },
  ) ?? tree.rootNode;
  while (type && node.type !== type && node.parent) node = node.parent;
  return node;
}

/** A collected definition: what the facts say at once, its nodes looked up in the current tree only when read. */
export interface Definition {
  node: Node;
  name: Node;
  /** The definition node's type, known from the facts: a function's span is its function_definition's. */
  kind: 'function_definition' | 'declaration';
  /** Where its name stands in the current tree (the facts' range, moved with its declaration). */
  nameRange: UnitRange;
  span: UnitRange;
}

/** A definition whose nodes are looked up in the current tree only when a rule reads them (few exports, many definitions). */
function lazyDefinition(tree: Tree, range: UnitRange, span: UnitRange, type: Definition['kind']): Definition {
  let name: Node | undefined;
  let node: Node | undefined;
  return {
    kind: type,
    nameRange: range,
    span,
    get name() {
      return (name ??= nodeAt(tree, range));
    },
    get node() {
      return (node ??= nodeAt(tree, span, type));
    },
  };
}

/** exportsOf() over collected facts: every export of the unit in document order, its symbol looked up when read. */
export function exportsFrom(context: RuleContext, collected: readonly Collected<ExportFacts>[]): ExportedSymbol[] {
  const found: ExportedSymbol[] = [];
  for (const { facts, rows } of collected) {
    for (const item of facts.exports) {
      const range = placed(item.range, rows);
      let symbol: Node | undefined;
      found.push({
        name: item.name,
        get symbol() {
          return (symbol ??= nodeAt(context.tree, range));
        },
      });
    }
  }
  return found;
}

/**
 * definitionsOf() over collected facts, with the same precedence: the last function definition, else the first
 * variable. Only of the `wanted` names when given (the exported ones: a file defines far more than it exports).
 */
export function definitionsFrom(
  context: RuleContext, collected: readonly Collected<ExportFacts>[], wanted?: ReadonlySet<string>,
): Map<string, Definition> {
  const found = new Map<string, { item: ExportFacts['functions'][number]; rows: number; kind: Definition['kind'] }>();
  for (const { facts, rows } of collected) {
    for (const item of facts.functions) if (!wanted || wanted.has(item.name)) found.set(item.name, { item, rows, kind: 'function_definition' });
  }
  for (const { facts, rows } of collected) {
    for (const item of facts.variables) {
      if ((!wanted || wanted.has(item.name)) && !found.has(item.name)) found.set(item.name, { item, rows, kind: 'declaration' });
    }
  }
  const definitions = new Map<string, Definition>();
  for (const [name, { item, rows, kind }] of found) definitions.set(name, lazyDefinition(context.tree, placed(item.range, rows), placed(item.span, rows), kind));
  return definitions;
}
