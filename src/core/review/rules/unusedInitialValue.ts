import type { Node } from 'web-tree-sitter';
import { child, copyTree, forEachCNode, namedKids, stripParens, type CNode } from '../flow/cnode';
import { declaredIdentifier, initialValueVerdict, labelsOf } from '../flow/initialValue';
import type { Rule, RuleContext, UnitRange } from '../rule';
import { declaredName, nodesOfType } from '../syntax';

/** Initial values whose removal changes nothing but the store: no call, no side effect, nothing that may fault. */
function isPlainValue(node: CNode): boolean {
  switch (node.type) {
    case 'number_literal': case 'char_literal': case 'string_literal': case 'concatenated_string':
    case 'null': case 'true': case 'false': case 'identifier': case 'sizeof_expression':
      return true;
    case 'parenthesized_expression': case 'unary_expression': case 'binary_expression':
      return namedKids(node).every((kid) => kid.field === 'operator' || isPlainValue(kid));
    case 'cast_expression':
      return isPlainValue(child(node, 'value') ?? node);
    default:
      return false;
  }
}

/** Declarations whose initial value is part of a contract the flow cannot see: cleanup handlers, attributes, volatile. */
const contractWords = /\b(__free|__cleanup|cleanup|__attribute__|__aligned|__uninitialized|volatile|static|extern|register)\b/;

/**
 * Names the unit's own macros use: such a macro may read or return the variable without naming it in the call. Kept
 * per review by the unit's lines (split once per review), not by tree: a unit parsed in chunks has a tree per chunk,
 * and each would have scanned the whole unit again.
 */
const macroWords = new WeakMap<readonly string[], Set<string>>();

function wordsInMacros(lines: readonly string[]): Set<string> {
  let words = macroWords.get(lines);
  if (words) return words;
  words = new Set();
  let continued = false;
  for (const line of lines) {
    if (continued || /^\s*#\s*define\b/.test(line)) {
      for (const match of line.matchAll(/[A-Za-z_]\w*/g)) words.add(match[0]);
      continued = /\\\s*$/.test(line);
    }
  }
  macroWords.set(lines, words);
  return words;
}

interface Candidate {
  name: string;
  declaration: CNode;
  initDeclarator: CNode;
  declarator: CNode;
  value: CNode;
}

function candidatesOf(fn: CNode): Candidate[] {
  const found: Candidate[] = [];
  const declared = new Map<string, number>();
  const assigned = new Set<string>();
  const used = new Map<string, number>();
  forEachCNode(fn, (node) => {
    if (node.type === 'identifier') used.set(node.text, (used.get(node.text) ?? 0) + 1);
    if (node.type === 'assignment_expression' && child(node, 'operator')?.text === '=') {
      const left = child(node, 'left');
      if (left && stripParens(left).type === 'identifier') assigned.add(stripParens(left).text);
    }
    if (node.type === 'declaration' || node.type === 'parameter_declaration') {
      for (const kid of namedKids(node)) {
        const declarator = kid.type === 'init_declarator' ? child(kid, 'declarator') : kid.field === 'declarator' ? kid : undefined;
        const name = declarator ? declaredIdentifier(declarator) : undefined;
        if (name) declared.set(name.text, (declared.get(name.text) ?? 0) + 1);
        if (node.type === 'declaration' && kid.type === 'init_declarator' && declarator && name) {
          const value = child(kid, 'value');
          if (value) found.push({ name: name.text, declaration: node, initDeclarator: kid, declarator, value });
        }
      }
    }
  });
  // Needs: one declaration of the name, a plain assignment somewhere and some other use (an unused variable is the
  // compiler's warning, not this rule's).
  return found.filter((candidate) => declared.get(candidate.name) === 1 && assigned.has(candidate.name)
    && (used.get(candidate.name) ?? 0) >= 3 && isPlainValue(candidate.value));
}

/** `const int n = 0` or `char *const p = NULL`: the object itself cannot be assigned (pointers to const can). */
function isConstObject(candidate: Candidate): boolean {
  if (candidate.declarator.type === 'pointer_declarator') {
    let current: CNode | undefined = candidate.declarator;
    let innermost = current;
    while (current?.type === 'pointer_declarator') {
      innermost = current;
      current = child(current, 'declarator');
    }
    return namedKids(innermost).some((kid) => kid.type === 'type_qualifier' && kid.kids[0]?.text === 'const');
  }
  return namedKids(candidate.declaration).some((kid) => kid.type === 'type_qualifier' && kid.kids[0]?.text === 'const');
}

function declarationText(node: CNode): string {
  const parts: string[] = [];
  forEachCNode(node, (current) => {
    if (current.kids.length === 0 && current.field !== 'value') parts.push(current.text);
  });
  return parts.join(' ');
}

function pos(point: { row: number; column: number }) {
  return { line: point.row, column: point.column };
}

function checkFunction(context: RuleContext, fn: CNode): void {
  const body = child(fn, 'body');
  if (!body) return;
  const labels = labelsOf(body);
  const macros = wordsInMacros(context.textLines);
  for (const candidate of candidatesOf(fn)) {
    if (macros.has(candidate.name) || isConstObject(candidate) || contractWords.test(declarationText(candidate.declaration))) continue;
    const verdict = initialValueVerdict(body, candidate.name, candidate.declaration, labels);
    if (verdict.kind !== 'never-read') continue;
    const equals = candidate.initDeclarator.kids.find((kid) => kid.type === '=');
    if (!equals) continue;
    const shown: UnitRange = { start: pos(equals.start), end: pos(candidate.value.end) };
    const removed: UnitRange = { start: pos(candidate.declarator.end), end: pos(candidate.value.end) };
    context.report({
      range: shown,
      message: `value stored to '${candidate.name}' during its initialization is never read: every path assigns it first`,
      tags: ['unnecessary'],
      related: verdict.firstAssignments.map((assignment) => ({ range: { start: pos(assignment.start), end: pos(assignment.end) }, message: `'${candidate.name}' is assigned here before any read` })),
      fixes: () => [{ title: `Remove the initializer of '${candidate.name}'`, kind: 'quickfix', isPreferred: true, unitEdits: [{ range: removed, newText: '' }] }],
    });
  }
}

