import type { Node } from 'web-tree-sitter';
import type { Rule } from '../rule';
import { declaredName, forEachNode, nodeRange, nodesOfType } from '../syntax';

/**
 * Bodies shorter than this many tokens (about ten lines) are too small to be worth a shared helper: RFC V3's
 * start_offloading()/stop_offloading() (7 statements, 62 tokens) were judged a matter of taste on real patches.
 */
const MIN_TOKENS = 80;
/** Bodies of 1-3 statements (a wrapper, a show/store pair) are idiomatic twins no reviewer asks to merge. */
const MIN_STATEMENTS = 4;

/** Atoms that differ between twins: names, members, literals (NULL included). */
const atoms = new Set([
  'identifier', 'field_identifier', 'type_identifier', 'number_literal', 'string_literal', 'concatenated_string',
  'char_literal', 'null', 'true', 'false', 'system_lib_string',
]);

/**
 * The body as tokens with every atom replaced by one placeholder and `->`/`.` made equal. The functions a body calls
 * stay as written: twins that call different functions (`lock_a(); work(); unlock_a();` beside the `_b` versions) would
 * need function pointers to share a helper, which no maintainer prefers to two clear functions.
 */
export function normalisedTokens(body: Node): string[] {
  const tokens: string[] = [];
  forEachNode(body, (node) => {
    if (node.type === 'comment') return false;
    if (node.type === 'identifier' && node.parent?.type === 'call_expression' && node.parent.childForFieldName('function')?.id === node.id) {
      tokens.push(`call:${node.text}`);
      return false;
    }
    if (atoms.has(node.type)) {
      tokens.push('$');
      return false;
    }
    if (node.childCount === 0) tokens.push(node.type === '->' ? '.' : node.type);
    return true;
  });
  return tokens;
}

/** Statements directly in the body, declarations included, comments not. */
function statementCount(body: Node): number {
  return body.namedChildren.filter((child) => child.type !== 'comment').length;
}

export const duplicateFunctionBody: Rule = {
  id: 'duplicate-function-body',
  defaultSeverity: 'info',
  title: 'Two functions with the same body up to names and literals',
  checkpatchTypes: [],
  rationale: [
    'Two functions that differ only in a few names and constants (the seed\'s `start_offloading()`/`stop_offloading()`) are',
    'one function written twice: a later fix to one is easily forgotten in the other. `Documentation/process/coding-style.rst`',
    '("Functions") asks for short functions that do one thing; a shared helper taking the differences as parameters keeps the',
    'two entry points as one-liners.',
    '',
    'Bodies are compared as token sequences after replacing every identifier, member name and literal (`NULL` too) by a',
    `placeholder and treating \`->\` like \`.\`; the functions called must be the same. Bodies under ${MIN_STATEMENTS} statements or`,
    `${MIN_TOKENS} tokens are ignored: short twins (wrappers, show/store pairs) are how kernel code is written. checkpatch.pl has no such rule.`,
  ].join('\n'),
  check(context) {
    const seen = new Map<string, Node>();
    for (const node of nodesOfType(context.tree, ['function_definition'])) {
      const body = node.childForFieldName('body');
      const name = declaredName(node.childForFieldName('declarator'));
      if (!body || !name || body.hasError) continue;
      if (statementCount(body) < MIN_STATEMENTS) continue;
      const tokens = normalisedTokens(body);
      if (tokens.length < MIN_TOKENS) continue;
      const key = tokens.join(' ');
      const twin = seen.get(key);
      const twinName = twin && declaredName(twin.childForFieldName('declarator'));
      if (twin && twinName) {
        context.report({
          range: nodeRange(name),
          message: `${name.text}() has the same body as ${twinName.text}() up to names and literals: consider one helper taking the differences as parameters`,
          related: [{ range: nodeRange(twinName), message: `${twinName.text}() is the twin` }],
        });
      } else {
        seen.set(key, node);
      }
    }
  },
};
