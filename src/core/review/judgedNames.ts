import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import { declaredName, nodesOfType } from './syntax';

/** A name the naming rules look at, and whether this occurrence declares it. */
export interface NameOccurrence {
  name: string;
  node: Node;
  /** True where the occurrence declares or defines the name (function, global, tag, member, typedef, macro, enumerator). */
  declares: boolean;
  /** A declaration inside a function body (a local struct's tag or members): as local as the function's variables. */
  local?: boolean;
  /** The macro definition (`preproc_def`, `preproc_function_def`) or `enumerator` a declaring name is the name of. */
  definition?: Node;
  /** The declaration, field declaration, typedef or function definition a declaring declarator belongs to. */
  declaration?: Node;
  /** The declarator climbs to its declaration through pointer and array declarators only (`u32 *regs[4]`). */
  plainDeclarator?: boolean;
}

/** What one walk over a unit's tree finds: the judged names, and the names it uses that come from elsewhere. */
export interface UnitNames {
  occurrences: NameOccurrence[];
  /** Upper-case identifiers used (not declared) anywhere, locals' code included: constants from headers or the unit. */
  usedConstants: Set<string>;
  /** Members reached through `.` or `->`: the names of structures the code works with. */
  usedMembers: Set<string>;
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
const nameTypes = new Set(['identifier', 'field_identifier', 'type_identifier']);
/** Ancestors whose node a name's judgement needs (the others are known by type and field alone). */
const keptTypes = new Set([
  'preproc_def', 'preproc_function_def', 'enumerator', 'struct_specifier', 'union_specifier', 'enum_specifier', ...declaringTypes,
]);

/** One ancestor on the walk's path: its type, the field it fills in its parent, and its node when kept. */
interface Frame {
  type: string;
  field: string | null;
  node: Node | undefined;
}

interface Declaring {
  declares: boolean;
  definition?: Node;
  declaration?: Node;
  plainDeclarator?: boolean;
}

/**
 * True where a name (filling `field` of the top frame) is the name a declaration introduces: the declarator of a
 * function, a file-scope or member declaration, a typedef; the tag of a struct/union/enum with a body; an enumerator;
 * a macro's name. Read from the walk's path: `Node.parent` searches down from the root, so asking it of every name
 * made the rule quadratic in the number of top-level declarations.
 */
function declaring(path: readonly Frame[], field: string | null): Declaring {
  const parent = path[path.length - 1];
  if (!parent) return { declares: false };
  switch (parent.type) {
    case 'preproc_def':
    case 'preproc_function_def':
    case 'enumerator':
      return field === 'name' ? { declares: true, definition: parent.node! } : { declares: false };
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      return { declares: field === 'name' && parent.node!.childForFieldName('body') !== null };
  }
  let at = path.length - 1;
  let current = field;
  let plainDeclarator = true;
  for (; at >= 0 && declaratorTypes.has(path[at]!.type); at--) {
    const above = path[at]!;
    if (above.type !== 'parenthesized_declarator' && current !== 'declarator') return { declares: false };
    if (above.type !== 'pointer_declarator' && above.type !== 'array_declarator') plainDeclarator = false;
    current = above.field;
  }
  const declaration = path[at];
  if (!declaration || !declaringTypes.has(declaration.type) || current !== 'declarator') return { declares: false };
  return { declares: true, declaration: declaration.node!, plainDeclarator };
}

/** Counts of the ancestor kinds the filters ask about, kept as the walk enters and leaves nodes. */
interface Depths {
  error: number;
  body: number;
  functions: number;
  /** ERROR nodes and statements: with no function around them, a hunk that starts inside a function body. */
  statements: number;
}

function enter(depths: Depths, type: string, by: 1 | -1): void {
  if (type === 'ERROR') depths.error += by;
  if (type === 'compound_statement') depths.body += by;
  if (type === 'function_definition') depths.functions += by;
  if (type === 'ERROR' || type.endsWith('_statement')) depths.statements += by;
}

/** Function scopes with their parameters and locals, and the ids of every parameter name (functions, prototypes, macros). */
function localsOf(tree: Tree): { scopes: FunctionScope[]; parameterIds: Set<number> } {
  const scopes = nodesOfType(tree, ['function_definition']).map((node) => ({ start: node.startIndex, end: node.endIndex, locals: new Set<string>() }));
  const parameterIds = new Set<number>();
  for (const parameter of nodesOfType(tree, ['parameter_declaration'])) {
    const name = declaredName(parameter.childForFieldName('declarator'));
    if (!name) continue;
    parameterIds.add(name.id);
    scopeAt(scopes, parameter.startIndex)?.locals.add(name.text);
  }
  for (const macroParameters of nodesOfType(tree, ['preproc_params'])) {
    for (const name of macroParameters.namedChildren) if (name) parameterIds.add(name.id);
  }
  for (const declaration of nodesOfType(tree, ['declaration'])) {
    const scope = scopeAt(scopes, declaration.startIndex);
    if (scope) for (const name of [...declaratorNames(declaration), ...annotatedPointerName(declaration)]) scope.locals.add(name.text);
  }
  for (const statement of nodesOfType(tree, ['expression_statement'])) {
    const scope = scopeAt(scopes, statement.startIndex);
    if (scope) for (const name of macroDeclaredLocals(statement)) scope.locals.add(name);
  }
  return { scopes, parameterIds };
}

/**
 * `struct dsa_hw_desc __user *udesc = …;`: tree-sitter reads `__user` as the declared name (a missing `;`) and the
 * rest as an assignment through a pointer, so the local's name is the operand of that `*`.
 */
function annotatedPointerName(declaration: Node): Node[] {
  const [name] = declaratorNames(declaration);
  if (!name || !/^__[a-z]\w*$/.test(name.text) || !declaration.hasError) return [];
  let expression = declaration.nextNamedSibling?.type === 'expression_statement' ? declaration.nextNamedSibling.namedChild(0) : null;
  if (expression?.type === 'assignment_expression') expression = expression.childForFieldName('left');
  const operand = expression?.type === 'pointer_expression' ? expression.childForFieldName('argument') : null;
  return operand?.type === 'identifier' ? [operand] : [];
}

/**
 * Names with file or global scope, struct members, types, enumerators and macros, declared or used. Locals and
 * parameters (of definitions, prototypes, function pointers and macros) are skipped: coding-style.rst wants them short.
 * One cursor walk, linear in the tree: every fact a filter needs about a name's ancestors is on the walk's path.
 */
export function judgedNames(tree: Tree): UnitNames {
  const { scopes, parameterIds } = localsOf(tree);
  const found: UnitNames = { occurrences: [], usedConstants: new Set(), usedMembers: new Set() };
  const depths: Depths = { error: 0, body: 0, functions: 0, statements: 0 };
  const path: Frame[] = [];
  const cursor = tree.walk();
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (nameTypes.has(type)) visitName(cursor, path, depths, scopes, parameterIds, found);
      else {
        const frame: Frame = { type, field: cursor.currentFieldName, node: keptTypes.has(type) ? cursor.currentNode : undefined };
        if (cursor.gotoFirstChild()) {
          path.push(frame);
          enter(depths, type, 1);
          continue;
        }
      }
      if (!advance(cursor, path, depths)) return found;
    }
  } finally {
    cursor.delete();
  }
}