export const unusedInitialValue: Rule = {
  id: 'unused-initial-value',
  defaultSeverity: 'warning',
  scope: 'declaration',
  // The file's own macros may read or return a variable without naming it in the call.
  unitFacts: ({ textLines }) => [...wordsInMacros(textLines)].sort().join(' '),
  title: 'Local variable initialised with a value no path reads',
  checkpatchTypes: [],
  rationale: [
    '`int ret = 0;` followed by `ret = foo();` on every path stores a value nobody reads. Reviewers ask for the initializer to',
    'go: it hides the point where the variable really gets its value, and it silences the compiler\'s "may be used',
    'uninitialized" warning for a later path that forgets the assignment. clang\'s static analyzer reports the same as',
    '**deadcode.DeadStores** ("Value stored to \'ret\' during its initialization is never read"); checkpatch.pl has no such check.',
    '',
    '- The check follows the function\'s control flow: `if`/`else`, `switch` (fallthrough, a missing `default`), loops whose body',
    '  may not run, `goto` and labels, early returns. `x += 1`, `x++`, `&x` and any use in a call count as reads; `sizeof(x)`',
    '  does not.',
    '- The initial value matters as soon as one path reads it, as `int result = 0;` in the example of',
    '  `Documentation/process/coding-style.rst` §7 (a path reaches `out_free_buffer:` without assigning): never reported.',
    '- It stays silent when it cannot see everything (coding-style.rst §12 warns of macros that affect control flow or use a',
    '  local variable with a magic name): a macro of the file that names the variable, a macro call taking a',
    '  label, an upper-case macro in a function with labels (it may hide a `goto`), statement expressions or `asm` that use',
    '  the variable, `__free()`/cleanup variables, `static`, `volatile` and `const` variables, initial values with side',
    '  effects, and functions tree-sitter cannot parse whole.',
    '- The quick fix removes the initializer (` = 0`).',
  ].join('\n'),
  check(context) {
    for (const node of nodesOfType(context.root, ['function_definition'])) {
      const body = node.childForFieldName('body');
      if (!body || !rangeHasAdded(context, node.startPosition.row, body.endPosition.row) || !wholeInDocument(context, node)) continue;
      // Copying a function is the expensive part: only functions where some local may be a candidate pay it.
      if (!mayHaveCandidate(node)) continue;
      const copied = copyTree(node);
      if (!copied.broken) checkFunction(context, copied.root);
    }
  },
};

const plainTypes = new Set(['number_literal', 'char_literal', 'string_literal', 'null', 'true', 'false', 'identifier', 'unary_expression',
  'parenthesized_expression', 'cast_expression', 'binary_expression', 'sizeof_expression', 'concatenated_string']);

/**
 * False only when no local of the function can be a candidate, judged without copying it: a candidate has a plain
 * initial value, an assignment `name = …` besides its initializer, and at least three mentions in the function's
 * text. Comments and strings only add matches, so no candidate is ever missed.
 * (Asking `node.parent` here instead cost a walk down from the root per initializer.)
 */
function mayHaveCandidate(fn: Node): boolean {
  let text: string | undefined;
  for (const node of nodesOfType(fn, ['init_declarator'])) {
    const value = node.childForFieldName('value');
    if (value === null || !plainTypes.has(value.type)) continue;
    const name = declaredName(node.childForFieldName('declarator'))?.text;
    if (name === undefined || name.includes('$')) return true;
    text ??= fn.text;
    // The initializer's own `=` counts once when it follows the name (not so after an attribute: `x __maybe_unused = 0`).
    const assigned = `\\b${name}(?:\\s|\\\\|\\)|/\\*[\\s\\S]*?\\*/)*=(?!=)`;
    const initializerMatches = new RegExp(assigned).test(node.text);
    if (count(text, new RegExp(assigned, 'g'), initializerMatches ? 2 : 1) && count(text, new RegExp(`\\b${name}\\b`, 'g'), 3)) return true;
  }
  return false;
}

/** True when `pattern` (global) matches `text` at least `wanted` times. */
function count(text: string, pattern: RegExp, wanted: number): boolean {
  let found = 0;
  while (pattern.exec(text) !== null) if (++found >= wanted) return true;
  return false;
}

/**
 * In a patch or a reply the function must stand whole in one hunk the document holds completely: lines between two
 * hunks, or cut by a replier, may hold the very read or goto the analysis needs.
 */
function wholeInDocument(context: RuleContext, fn: Node): boolean {
  const { unit, document } = context;
  if (unit.origin === 'whole-file') return true;
  const hunk = unit.lines[fn.startPosition.row]?.hunk;
  if (hunk === undefined || unit.patch === undefined || unit.file === undefined) return false;
  for (let row = fn.startPosition.row; row <= fn.endPosition.row; row++) if (unit.lines[row]?.hunk !== hunk) return false;
  return document.patches[unit.patch]?.files[unit.file]?.hunks[hunk]?.missingNewLines === 0;
}

function rangeHasAdded(context: RuleContext, from: number, to: number): boolean {
  for (let row = from; row <= to; row++) if (context.isAdded(row)) return true;
  return false;
}
