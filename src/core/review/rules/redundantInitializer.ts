import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext, UnitEdit, UnitFinding, UnitRange } from '../rule';
import { declaredName, isFileScope, isStatic, isZeroLiteral, nodeRange, nodesOfType } from '../syntax';

/** Where a brace list or a scalar initializer stands: static storage is zero-filled as a whole. */
function ownerDeclaration(node: Node): Node | undefined {
  const initDeclarator = node.parent;
  if (initDeclarator?.type !== 'init_declarator' || initDeclarator.childForFieldName('value')?.id !== node.id) return undefined;
  return initDeclarator.parent?.type === 'declaration' ? initDeclarator.parent : undefined;
}

function hasStaticStorage(declaration: Node | undefined): boolean {
  return declaration !== undefined && (isFileScope(declaration) || isStatic(declaration))
    && !declaration.namedChildren.some((child) => child.type === 'storage_class_specifier' && child.text === 'extern');
}

function isAllZero(node: Node): boolean {
  if (node.type === 'initializer_list') return node.namedChildren.every((child) => child.type !== 'comment' && isAllZero(child));
  if (node.type === 'initializer_pair') return isAllZero(node.childForFieldName('value') ?? node);
  return isZeroLiteral(node);
}

function elements(list: Node): Node[] {
  return list.namedChildren.filter((child) => child.type !== 'comment');
}

/** Zero members worth removing: designated ones anywhere, positional ones only at the tail (order matters). */
function redundantMembers(list: Node): Node[] {
  const items = elements(list);
  const found: Node[] = [];
  let tail = items.length;
  while (tail > 0 && items[tail - 1]!.type !== 'initializer_pair' && isAllZero(items[tail - 1]!)) tail--;
  items.forEach((item, index) => {
    if (item.type === 'initializer_pair' ? isAllZero(item) : index >= tail) found.push(item);
  });
  return found;
}

/** Removes one list element: its whole line when it stands alone there, else the element and its comma. */
function removeElement(item: Node, lines: readonly string[]): UnitEdit {
  const next = item.nextSibling;
  const end = next?.type === ',' ? next.endPosition : item.endPosition;
  const row = item.startPosition.row;
  const line = lines[row] ?? '';
  const alone = end.row === row && line.slice(0, item.startPosition.column).trim() === '' && line.slice(end.column).trim() === '';
  if (alone && item.endPosition.row === row) {
    return { range: { start: { line: row, column: 0 }, end: { line: row + 1, column: 0 } }, newText: '' };
  }
  const previous = item.previousSibling;
  if (next?.type !== ',' && previous?.type === ',') {
    return { range: { start: pos(previous.startPosition), end: pos(item.endPosition) }, newText: '' };
  }
  let endColumn = end.column;
  while (end.row === row && line[endColumn] === ' ') endColumn++;
  return { range: { start: pos(item.startPosition), end: { line: end.row, column: end.row === row ? endColumn : end.column } }, newText: '' };
}

function pos(point: { row: number; column: number }) {
  return { line: point.row, column: point.column };
}

/** ` = <zero>` from the end of the declarator; an unsized array keeps its length (`a[] = {0, 0}` → `a[2]`). */
function removeInitializer(declarator: Node, value: Node): UnitEdit[] {
  const edits: UnitEdit[] = [{ range: { start: pos(declarator.endPosition), end: pos(value.endPosition) }, newText: '' }];
  if (declarator.type === 'array_declarator' && !declarator.childForFieldName('size') && value.type === 'initializer_list') {
    const close = declarator.lastChild;
    if (close?.type === ']') edits.unshift({ range: { start: pos(close.startPosition), end: pos(close.startPosition) }, newText: String(elements(value).length) });
  }
  return edits;
}

function finding(range: UnitRange, message: string, fixTitle: string, edits: UnitEdit[]): UnitFinding {
  return { range, message, tags: ['unnecessary'], fixes: () => [{ title: fixTitle, kind: 'quickfix', isPreferred: true, unitEdits: edits }] };
}

