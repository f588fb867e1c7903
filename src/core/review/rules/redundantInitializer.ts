import type { Node } from 'web-tree-sitter';
import { declaredObject, outermostInitializer, textBetween } from '../initializer/locate';
import { redundantMembers } from '../initializer/members';
import { perCpuFromText, positionIn } from '../initializer/perCpuText';
import { elements, isAllZero } from '../initializer/zero';
import { removeElement } from '../initializer/edits';
import type { Rule, RuleContext, UnitEdit, UnitFinding, UnitRange } from '../rule';
import { isTopLevel, nodeRange, nodesOfType } from '../syntax';
import { depthFacts, isConditionalBlock } from '../initializer/fileScope';
import { adoptSiblingSet, siblingFacts, siblingSet } from '../initializer/siblingObjects';
import { adoptUnionSet, unionFacts, unionSet } from '../initializer/unionMembers';

function pos(point: { row: number; column: number }) {
  return { line: point.row, column: point.column };
}

function removal(range: UnitRange, message: string, fixTitle: string, edits: UnitEdit[]): UnitFinding {
  return { range, message, tags: ['unnecessary'], fixes: () => [{ title: fixTitle, kind: 'quickfix', isPreferred: true, unitEdits: edits }] };
}

/** The initializer as the message quotes it: on one line, long lists shortened, never empty. */
function quoted(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 48 ? flat : `${flat.slice(0, 44).trimEnd()} …}`;
}

/** `static int x = 0;`, `DEFINE_PER_CPU(int, x) = 0;`, `static struct s x __initdata = { 0 };`: the whole initializer goes. */
function checkWholeInitializer(context: RuleContext, value: Node, parent: Node): void {
  // Asked first: far cheaper than finding the object, and most initial values are not zero.
  if (!isAllZero(value)) return;
  const lines = context.textLines;
  const object = declaredObject(value, lines, parent);
  // An unsized array's zero list is its length (and, as `{ NULL }`, an empty table's terminator); a const object without
  // an initializer is a trap newer compilers warn about.
  if (!object?.staticStorage || object.unsizedArray || object.constObject) return;
  // `static long ue_zero = 0;` exists to be pointed at (a sysctl bound): its zero is the point.
  if (/zero|null/i.test(object.name)) return;
  const range = { start: pos(object.equalsFrom), end: pos(value.endPosition) };
  const shown = quoted(textBetween(lines, object.equalsFrom, value.endPosition));
  const why = object.perCpu ? `per-CPU variable '${object.name}' is zero-filled` : `'${object.name}' has static storage, which C zero-fills`;
  context.report(removal(range, `'${shown}' is redundant: ${why}`,
    `Remove the initializer of '${object.name}'`, [{ range, newText: '' }]));
}

/** `{ 0, }` closing a table: the reader's wish is `{ }`, which says "end of table" and nothing else. Same bytes. */
function checkTerminator(context: RuleContext, list: Node): void {
  const last = elements(list).at(-1);
  if (last?.type !== 'initializer_list' || !/^\{\s*0\s*,\s*\}$/.test(last.text)) return;
  context.report({
    range: nodeRange(last),
    severity: 'info',
    message: `the terminator '${quoted(last.text)}' reads better as '{ }': the zero names no member`,
    suggestion: '{ }',
    fixes: () => [{ title: "Write the terminator as '{ }'", kind: 'quickfix', isPreferred: true, unitEdits: [{ range: nodeRange(last), newText: '{ }' }] }],
  });
}

/** The top-level list of an unsized array: its last element is the table's terminator and its count is the length. */
function terminatorOf(list: Node, lines: readonly string[]): Node | undefined {
  const object = declaredObject(list, lines);
  return object?.unsizedArray ? elements(list).at(-1) : undefined;
}

