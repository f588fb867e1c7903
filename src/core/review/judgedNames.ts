import type { Node, Tree } from 'web-tree-sitter';
import { declaredName, nodesOfType } from './syntax';

/** A name the naming rules look at, and whether this occurrence declares it. */
export interface NameOccurrence {
  name: string;
  node: Node;
  /** True where the occurrence declares or defines the name (function, global, tag, member, typedef, macro, enumerator). */
  declares: boolean;
  /** A declaration inside a function body (a local struct's tag or members): as local as the function's variables. */
  local?: boolean;
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

/** Declarator wrappers a declared name climbs through to reach its declaration. */
const declaratorTypes = new Set([
  'pointer_declarator', 'function_declarator', 'array_declarator', 'parenthesized_declarator', 'init_declarator',
  'attributed_declarator', 'type_qualifier',
]);
const declaringTypes = new Set(['function_definition', 'declaration', 'field_declaration', 'type_definition']);

function isChildInField(parent: Node, child: Node, field: string): boolean {
  return parent.childrenForFieldName(field).some((candidate) => candidate.id === child.id);
}

/**
 * True where `node` is the name a declaration introduces: the declarator of a function, a file-scope or member
 * declaration, a typedef; the tag of a struct/union/enum with a body; an enumerator; a macro's name.
 */
function declaresName(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'preproc_def':
    case 'preproc_function_def':
    case 'enumerator':
      return isChildInField(parent, node, 'name');
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      return isChildInField(parent, node, 'name') && parent.childForFieldName('body') !== null;
  }
  let current = node;
  for (let above = current.parent; above && declaratorTypes.has(above.type); above = above.parent) {
    if (above.type !== 'parenthesized_declarator' && !isChildInField(above, current, 'declarator')) return false;
    current = above;
  }
  const declaration = current.parent;
  return declaration !== null && declaringTypes.has(declaration.type) && isChildInField(declaration, current, 'declarator');
}

/**
 * Names with file or global scope, struct members, types, enumerators and macros, declared or used. Locals and
 * parameters (of definitions, prototypes, function pointers and macros) are skipped: coding-style.rst wants them short.
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
  for (const call of nodesOfType(tree, ['call_expression'])) {
    const scope = scopeAt(scopes, call.startIndex);
    if (scope) for (const name of macroDeclaredLocals(call)) scope.locals.add(name);
  }
  return nodesOfType(tree, ['identifier', 'field_identifier', 'type_identifier'])
    // A name inside a concatenated string is a format macro (`"%" PRIu64`) or a string the parser lost track of.
    .filter((node) => !isErrnoCode(node.text) && node.parent?.type !== 'concatenated_string' && !insideError(node))
    .filter((node) => node.type !== 'identifier' || (!parameterIds.has(node.id) && !scopeAt(scopes, node.startIndex)?.locals.has(node.text)))
    .filter((node) => node.type !== 'identifier' || !insideRecoveredFragment(node))
    .filter((node) => !insideMacroParameters(node))
    .map((node) => {
      const declares = declaresName(node);
      return { name: node.text, node, declares, ...(declares && insideBody(node) ? { local: true } : {}) };
    });
}

/** Inside a function's braces (a struct declared there, its members): not the function's own name or parameters. */
function insideBody(node: Node): boolean {
  for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) if (ancestor.type === 'compound_statement') return true;
  return false;
}

/** Text tree-sitter could not parse (a string split by `#ifdef`, a macro it cannot read): its "names" are guesses. */
function insideError(node: Node): boolean {
  for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) if (ancestor.type === 'ERROR') return true;
  return false;
}

/**
 * `LIST_HEAD(pages);`, `DEFINE_WAIT(wait);`, `DECLARE_BITMAP(mask, 64);` as a statement: an upper-case macro
 * that declares its first argument as a local variable.
 */
function macroDeclaredLocals(call: Node): string[] {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' || callee.text !== callee.text.toUpperCase() || call.parent?.type !== 'expression_statement') return [];
  const first = call.childForFieldName('arguments')?.namedChild(0);
  return first?.type === 'identifier' ? [first.text] : [];
}

/** `ENODEV`, `EOPNOTSUPP`: the errno names of include/uapi/asm-generic/errno*.h belong to the kernel, not the patch. */
function isErrnoCode(name: string): boolean {
  return /^E[A-Z0-9]{2,}$/.test(name);
}

function insideMacroParameters(node: Node): boolean {
  return node.parent?.type === 'preproc_params';
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
