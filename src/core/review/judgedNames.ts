import type { Node, Tree } from 'web-tree-sitter';
import { declaredName, nodesOfType } from './syntax';

/** A name the naming rules judge: global or file-scope, a struct member, a type or a macro. */
export interface NameOccurrence {
  name: string;
  node: Node;
}

interface FunctionScope {
  start: number;
  end: number;
  locals: Set<string>;
}

/** The function whose text contains `index` (functions do not nest in C and come in document order). */
function scopeAt(scopes: FunctionScope[], index: number): FunctionScope | undefined {
  let low = 0;
  let high = scopes.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const scope = scopes[middle]!;
    if (index < scope.start) high = middle - 1;
    else if (index >= scope.end) low = middle + 1;
    else return scope;
  }
  return undefined;
}

function declaratorNames(declaration: Node): Node[] {
  return declaration.childrenForFieldName('declarator')
    .map((declarator) => declaredName(declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator))
    .filter((name): name is Node => name !== undefined);
}

/**
 * Names with file or global scope, exported symbols, struct members and macros. Locals and parameters
 * (of definitions, prototypes, function pointers and macros) are skipped: coding-style.rst wants them short.
 */
export function judgedNames(tree: Tree): NameOccurrence[] {
  const scopes = nodesOfType(tree, ['function_definition']).map((node) => ({ start: node.startIndex, end: node.endIndex, locals: new Set<string>() }));
  const parameterIds = new Set<number>();
  for (const parameter of nodesOfType(tree, ['parameter_declaration'])) {
    const name = declaredName(parameter.childForFieldName('declarator'));
    if (!name) continue;
    parameterIds.add(name.id);
    scopeAt(scopes, parameter.startIndex)?.locals.add(name.text);
  }
  for (const macroParameters of nodesOfType(tree, ['preproc_params'])) {
    for (const name of macroParameters.namedChildren) parameterIds.add(name.id);
  }
  for (const declaration of nodesOfType(tree, ['declaration'])) {
    const scope = scopeAt(scopes, declaration.startIndex);
    if (scope) for (const name of declaratorNames(declaration)) scope.locals.add(name.text);
  }
  return nodesOfType(tree, ['identifier', 'field_identifier', 'type_identifier'])
    .filter((node) => !isErrnoCode(node.text))
    .filter((node) => node.type !== 'identifier' || (!parameterIds.has(node.id) && !scopeAt(scopes, node.startIndex)?.locals.has(node.text)))
    .filter((node) => node.type !== 'identifier' || !insideRecoveredFragment(node))
    .map((node) => ({ name: node.text, node }));
}

/** `ENODEV`, `EOPNOTSUPP`: the errno names of include/uapi/asm-generic/errno*.h belong to the kernel, not the patch. */
function isErrnoCode(name: string): boolean {
  return /^E[A-Z0-9]{2,}$/.test(name);
}

/**
 * A hunk that starts inside a function body parses as statements at file scope (tree-sitter accepts them there,
 * or wraps them in ERROR): its names are locals whose declarations the hunk left out (`rc = …`).
 */
function insideRecoveredFragment(node: Node): boolean {
  let fragment = false;
  for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
    if (ancestor.type === 'function_definition') return false;
    if (ancestor.type === 'ERROR' || ancestor.type.endsWith('_statement')) fragment = true;
  }
  return fragment;
}