function within(node: Node, outer: Node | undefined): boolean {
  return outer !== undefined && node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** Zero members of a brace list inside a static object's initializer (`.owner = NULL,`). */
function checkMembers(context: RuleContext, list: Node): void {
  if (isAllZero(list)) return; // reported as a whole, or the zeroing idiom `{ 0 }` / an all-zero terminator
  const top = outermostInitializer(list);
  const object = top.type === 'initializer_list' ? declaredObject(top, context.textLines) : undefined;
  // Automatic aggregates are left alone: an explicit zero there often documents the call (`.range_start = 0`), and for
  // unions inside them the compiler may zero only the member that is named.
  if (!object?.staticStorage) return;
  const terminator = object.unsizedArray ? terminatorOf(top, context.textLines) : undefined;
  if (within(list, terminator)) return;
  for (const item of redundantMembers(list)) {
    const text = item.text.replace(/\s+/g, ' ');
    context.report(removal(nodeRange(item), `'${text}' is redundant: members left out of a brace initializer are already zero`,
      `Remove '${text}'`, [removeElement(item, context.textLines)]));
  }
}

function checkPerCpuText(context: RuleContext, root: Node): boolean {
  const found = perCpuFromText(root);
  if (!found) return false;
  const range = { start: positionIn(root, found.from), end: positionIn(root, found.to) };
  context.report(removal(range, `'${quoted(found.shown)}' is redundant: per-CPU variable '${found.name}' is zero-filled`,
    `Remove the initializer of '${found.name}'`, [{ range, newText: '' }]));
  return true;
}

/** True when the text of a function after its name and parameters says `static` (a local's) or holds a `{ 0, }`. */
function mayReportInFunction(fn: Node): boolean {
  const head = fn.childForFieldName('declarator');
  const text = head ? fn.text.slice(head.endIndex - fn.startIndex) : fn.text;
  return /\bstatic\b/.test(text) || /\{\s*0\s*,\s*\}/.test(text);
}

function isWholeInitializer(node: Node): boolean {
  const parent = node.parent;
  return (parent?.type === 'init_declarator' && parent.childForFieldName('value')?.id === node.id)
    || (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === node.id);
}

interface ChunkFacts {
  siblings: ReadonlySet<string>;
  unions: ReadonlySet<string>;
}

/** All chunks' facts as one, made once per set of parts (every chunk of a review adopts the same). */
const merged = new WeakMap<readonly ChunkFacts[], { siblings: Set<string>; unions: Set<string> }>();

function unitWide(parts: readonly ChunkFacts[]): { siblings: Set<string>; unions: Set<string> } {
  let found = merged.get(parts);
  if (!found) {
    found = { siblings: new Set(), unions: new Set() };
    for (const part of parts) {
      for (const fact of part.siblings) found.siblings.add(fact);
      for (const fact of part.unions) found.unions.add(fact);
    }
    merged.set(parts, found);
  }
  return found;
}

export const redundantInitializer: Rule = {
  id: 'redundant-initializer',
  defaultSeverity: 'warning',
  scope: 'declaration',
  // Other objects of a type, union layouts and broken braces elsewhere in the file decide some findings.
  unitFacts: ({ tree }) => [siblingFacts(tree), unionFacts(tree), depthFacts(tree)].join('\0'),
  // In a unit parsed in chunks, sibling objects and union layouts may stand in any chunk; brace depth is 0 at every cut.
  chunkFacts: {
    gather: (tree, end) => ({ siblings: siblingSet(tree, end), unions: unionSet(tree, end) }),
    adopt(tree, parts) {
      const { siblings, unions } = unitWide(parts as readonly ChunkFacts[]);
      adoptSiblingSet(tree, siblings);
      adoptUnionSet(tree, unions);
    },
  },
  title: 'Explicit zero where C already guarantees zero',
  checkpatchTypes: ['INITIALISED_STATIC', 'GLOBAL_INITIALISERS'],
  rationale: [
    'C zero-fills objects with static storage (file scope, `static` at any scope, per-CPU data) and every member left out of a',
    'brace initializer. Writing `.owner = NULL,` in an ops table or `static int count = 0;` adds a line that says nothing and',
    'makes readers wonder whether the zero is meant to be special.',
    '',
    '- `Documentation/process/coding-style.rst` asks for code without such noise; checkpatch.pl reports the line-based cases as',
    '  **INITIALISED_STATIC** and **GLOBAL_INITIALISERS** (ERROR) but misses designated members, brace lists and split lines.',
    '- Only what provably leaves the same bytes is reported: never an element of an array whose length comes from its',
    '  initializer (its last element is the terminator `NULL`, `{}`, `{ 0, }` that `of_match_node()` or sysfs stop at), never',
    '  a member another element of the list also writes (or, in a structure the file defines, that follows a sibling of its',
    '  anonymous union), a value that may be a flexible array, or a `const` object. Only static objects are judged: there',
    '  every byte the list leaves out, padding and bit-fields included, is zero either way.',
    '- Not reported either, because a reviewer would not ask for it: automatic variables and aggregates (`int ret = 0;` is',
    '  `unused-initial-value`\'s business), `[INDEX] = 0` rows that list every index, the zero half of a range',
    '  (`.start = 0` beside `.end`), a zero that keeps a table\'s rows alike, non-zero values and macros (`THIS_MODULE`).',
    '- A `{ 0, }` terminator gets an info-level suggestion to write `{ }`: same data, and it names no member.',
    '- The quick fix removes the initializer (the whole line when it stands alone).',
  ].join('\n'),
  check(context) {
    // A per-CPU definition tree-sitter could not parse is judged from its text, and only so.
    if (context.root.hasError && isTopLevel(context.root) && checkPerCpuText(context, context.root)) return;
    // An assignment statement defines a file-scope object only at the top level or inside `#if` blocks there (see
    // declaredObject): under a function or any other top-level construct the statements need no look.
    const statementsMayDefine = !isTopLevel(context.root) || isConditionalBlock(context.root.type);
    // Inside a function only `static` locals have static storage, and only a `{ 0, }` terminator is judged without it:
    // a function whose text holds neither has nothing to report.
    if (context.root.type === 'function_definition' && !statementsMayDefine && !mayReportInFunction(context.root)) return;
    for (const node of nodesOfType(context.root, ['init_declarator', 'initializer_list', 'expression_statement'])) {
      if (node.type === 'init_declarator') {
        const value = node.childForFieldName('value');
        if (value) checkWholeInitializer(context, value, node);
      } else if (node.type === 'expression_statement') {
        if (!statementsMayDefine && node.id !== context.root.id) continue;
        const assignment = node.namedChild(0);
        const right = assignment?.type === 'assignment_expression' ? assignment.childForFieldName('right') : null;
        if (right) checkWholeInitializer(context, right, assignment!);
      } else {
        if (isWholeInitializer(node) && declaredObject(node, context.textLines)?.unsizedArray) checkTerminator(context, node);
        checkMembers(context, node);
      }
    }
  },
};