function checkDeclaratorValue(context: RuleContext, initDeclarator: Node, lines: readonly string[]): boolean {
  const declarator = initDeclarator.childForFieldName('declarator');
  const value = initDeclarator.childForFieldName('value');
  if (!declarator || !value || !hasStaticStorage(ownerDeclaration(value)) || !isAllZero(value)) return false;
  const name = declaredName(declarator)?.text || 'this variable';
  const range = { start: pos(declarator.endPosition), end: pos(value.endPosition) };
  const shown = lines[value.startPosition.row]?.slice(declarator.endPosition.column, value.endPosition.column).trim() ?? '';
  context.report(finding(range, `'${shown}' is redundant: '${name}' has static storage, which C zero-fills`,
    `Remove the initializer of '${name}'`, removeInitializer(declarator, value)));
  return true;
}

/** `DEFINE_PER_CPU(int, x) = 0;` parses as an assignment at file scope; per-CPU data is zero-filled too. */
function checkPerCpu(context: RuleContext, statement: Node): void {
  const assignment = statement.namedChild(0);
  if (statement.parent?.type !== 'translation_unit' || assignment?.type !== 'assignment_expression') return;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  const macro = left?.type === 'call_expression' ? left.childForFieldName('function')?.text ?? '' : '';
  if (!left || !right || !/^DEFINE_PER_CPU/.test(macro) || !isAllZero(right)) return;
  const name = left.childForFieldName('arguments')?.namedChildren.at(-1)?.text ?? 'this variable';
  context.report(finding({ start: pos(left.endPosition), end: pos(right.endPosition) },
    `'= ${right.text}' is redundant: per-CPU variable '${name}' is zero-filled`, `Remove the initializer of '${name}'`,
    [{ range: { start: pos(left.endPosition), end: pos(right.endPosition) }, newText: '' }]));
}

function checkList(context: RuleContext, list: Node, lines: readonly string[]): void {
  // The zeroing idiom `= {0}` of an automatic aggregate is needed: only lists that set something are judged.
  if (isAllZero(list)) return;
  for (const item of redundantMembers(list)) {
    const text = item.text.replace(/\s+/g, ' ');
    context.report(finding(nodeRange(item), `'${text}' is redundant: members left out of a brace initializer are already zero`,
      `Remove '${text}'`, [removeElement(item, lines)]));
  }
}

export const redundantInitializer: Rule = {
  id: 'redundant-initializer',
  defaultSeverity: 'warning',
  scope: 'declaration',
  title: 'Explicit zero where C already guarantees zero',
  checkpatchTypes: ['INITIALISED_STATIC', 'GLOBAL_INITIALISERS'],
  rationale: [
    'C zero-fills objects with static storage (file scope, `static` at any scope, per-CPU data) and every member left out of a',
    'brace initializer, whatever the storage. Writing `.owner = NULL,` or `static int count = 0;` adds a line that says nothing',
    'and makes readers wonder whether the zero is meant to be special.',
    '',
    '- `Documentation/process/coding-style.rst` asks for code without such noise; checkpatch.pl reports the line-based cases as',
    '  **INITIALISED_STATIC** and **GLOBAL_INITIALISERS** (ERROR) but misses designated members, brace lists and split lines.',
    '- Automatic scalars (`int ret = 0;` inside a function) are *not* zeroed and are never reported, nor are non-zero values or',
    '  macros such as `THIS_MODULE` or `ATOMIC_INIT(0)`.',
    '- The quick fix removes the initializer (the whole line when it stands alone); an unsized array keeps its length.',
  ].join('\n'),
  check(context) {
    const lines = context.textLines;
    // Lists inside a flagged static initializer are all zero, and checkList leaves all-zero lists alone.
    for (const node of nodesOfType(context.root, ['init_declarator', 'initializer_list', 'expression_statement'])) {
      if (node.type === 'init_declarator') checkDeclaratorValue(context, node, lines);
      else if (node.type === 'initializer_list') checkList(context, node, lines);
      else checkPerCpu(context, node);
    }
  },
};
