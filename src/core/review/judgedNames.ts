import type { Node, Tree } from 'web-tree-sitter';
import { walk, type Walker } from '../c/parser';
import { declaredName } from './syntax';

/**
 * A name the naming rules look at, and whether this occurrence declares it. Where it stands is kept as numbers, not as
 * its Node: making a Node of every name a walk passes (most are locals, dropped at the end) cost more than the walk.
 */
export interface NameOccurrence {
  name: string;
  /** Row and column of its first character; a name is one token, so it ends `name.length` further on the same row. */
  row: number;
  column: number;
  /** A name tree-sitter inserted to recover from an error (zero width: its text is empty). */
  missing: boolean;
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
  /** Every comment, in document order (found on the same walk: a node query for them cost as much again). */
  comments: Node[];
}

/** A function's parameters and locals, gathered as the walk passes their declarations. */
interface FunctionScope {
  locals: Set<string>;
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

/** What the walk carries besides the path: the function it is in, parameter names seen, each occurrence's function. */
interface WalkState {
  path: Frame[];
  depths: Depths;
  scope: FunctionScope | undefined;
  parameterIds: Set<number>;
  found: UnitNames;
  /** The function each identifier of `found.occurrences` sits in: its locals are known only once the function is left. */
  scopes: (FunctionScope | undefined)[];
}

/**
 * Parameters (of definitions, prototypes, function pointers) and the locals of the current function, noted on entering
 * their declarations: a name inside them is visited after, and judged once the whole function is known.
 */
function noteDeclarations(type: string, node: Node, state: WalkState): void {
  if (type === 'function_definition') state.scope = { locals: new Set() };
  else if (type === 'parameter_declaration') {
    const name = declaredName(node.childForFieldName('declarator'));
    if (name) {
      state.parameterIds.add(name.id);
      state.scope?.locals.add(name.text);
    }
  } else if (state.scope && type === 'declaration') {
    const names = declaratorNames(node);
    for (const name of [...names, ...annotatedPointerName(node, names)]) state.scope.locals.add(name.text);
  } else if (state.scope && type === 'expression_statement') {
    for (const name of macroDeclaredLocals(node)) state.scope.locals.add(name);
  }
}

/**
 * `struct dsa_hw_desc __user *udesc = …;`: tree-sitter reads `__user` as the declared name (a missing `;`) and the
 * rest as an assignment through a pointer, so the local's name is the operand of that `*`.
 */
function annotatedPointerName(declaration: Node, names: readonly Node[]): Node[] {
  const [name] = names;
  if (!name || !declaration.hasError || !/^__[a-z]\w*$/.test(name.text)) return [];
  let expression = declaration.nextNamedSibling?.type === 'expression_statement' ? declaration.nextNamedSibling.namedChild(0) : null;
  if (expression?.type === 'assignment_expression') expression = expression.childForFieldName('left');
  const operand = expression?.type === 'pointer_expression' ? expression.childForFieldName('argument') : null;
  return operand?.type === 'identifier' ? [operand] : [];
}

/**
 * Names with file or global scope, struct members, types, enumerators and macros, declared or used. Locals and
 * parameters (of definitions, prototypes, function pointers and macros) are skipped: coding-style.rst wants them short.
 * Of a whole tree, or of one top-level declaration (the names of a unit are those of its declarations, in order).
 * One cursor walk, linear in the tree: every fact a filter needs about a name's ancestors is on the walk's path, and
 * the locals of a function are gathered on the way (a whole-tree node query cost as much as the walk itself).
 */
export function judgedNames(scope: Tree | Node): UnitNames {
  const state: WalkState = {
    path: [], depths: { error: 0, body: 0, functions: 0, statements: 0 }, scope: undefined, parameterIds: new Set(),
    found: { occurrences: [], usedConstants: new Set(), usedMembers: new Set(), comments: [] }, scopes: [],
  };
  // A cursor made on a node walks that subtree only: gotoParent and gotoNextSibling stop at the node.
  const cursor = walk(scope);
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (nameTypes.has(type)) visitName(cursor, type, state);
      else if (type === 'comment') state.found.comments.push(cursor.currentNode);
      else {
        const node = keptTypes.has(type) || type === 'parameter_declaration' || (state.scope && type === 'expression_statement' && mayDeclareByMacro(cursor))
          ? cursor.currentNode : undefined;
        if (node) noteDeclarations(type, node, state);
        // Only a declarator's field is ever read (declaring()): asking tree-sitter for a field walks its field map.
        const frame: Frame = { type, field: declaratorTypes.has(type) ? cursor.currentFieldName : null, node: keptTypes.has(type) ? node : undefined };
        // A punctuation token (`;`, `(`, `->`, `#define`) is an anonymous leaf, and a string's or character's parts
        // are quotes, content and escapes: no name to look for below them (verifier.c's strings are a fifth of its nodes).
        if (!isPunctuation(type) && !nameless.has(type) && cursor.gotoFirstChild()) {
          state.path.push(frame);
          enter(state.depths, type, 1);
          continue;
        }
        if (type === 'function_definition') state.scope = undefined;
      }
      if (!advance(cursor, state)) break;
    }
  } finally {
    cursor.delete();
  }
  const { found, scopes } = state;
  found.occurrences = found.occurrences.filter((occurrence, index) => !scopes[index]?.locals.has(occurrence.name));
  return found;
}

