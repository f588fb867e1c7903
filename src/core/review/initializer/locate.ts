import type { Node } from 'web-tree-sitter';
import { declaratorShape, type DeclaredObject } from './declaredObject';
import { fileScopeAncestor, isTrueFileScope, isTrueFileScopeAt } from './fileScope';

type Point = { row: number; column: number };

/** The unit text between two points (rows are lines of `lines`). */
export function textBetween(lines: readonly string[], from: Point, to: Point): string {
  if (from.row === to.row) return (lines[from.row] ?? '').slice(from.column, to.column);
  const parts = [(lines[from.row] ?? '').slice(from.column)];
  for (let row = from.row + 1; row < to.row; row++) parts.push(lines[row] ?? '');
  parts.push((lines[to.row] ?? '').slice(0, to.column));
  return parts.join('\n');
}

function equalsToken(parent: Node): Node | undefined {
  return parent.children.find((child) => child?.type === '=') ?? undefined;
}

function isMissingSemicolon(declaration: Node): boolean {
  const last = declaration.lastChild;
  return last?.type === ';' && last.startIndex === last.endIndex;
}

/**
 * The declaration (or, for per-CPU macros and attributes tree-sitter splits off, statement) whose text holds the declarator.
 * `parent` is value's parent when the caller knows it: each `node.parent` is a walk down from the root in tree-sitter.
 */
function holder(value: Node, parent: Node | null = value.parent): { start: Node; statement: Node; equals: Node } | undefined {
  if (!parent) return undefined;
  if (parent.type === 'init_declarator' && parent.childForFieldName('value')?.id === value.id) {
    const declaration = parent.parent;
    const equals = equalsToken(parent);
    if (declaration?.type !== 'declaration' || !equals) return undefined;
    return { start: declaration, statement: declaration, equals };
  }
  // `DEFINE_PER_CPU(int, x) = 0;` and `static u64 z __aligned(8) = 0;` parse as an assignment at file scope.
  if (parent.type !== 'assignment_expression' || parent.childForFieldName('right')?.id !== value.id) return undefined;
  const statement = parent.parent;
  if (statement?.type !== 'expression_statement' || !fileScopeAncestor(statement)) return undefined;
  const left = parent.childForFieldName('left');
  const equals = equalsToken(parent);
  const callee = left?.type === 'call_expression' ? left.childForFieldName('function')?.text ?? '' : '';
  if (!equals || parent.childForFieldName('operator')?.text !== '=') return undefined;
  if (/^DEFINE_PER_CPU\w*$/.test(callee)) return { start: statement, statement, equals };
  // `int __read_mostly x = 0;`: tree-sitter ends a declaration at the attribute (its `;` missing) and reads `x = 0` apart.
  const previous = statement.previousNamedSibling;
  if (previous?.type !== 'declaration' || !isMissingSemicolon(previous)) return undefined;
  const attributeLast = /^__\w+$/.test(previous.childForFieldName('declarator')?.text ?? '');
  if (/^__\w+$/.test(callee) || (left?.type === 'identifier' && attributeLast)) return { start: previous, statement, equals };
  return undefined;
}

/**
 * The object whose whole initializer `value` is, with what C says about its storage; undefined when unsure. `parent`:
 * value's parent, when the caller knows it.
 */
export function declaredObject(value: Node, lines: readonly string[], parent?: Node): DeclaredObject | undefined {
  const found = holder(value, parent ?? value.parent);
  if (!found) return undefined;
  const { start, statement, equals } = found;
  const shape = declaratorShape(textBetween(lines, start.startPosition, equals.startPosition));
  if (!shape || shape.notDefinition) return undefined;
  const startTop = fileScopeAncestor(start);
  const atFileScope = isTrueFileScopeAt(startTop) && (statement.id === start.id || isTrueFileScope(statement));
  const inFunction = !startTop;
  return {
    name: shape.name,
    staticStorage: atFileScope || (inFunction && shape.staticKeyword) || (shape.perCpu && atFileScope),
    unsizedArray: shape.unsizedArray,
    constObject: shape.constObject,
    perCpu: shape.perCpu,
    equalsFrom: endOfDeclarator(lines, equals.startPosition),
    value,
  };
}

/** Back from `=` over blanks: ` = 0` is removed whole, leaving `int x;`. */
function endOfDeclarator(lines: readonly string[], equals: Point): Point {
  let { row, column } = equals;
  while (column > 0 && /\s/.test(lines[row]?.[column - 1] ?? '')) column--;
  if (column === 0 && row > 0 && (lines[row] ?? '').slice(0, equals.column).trim() === '') {
    row--;
    column = (lines[row] ?? '').replace(/\s+$/, '').length;
  }
  return { row, column };
}

/** The whole initializer (the value of a declaration) that a nested brace list or pair belongs to. */
export function outermostInitializer(node: Node): Node {
  let current = node;
  while (current.parent && (current.parent.type === 'initializer_list' || current.parent.type === 'initializer_pair')) current = current.parent;
  return current;
}
