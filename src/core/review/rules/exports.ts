import type { Node, Tree } from 'web-tree-sitter';
import type { RuleContext } from '../rule';
import { calleeName, declaredName, isTopLevel, nodesOfType } from '../syntax';

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
export function ownsExport(context: RuleContext, definition: { name: Node } | undefined): boolean {
  if (definition) return context.isAdded(definition.name.startPosition.row);
  return context.unit.origin !== 'hunks';
}