/** Nodes whose children are never names: `"…"`, `'x'`, `<linux/mm.h>`. A concatenated string can hold macros, so it is walked. */
const nameless = new Set(['string_literal', 'char_literal', 'system_lib_string']);

/** Node types not starting with a letter or `_` are the grammar's punctuation and operator tokens. */
function isPunctuation(type: string): boolean {
  const first = type.charCodeAt(0);
  return !((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || first === 0x5f);
}

/** Moves to the next node in document order, keeping the path and depths in step; false at the end of the tree. */
function advance(cursor: Walker, state: WalkState): boolean {
  while (!cursor.gotoNextSibling()) {
    if (!cursor.gotoParent()) return false;
    const left = state.path.pop();
    if (!left) continue;
    enter(state.depths, left.type, -1);
    if (left.type === 'function_definition') state.scope = undefined;
  }
  return true;
}

/** `type` is the cursor's node type, known already: asking the node again is one more call into WASM per name. */
function visitName(cursor: Walker, type: string, state: WalkState): void {
  const { path, depths, found } = state;
  const leaf = cursor.leaf();
  const text = leaf.text;
  const field = cursor.currentFieldName;
  const parentType = path[path.length - 1]?.type;
  const where = declaring(path, field);
  if (!where.declares && text === text.toUpperCase() && /[A-Z]/.test(text)) found.usedConstants.add(text);
  if (type === 'field_identifier' && parentType === 'field_expression') found.usedMembers.add(text);
  // A name inside a concatenated string is a format macro (`"%" PRIu64`) or a string the parser lost track of.
  if (isErrnoCode(text) || parentType === 'concatenated_string' || parentType === 'preproc_params' || depths.error > 0) return;
  if (type === 'identifier') {
    if (state.parameterIds.has(leaf.id)) return;
    // A hunk that starts inside a function body parses as statements at file scope: its names are locals whose
    // declarations the hunk left out (`rc = …`).
    if (depths.functions === 0 && depths.statements > 0) return;
  }
  found.occurrences.push({
    // A leaf has an error only when it is missing (zero width): tree-sitter's error cost of a leaf is that alone.
    name: text, row: leaf.row, column: leaf.column, missing: text === '', ...where,
    ...(where.declares && depths.body > 0 ? { local: true } : {}),
  });
  // Only identifiers can be locals (the filter below); a member or type name keeps no scope.
  state.scopes[found.occurrences.length - 1] = type === 'identifier' ? state.scope : undefined;
}

/**
 * A statement starting with a lower-case letter starts with a name holding one, so it is no upper-case macro's call
 * (macroDeclaredLocals): most statements, and this costs no Node.
 */
function mayDeclareByMacro(cursor: Walker): boolean {
  const first = cursor.leaf().text.charCodeAt(0);
  return !(first >= 0x61 && first <= 0x7a);
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