/** Moves to the next node in document order, keeping the path and depths in step; false at the end of the tree. */
function advance(cursor: TreeCursor, path: Frame[], depths: Depths): boolean {
  while (!cursor.gotoNextSibling()) {
    if (!cursor.gotoParent()) return false;
    const left = path.pop();
    if (left) enter(depths, left.type, -1);
  }
  return true;
}

function visitName(cursor: TreeCursor, path: Frame[], depths: Depths, scopes: FunctionScope[], parameterIds: Set<number>, found: UnitNames): void {
  const node = cursor.currentNode;
  const text = node.text;
  const field = cursor.currentFieldName;
  const parentType = path[path.length - 1]?.type;
  const where = declaring(path, field);
  if (!where.declares && text === text.toUpperCase() && /[A-Z]/.test(text)) found.usedConstants.add(text);
  if (node.type === 'field_identifier' && parentType === 'field_expression') found.usedMembers.add(text);
  // A name inside a concatenated string is a format macro (`"%" PRIu64`) or a string the parser lost track of.
  if (isErrnoCode(text) || parentType === 'concatenated_string' || parentType === 'preproc_params' || depths.error > 0) return;
  if (node.type === 'identifier') {
    if (parameterIds.has(node.id) || scopeAt(scopes, node.startIndex)?.locals.has(text)) return;
    // A hunk that starts inside a function body parses as statements at file scope: its names are locals whose
    // declarations the hunk left out (`rc = …`).
    if (depths.functions === 0 && depths.statements > 0) return;
  }
  found.occurrences.push({
    name: text, node, ...where,
    ...(where.declares && depths.body > 0 ? { local: true } : {}),
  });
}

/**
 * `LIST_HEAD(pages);`, `DEFINE_WAIT(wait);`, `DECLARE_BITMAP(mask, 64);` as a statement: an upper-case macro
 * that declares its first argument as a local variable.
 */
function macroDeclaredLocals(statement: Node): string[] {
  const call = statement.namedChild(0);
  if (call?.type !== 'call_expression') return [];
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' || callee.text !== callee.text.toUpperCase()) return [];
  const first = call.childForFieldName('arguments')?.namedChild(0);
  return first?.type === 'identifier' ? [first.text] : [];
}

/** `ENODEV`, `EOPNOTSUPP`: the errno names of include/uapi/asm-generic/errno*.h belong to the kernel, not the patch. */
function isErrnoCode(name: string): boolean {
  return /^E[A-Z0-9]{2,}$/.test(name);
}
